import { describe, expect, it } from "vitest";
import { ownershipFilters, retainedFilters, tagValue } from "./tags";

describe("filters", () => {
  it("match the retained resources of one stack and project", () => {
    expect(retainedFilters({ stack: "dev", project: "p" })).toEqual([
      { Name: "tag:agentcore-vpc-platform:retained-on-delete", Values: ["true"] },
      { Name: "tag:agentcore-vpc-platform:stack", Values: ["dev"] },
      { Name: "tag:agentcore-vpc-platform:project", Values: ["p"] },
    ]);
  });

  it("narrow to one component when given", () => {
    expect(ownershipFilters({ stack: "dev", project: "p", component: "deep-insight" }).at(-1)).toEqual({
      Name: "tag:agentcore-vpc-platform:component",
      Values: ["deep-insight"],
    });
  });

  it("read tag values", () => {
    expect(tagValue([{ Key: "Name", Value: "x" }], "Name")).toBe("x");
    expect(tagValue(undefined, "Name")).toBeUndefined();
  });
});
