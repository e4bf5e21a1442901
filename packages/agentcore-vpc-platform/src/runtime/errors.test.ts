import { describe, expect, it } from "vitest";
import { formatDuration, readSettings } from "./config";
import { errorName, failureMessage, hintForFailure } from "./errors";

describe("hintForFailure", () => {
  it("points unsupported AZs at the component's AZ-ID check", () => {
    const reason =
      "The following subnets are in unsupported availability zones in region us-east-1: subnet-0abc in us-east-1d " +
      "(ID: use1-az6). Supported availability zones are: use1-az4, use1-az1, use1-az2";
    expect(hintForFailure(reason)).toContain("network.availabilityZoneIds");
  });

  it("points role and ECR failures at IAM propagation and the execution role's permissions", () => {
    expect(hintForFailure("Role validation failed for role arn:aws:iam::1:role/r")).toContain("propagate");
    expect(hintForFailure("Access denied while validating ECR URI 'u'")).toContain(
      "ecr:GetDownloadUrlForLayer",
    );
  });

  it("stays quiet about reasons it does not know", () => {
    expect(hintForFailure("Something else happened")).toBeUndefined();
  });
});

describe("failureMessage", () => {
  it("names the runtime, id, region, status and reason, and says when AWS gave none", () => {
    const message = failureMessage({
      operation: "update",
      name: "deep_insight",
      id: "deep_insight-abcdefghij",
      region: "us-east-1",
      status: "UPDATE_FAILED",
      failureReason: undefined,
      aftermath: "Next: retry.",
    });
    expect(message).toBe(
      "AgentCore runtime deep_insight (id deep_insight-abcdefghij, us-east-1) failed to update: status UPDATE_FAILED: " +
        "(AWS gave no failureReason)\nNext: retry.",
    );
  });
});

describe("errorName", () => {
  it("prefers the service error name, else the Node error code", () => {
    expect(errorName(Object.assign(new Error("x"), { name: "ThrottlingException" }))).toBe(
      "ThrottlingException",
    );
    expect(errorName(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe("ECONNRESET");
    expect(errorName("plain string")).toBe("Error");
  });
});

describe("readSettings", () => {
  it("defaults to 30-minute waits and 2 s polls", () => {
    expect(readSettings({})).toEqual({
      pollIntervalMs: 2000,
      maxPollIntervalMs: 15_000,
      createTimeoutMs: 1_800_000,
      updateTimeoutMs: 1_800_000,
      deleteTimeoutMs: 1_800_000,
      retryBaseMs: 1000,
      retryMaxDelayMs: 20_000,
      maxAttempts: 10,
    });
  });

  it("lets a per-operation timeout override the shared one, and rejects nonsense", () => {
    const s = readSettings({
      AGENTCORE_TIMEOUT_MINUTES: "10",
      AGENTCORE_DELETE_TIMEOUT_MINUTES: "60",
      AGENTCORE_POLL_INTERVAL_MS: "5",
    });
    expect([s.createTimeoutMs, s.updateTimeoutMs, s.deleteTimeoutMs]).toEqual([600_000, 600_000, 3_600_000]);
    expect([s.pollIntervalMs, s.maxPollIntervalMs]).toEqual([5, 40]);
    expect(() => readSettings({ AGENTCORE_TIMEOUT_MINUTES: "soon" })).toThrow(
      'AGENTCORE_TIMEOUT_MINUTES="soon" must be a positive number',
    );
  });

  it("formats durations for messages", () => {
    expect([formatDuration(1_800_000), formatDuration(45_000), formatDuration(30)]).toEqual([
      "30 min",
      "45 s",
      "30 ms",
    ]);
  });
});
