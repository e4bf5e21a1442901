import { describe, expect, it } from "vitest";
import { sampleInputs } from "../testing/provider-harness";
import { UNKNOWN } from "./types";
import { suggestRuntimeName, validateRuntimeInputs } from "./validation";

const check = (overrides: Record<string, unknown>) =>
  validateRuntimeInputs({ ...sampleInputs(), ...overrides } as Record<string, unknown>);
const reasons = (overrides: Record<string, unknown>) =>
  check(overrides).map((f) => `${f.property}: ${f.reason}`);

describe("validateRuntimeInputs", () => {
  it("accepts valid inputs, with a tag or a digest", () => {
    expect(check({})).toEqual([]);
    expect(check({ containerUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/agent:2024.1" })).toEqual(
      [],
    );
  });

  it("explains the name rule and suggests the underscore version of a hyphenated name", () => {
    expect(reasons({ agentRuntimeName: "deep-insight" })).toEqual([
      'agentRuntimeName: agentRuntimeName "deep-insight" is invalid: it must match [a-zA-Z][a-zA-Z0-9_]{0,47} ' +
        '(start with a letter; letters, digits and underscores only; 1-48 characters). Hyphens are not allowed; use "deep_insight"',
    ]);
    expect(reasons({ agentRuntimeName: "a".repeat(49) })[0]).toContain("1-48 characters");
    expect(reasons({ agentRuntimeName: "1agent" })[0]).toContain('use "r_1agent"');
  });

  it("requires an ECR URI with a tag or a well-formed digest", () => {
    expect(reasons({ containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent" })[0]).toMatch(
      /^containerUri: .*must be an ECR image URI ending in a tag or digest/,
    );
    expect(reasons({ containerUri: "docker.io/library/agent:v1" })).toHaveLength(1);
    expect(
      reasons({ containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent@sha256:abc" })[0],
    ).toContain("malformed digest");
  });

  it("checks subnet and security group counts, patterns and duplicates", () => {
    expect(reasons({ subnetIds: [] })).toEqual(["subnetIds: subnetIds must contain 1-16 IDs (got 0)"]);
    const seventeen = Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(17, "0")}`);
    expect(reasons({ subnetIds: seventeen })).toEqual([
      "subnetIds: subnetIds must contain 1-16 IDs (got 17)",
    ]);
    expect(reasons({ securityGroupIds: ["sg-123"] })[0]).toContain(
      'securityGroupIds has invalid IDs ["sg-123"]',
    );
    expect(reasons({ subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa1"] })).toEqual([
      "subnetIds: subnetIds must not contain duplicates",
    ]);
    expect(reasons({ securityGroupIds: undefined })[0]).toContain("securityGroupIds is required");
  });

  it("applies the stricter environment variable limits", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`V${i}`, "x"]));
    expect(reasons({ environmentVariables: many })[0]).toContain("51 entries; at most 50");
    expect(reasons({ environmentVariables: { "BAD-NAME": "x" } })[0]).toContain(
      "must match ^[a-zA-Z_][a-zA-Z0-9_]*$",
    );
    expect(reasons({ environmentVariables: { K: "x".repeat(2049) } })[0]).toContain("at most 2048");
    expect(check({ environmentVariables: { K: "x".repeat(2048) } })).toEqual([]);
  });

  it("checks lifecycle ranges and idle <= maxLifetime", () => {
    expect(reasons({ maxLifetime: 59 })[0]).toContain(
      "maxLifetime must be a whole number of seconds between 60 and 28800",
    );
    expect(reasons({ idleRuntimeSessionTimeout: 28801 })).toHaveLength(1);
    expect(reasons({ idleRuntimeSessionTimeout: 1000, maxLifetime: 600 })).toEqual([
      "idleRuntimeSessionTimeout: idleRuntimeSessionTimeout (1000) must not exceed maxLifetime (600)",
    ]);
    // A defaulted idle timeout is clamped to a short maxLifetime, so this is fine.
    expect(check({ maxLifetime: 600 })).toEqual([]);
  });

  it("checks description, protocol, roleArn, region and tags", () => {
    expect(reasons({ description: "" })[0]).toContain("description must be 1-1200 characters");
    expect(reasons({ description: "d".repeat(1201) })).toHaveLength(1);
    expect(reasons({ protocol: "GRPC" })).toEqual([
      'protocol: protocol "GRPC" must be one of HTTP, MCP, A2A',
    ]);
    expect(reasons({ roleArn: "arn:aws:iam::123456789012:user/bob" })[0]).toContain(
      "must be an IAM role ARN",
    );
    expect(reasons({ region: "useast1" })[0]).toContain("not an AWS region code");
    expect(reasons({ tags: { "aws:owner": "x" } })[0]).toContain('reserved "aws:" prefix');
    expect(reasons({ tags: { k: "v".repeat(257) } })[0]).toContain("at most 256 characters");
    expect(reasons({ tags: { "bad#key": "v" } })).toHaveLength(1);
  });

  it("reports every missing required input", () => {
    const failures = validateRuntimeInputs({});
    expect(failures.map((f) => f.property)).toEqual([
      "region",
      "agentRuntimeName",
      "containerUri",
      "roleArn",
      "subnetIds",
      "securityGroupIds",
    ]);
  });

  it("skips values that are unknown during preview", () => {
    expect(
      check({
        containerUri: UNKNOWN,
        subnetIds: UNKNOWN,
        environmentVariables: { A: UNKNOWN },
        maxLifetime: UNKNOWN,
      }),
    ).toEqual([]);
  });
});

describe("suggestRuntimeName", () => {
  it("turns separators into underscores and returns undefined when nothing needs fixing", () => {
    expect(suggestRuntimeName("my.agent name")).toBe("my_agent_name");
    expect(suggestRuntimeName("ok_name")).toBeUndefined();
  });
});
