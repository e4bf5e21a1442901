import { PLATFORM_TAG_KEYS, RETAINED_TAG as COMPONENT_RETAINED_TAG } from "agentcore-vpc-platform";
import { describe, expect, it } from "vitest";
// The component package does not export its teardown module yet; read the constant from its source.
import { SWEEP_AFTER_TAG as MARKER_SWEEP_AFTER_TAG } from "../../packages/agentcore-vpc-platform/src/teardown/tags";
import {
  OWNER_TAG_KEYS,
  RETAINED_TAG,
  SWEEP_AFTER_TAG,
  ownershipFilters,
  retainedFilters,
  tagValue,
} from "./tags";

describe("tag keys", () => {
  it("are the ones the component writes", () => {
    expect(RETAINED_TAG).toBe(COMPONENT_RETAINED_TAG);
    expect(OWNER_TAG_KEYS).toEqual(PLATFORM_TAG_KEYS);
    expect(SWEEP_AFTER_TAG).toBe(MARKER_SWEEP_AFTER_TAG);
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
