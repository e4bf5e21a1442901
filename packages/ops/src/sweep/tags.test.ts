import * as component from "agentcore-vpc-platform";
import { OWNER_TAG_KEYS, RETAINED_TAG, SWEEP_AFTER_TAG } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { ownershipFilters, retainedFilters, tagValue } from "./tags";

describe("tag keys", () => {
  it("the component writes are the contract's, which the sweep reads", () => {
    expect(component.RETAINED_TAG).toBe(RETAINED_TAG);
    expect(component.PLATFORM_TAG_KEYS).toEqual(OWNER_TAG_KEYS);
    expect(component.SWEEP_AFTER_TAG).toBe(SWEEP_AFTER_TAG);
  });
});

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
