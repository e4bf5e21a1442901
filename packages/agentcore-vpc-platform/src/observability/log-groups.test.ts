import { describe, expect, it } from "vitest";
import {
  LOG_GROUP_NAME_PATTERN,
  LOG_RETENTION_DAYS,
  agentCoreRuntimeLogGroupName,
  logRetentionProblem,
} from "./log-groups";

describe("log group rules", () => {
  it("accepts exactly CloudWatch Logs' retention values", () => {
    expect(LOG_RETENTION_DAYS).toHaveLength(22);
    for (const days of LOG_RETENTION_DAYS) expect(logRetentionProblem(days)).toBeUndefined();
    for (const days of [0, 2, 10, 31, 366, 3654, 7.5])
      expect(logRetentionProblem(days), String(days)).toMatch(/got/);
  });

  it("names the runtime's group as AgentCore does, a valid log group name for any runtime id", () => {
    expect(agentCoreRuntimeLogGroupName("deep_insight_dev-a1B2c3D4e5")).toBe(
      "/aws/bedrock-agentcore/runtimes/deep_insight_dev-a1B2c3D4e5-DEFAULT",
    );
    // Runtime ids: a 48-character name, a hyphen and 10 characters.
    const longest = agentCoreRuntimeLogGroupName(`${"a".repeat(48)}-${"b".repeat(10)}`);
    expect(LOG_GROUP_NAME_PATTERN.test(longest)).toBe(true);
    expect(LOG_GROUP_NAME_PATTERN.test("/has space")).toBe(false);
    expect(LOG_GROUP_NAME_PATTERN.test("x".repeat(513))).toBe(false);
  });
});
