import { describe, expect, it } from "vitest";
import type { StepRecord } from "./goal";
import { changedUrns, countSteps, isDefaultProvider } from "./run-result";

const step = (op: StepRecord["op"], urn: string, type = "aws:s3/bucket:Bucket"): StepRecord => ({
  op,
  urn,
  type,
  providerCalled: op !== "same",
  retained: false,
  replaces: [],
});

describe("step counts", () => {
  const steps = [
    step("create", "urn:pulumi:s::p::pulumi:providers:aws::default_7_48_0", "pulumi:providers:aws"),
    step("create", "urn:pulumi:s::p::pulumi:providers:aws::mine", "pulumi:providers:aws"),
    step("create", "urn:pulumi:s::p::aws:s3/bucket:Bucket::a"),
    step("update", "urn:pulumi:s::p::aws:s3/bucket:Bucket::b"),
    step("refresh", "urn:pulumi:s::p::aws:s3/bucket:Bucket::c"),
    step("replace", "urn:pulumi:s::p::aws:s3/bucket:Bucket::d"),
    step("delete", "urn:pulumi:s::p::aws:s3/bucket:Bucket::e"),
    step("same", "urn:pulumi:s::p::aws:s3/bucket:Bucket::f"),
  ];

  it("leave default providers out, as the CLI's summary does", () => {
    expect(isDefaultProvider(steps[0]!.urn, steps[0]!.type)).toBe(true);
    expect(isDefaultProvider(steps[1]!.urn, steps[1]!.type)).toBe(false);
    expect(countSteps(steps)).toEqual({ created: 2, updated: 2, replaced: 1, deleted: 1, same: 1 });
  });

  it("list every counted URN that changed", () => {
    expect(changedUrns(steps)).toHaveLength(6);
    expect(changedUrns(steps)).not.toContain(steps[0]!.urn);
    expect(changedUrns(steps)).not.toContain(steps[7]!.urn);
  });
});
