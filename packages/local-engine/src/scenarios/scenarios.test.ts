import { describe, expect, it } from "vitest";
import { failureLine, summaryLine } from "./scenarios";
import type { ScenarioOutcome } from "./scenarios";
import { scenariosUpTo } from "./scenario-set";

const step = (op: string, name: string) => ({
  op,
  urn: `urn:pulumi:s::p::aws:s3/bucket:Bucket::${name}`,
  type: "aws:s3/bucket:Bucket",
});

describe("summary lines", () => {
  it("read `<stack> <scenario>: ok (<n> resources, <c> created, <u> updated, <d> deleted)`", () => {
    const outcome = {
      name: "agent-change",
      resources: 78,
      result: { steps: [step("update", "a"), step("update", "b"), step("same", "c")] },
    } as unknown as ScenarioOutcome;
    expect(summaryLine("dev", outcome)).toBe(
      "dev agent-change: ok (78 resources, 0 created, 2 updated, 0 deleted)",
    );
  });

  it("say replacements when there were any, and the failure otherwise", () => {
    const outcome = {
      name: "up",
      resources: 3,
      result: { steps: [step("replace", "a")] },
    } as unknown as ScenarioOutcome;
    expect(summaryLine("prod", outcome)).toBe(
      "prod up: ok (3 resources, 0 created, 0 updated, 0 deleted, 1 replaced)",
    );
    expect(failureLine("prod", "destroy", new Error("2 resources left"))).toBe(
      "prod destroy: FAILED: 2 resources left",
    );
  });
});

describe("scenariosUpTo", () => {
  it("runs a scenario after those it builds on", () => {
    expect(scenariosUpTo("agent-change")).toEqual(["up", "unchanged", "agent-change"]);
    expect(scenariosUpTo(undefined)).toHaveLength(5);
  });
});
