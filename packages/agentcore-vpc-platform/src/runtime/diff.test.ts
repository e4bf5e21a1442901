import { describe, expect, it } from "vitest";
import { changedProperties, diffRuntime } from "./diff";
import { normalizeInputs } from "./request";
import { sampleInputs } from "../testing/provider-harness";
import { UNKNOWN } from "./types";

// Recorded state looks like this: normalized inputs plus the computed outputs.
const state = {
  ...normalizeInputs(sampleInputs()),
  agentRuntimeId: "deep_insight-abcdefghij",
  agentRuntimeArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/deep_insight-abcdefghij",
  agentRuntimeVersion: "1",
  status: "READY",
  __provider: "serialized",
} as Record<string, unknown>;
const news = (overrides: Record<string, unknown> = {}) =>
  ({ ...sampleInputs(), __provider: "serialized", ...overrides }) as Record<string, unknown>;

describe("diffRuntime", () => {
  it("reports no changes for the same inputs (defaults and subnet order included)", () => {
    const same = news({
      subnetIds: ["subnet-0bbbbbbbbbbbbbbb2", "subnet-0aaaaaaaaaaaaaaa1"],
      protocol: undefined,
    });
    expect(diffRuntime(state, same)).toMatchObject({
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
  });

  it("updates in place for everything but name and region, naming the changed keys", () => {
    const changed = news({
      containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v2",
      maxLifetime: 600,
    });
    expect(changedProperties(state, changed)).toEqual([
      "containerUri",
      "idleRuntimeSessionTimeout",
      "maxLifetime",
    ]);
    expect(diffRuntime(state, changed)).toMatchObject({ changes: true, replaces: [] });
  });

  it("treats a removed optional input as a change back to its default", () => {
    expect(changedProperties(state, news({ description: undefined, tags: undefined }))).toEqual([
      "description",
      "tags",
    ]);
  });

  it("replaces, deleting first, on a name or region change", () => {
    expect(diffRuntime(state, news({ agentRuntimeName: "deep_insight_v2" }))).toMatchObject({
      changes: true,
      replaces: ["agentRuntimeName"],
      deleteBeforeReplace: true,
    });
    expect(diffRuntime(state, news({ region: "us-west-2" })).replaces).toEqual(["region"]);
  });

  it("counts values unknown at preview as changes", () => {
    expect(diffRuntime(state, news({ containerUri: UNKNOWN }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(diffRuntime(state, news({ agentRuntimeName: UNKNOWN })).replaces).toEqual(["agentRuntimeName"]);
    expect(changedProperties(state, news({ subnetIds: [UNKNOWN] }))).toEqual(["subnetIds"]);
  });

  it("replaces a runtime recorded before it ever became READY", () => {
    expect(diffRuntime({ ...state, status: "CREATE_FAILED" }, news())).toMatchObject({
      changes: true,
      replaces: ["status"],
    });
    expect(diffRuntime({ ...state, status: "UPDATE_FAILED" }, news()).replaces).toEqual([]);
  });
});
