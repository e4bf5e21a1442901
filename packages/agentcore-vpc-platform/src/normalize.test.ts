import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { PlatformArgumentError } from "./errors";
import { PLATFORM_DEFAULTS } from "./defaults";
import { normalizeArgs, runtimeNameProblem, SHIPPED_CONTEXTS } from "./normalize";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1";
const VALID: AgentCoreVpcPlatformArgs = {
  runtimeName: "deep_insight",
  agent: { image: IMAGE },
  executor: { image: IMAGE },
};

function problemsOf(args: Partial<AgentCoreVpcPlatformArgs> & Record<string, unknown>, cwd?: string) {
  try {
    normalizeArgs("p", { ...VALID, ...args } as AgentCoreVpcPlatformArgs, cwd);
  } catch (error) {
    if (error instanceof PlatformArgumentError)
      return error.errors.map((p) => `${p.propertyPath}: ${p.reason}`);
    throw error;
  }
  throw new Error("expected a PlatformArgumentError");
}

describe("runtimeNameProblem", () => {
  it.each(["a", "deep_insight", "A1_b2", "x".repeat(48)])("accepts %s", (name) => {
    expect(runtimeNameProblem(name)).toBeUndefined();
  });

  it("explains hyphens and suggests the underscore form", () => {
    expect(runtimeNameProblem("deep-insight")).toBe(
      '"deep-insight" contains hyphens, which AgentCore does not allow in runtime names ' +
        "(rule: [a-zA-Z][a-zA-Z0-9_]{0,47}, a letter then letters, digits or underscores, 48 at most). " +
        'Use "deep_insight".',
    );
  });

  it.each([
    ["", /is empty/],
    ["1agent", /not a valid AgentCore runtime name/],
    ["_agent", /not a valid/],
    ["agent.v2", /not a valid/],
    ["x".repeat(49), /is 49 characters long/],
    ["-leading", /contains hyphens.*Use "r__leading"/],
  ])("rejects %j", (name, message) => {
    expect(runtimeNameProblem(name)).toMatch(message);
  });
});

describe("the component name", () => {
  it("is checked with the other arguments", () => {
    expect(() => normalizeArgs("deep insight", VALID)).toThrow(
      /- name: "deep insight" may use letters, digits/,
    );
  });

  it("accepts up to 63 characters and derives names every AWS service accepts", () => {
    const name = `Team_Analytics.${"x".repeat(48)}`;
    const normalized = normalizeArgs(name, VALID);
    expect(normalized.names.executor.length).toBeLessThanOrEqual(24);
    expect(normalized.names.dataBucket).toMatch(/^[a-z0-9-]+$/);
  });
});

describe("normalizeArgs", () => {
  it("applies the documented defaults", () => {
    const normalized = normalizeArgs("p", VALID);
    expect(normalized.network).toEqual({
      cidrBlock: PLATFORM_DEFAULTS.cidrBlock,
      availabilityZoneIds: undefined,
      availabilityZoneCount: 2,
      natGateways: "single",
      supportedAvailabilityZoneIds: undefined,
      retainOnDelete: true,
    });
    expect(normalized.executor).toMatchObject({ cpu: 2048, memory: 4096, minTasks: 1, maxTasks: 4 });
    expect(normalized.agent.source).toEqual({ kind: "existing", image: IMAGE });
  });

  it("builds the shipped reference apps when neither context nor image is given", () => {
    const normalized = normalizeArgs("p", { runtimeName: "p_rt" });
    expect(normalized.agent.source).toEqual({ kind: "build", context: SHIPPED_CONTEXTS.agent });
    expect(normalized.executor.source).toEqual({ kind: "build", context: SHIPPED_CONTEXTS.executor });
  });

  it("takes the AZ count from the given IDs", () => {
    const normalized = normalizeArgs("p", {
      ...VALID,
      network: { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] },
    });
    expect(normalized.network.availabilityZoneCount).toBe(3);
  });

  it("resolves a build context against the working directory and checks it exists", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "platform-context-"));
    fs.mkdirSync(path.join(cwd, "agent"));
    fs.mkdirSync(path.join(cwd, "empty"));
    fs.writeFileSync(path.join(cwd, "agent", "Dockerfile"), "FROM scratch\n");
    const normalized = normalizeArgs("p", { ...VALID, agent: { context: "./agent" } }, cwd);
    expect(normalized.agent.source).toEqual({ kind: "build", context: path.join(cwd, "agent") });
    expect(problemsOf({ agent: { context: "empty" } }, cwd)).toEqual([
      `agent.context: folder ${path.join(cwd, "empty")} has no Dockerfile to build.`,
    ]);
    expect(problemsOf({ agent: { context: "./no-such-folder" } }, os.tmpdir())).toEqual([
      `agent.context: folder ${path.join(os.tmpdir(), "no-such-folder")} does not exist.`,
    ]);
  });

  it("reports every problem at once, each under its argument path", () => {
    const problems = problemsOf({
      runtimeName: "deep-insight",
      network: { cidrBlock: "10.0.0.0/8", natGateways: "two" as never, availabilityZoneCount: 1 },
      executor: { image: IMAGE, minTasks: 3, maxTasks: 2 },
    });
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "runtimeName",
      "network.cidrBlock",
      "network.availabilityZoneCount",
      "network.natGateways",
      "executor.maxTasks",
    ]);
  });

  it.each<[string, Partial<AgentCoreVpcPlatformArgs>, RegExp]>([
    [
      "an AZ name instead of an ID",
      { network: { availabilityZoneIds: ["us-east-1a", "use1-az1"] } },
      /network\.availabilityZoneIds: "us-east-1a" is an AZ name; give AZ IDs/,
    ],
    ["a malformed AZ ID", { network: { availabilityZoneIds: ["az1", "use1-az1"] } }, /"az1" is not an AZ ID/],
    [
      "more than four AZ IDs",
      { network: { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5"] } },
      /5 given; at most 4/,
    ],
    [
      "conflicting AZ IDs and count",
      { network: { availabilityZoneIds: ["use1-az1", "use1-az2"], availabilityZoneCount: 3 } },
      /availabilityZoneCount: is 3 but 2 availabilityZoneIds are given/,
    ],
    ["a fractional AZ count", { network: { availabilityZoneCount: 2.5 } }, /whole number from 2/],
    [
      "a CIDR too small for the subnets",
      { network: { cidrBlock: "10.0.0.0/26" } },
      /network\.cidrBlock: "10\.0\.0\.0\/26" is too small/,
    ],
    [
      "a CIDR with host bits",
      { network: { cidrBlock: "10.1.2.0/16" } },
      /host bits set; the block starts at 10\.1\.0\.0\/16/,
    ],
    [
      "a bad supported-ID override",
      { network: { supportedAvailabilityZoneIds: ["sa-east-1a"] } },
      /supportedAvailabilityZoneIds: "sa-east-1a" is not an AZ ID/,
    ],
    [
      "both context and image",
      { agent: { context: ".", image: IMAGE } },
      /agent: give either `context` \(build\) or `image` \(existing\), not both/,
    ],
    [
      "an empty context",
      { executor: { context: " " } },
      /executor\.context: give a folder with a Dockerfile/,
    ],
    [
      "a platform variable in the agent's environment",
      { agent: { image: IMAGE, environment: { DEFAULT_MODEL_ID: "x" } } },
      /agent\.environment\.DEFAULT_MODEL_ID: is set by the platform/,
    ],
    [
      "ephemeral storage beyond Fargate's range",
      { executor: { image: IMAGE, ephemeralStorageGiB: 500 } },
      /executor\.ephemeralStorageGiB: must be a whole number of GiB from 21 to 200/,
    ],
    ["a model id with a wildcard", { models: { coder: "anthropic.*" } }, /models\.coder: "anthropic\.\*"/],
    ["a planner model id with a wildcard", { models: { planner: "us.*" } }, /models\.planner: "us\.\*"/],
    [
      "a thinking budget below 1024",
      { models: { thinkingBudgetTokens: { coder: 1000 } } },
      /models\.thinkingBudgetTokens\.coder: must be 0 \(thinking off\) or at least 1024, got 1000/,
    ],
    [
      "a thinking budget not below the agent's output limit",
      { models: { maxTokens: { reporter: 4096 }, thinkingBudgetTokens: { default: 4096 } } },
      /models\.thinkingBudgetTokens\.default: must be below maxTokens \(4096\).*\(for reporter\)/,
    ],
    [
      "zero output tokens",
      { models: { maxTokens: { planner: 0 } } },
      /models\.maxTokens\.planner: must be a whole number/,
    ],
    [
      "a retention CloudWatch refuses",
      { logRetentionDays: 10 },
      /logRetentionDays: must be one of 1, 3, 5, 7, 14, 30/,
    ],
    [
      "a malformed alarm email",
      { observability: { alarmEmails: ["oncall@example.com", "not-an-address"] } },
      /observability\.alarmEmails\[1\]: "not-an-address" is not an email address/,
    ],
    [
      "the same alarm email twice, in any case",
      { observability: { alarmEmails: ["oncall@example.com", "OnCall@example.com"] } },
      /observability\.alarmEmails\[1\]: "OnCall@example.com" is listed twice/,
    ],
    [
      "access logs kept for 0 days",
      { audit: { logExpirationDays: 0 } },
      /audit\.logExpirationDays: must be a whole number/,
    ],
    [
      "a platform trace variable in the agent's environment",
      { agent: { image: IMAGE, environment: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://x" } } },
      /agent\.environment\.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: is set by the platform/,
    ],
    [
      "invalid Fargate CPU",
      { executor: { image: IMAGE, cpu: 0 } },
      /executor\.cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 \(Fargate CPU units\), got 0/,
    ],
    [
      "negative warm tasks",
      { executor: { image: IMAGE, minTasks: -1 } },
      /executor\.minTasks: must be a whole number of 0 or more/,
    ],
    [
      "zero max tasks",
      { executor: { image: IMAGE, minTasks: 0, maxTasks: 0 } },
      /executor\.maxTasks: must be a whole number of at least 1/,
    ],
    ["an aws: tag", { tags: { "aws:owner": "me" } }, /tags\["aws:owner"\]: keys may not start with "aws:"/],
    ["a tag value that is too long", { tags: { team: "x".repeat(257) } }, /at most 256 characters/],
    ["a tag with a forbidden character", { tags: { "team#1": "a" } }, /only ASCII letters, digits, spaces/],
    ["a non-ASCII tag value (AgentCore rejects it)", { tags: { team: "데이터" } }, /AgentCore's tag rule/],
  ])("rejects %s", (_label, args, message) => {
    expect(problemsOf(args).join("\n")).toMatch(message);
  });

  it("turns traces on, the audit trails off and keeps 7 days of logs by default", () => {
    const normalized = normalizeArgs("p", VALID);
    expect(normalized.observability).toEqual({ traces: true, alarmEmails: [] });
    expect(normalized.audit).toEqual({
      albAccessLogs: false,
      albDeletionProtection: false,
      dataBucketAccessLogs: false,
      logExpirationDays: 365,
    });
    expect(normalized.logRetentionDays).toBe(7);
    expect(normalized.executor.logRetentionDays).toBe(7);
    expect(normalized.inference.planner).toEqual({ maxTokens: 8192, thinkingBudgetTokens: 0 });
    expect(normalized.models.planner).toBe(PLATFORM_DEFAULTS.model);
  });

  it("gives the platform's retention to the executor's log group", () => {
    expect(normalizeArgs("p", { ...VALID, logRetentionDays: 30 }).executor.logRetentionDays).toBe(30);
  });

  it("leaves the agent as many variables as AgentCore's 50 allow beside the platform's", () => {
    const variables = (n: number) => Object.fromEntries([...Array(n).keys()].map((i) => [`EXTRA_${i}`, "v"]));
    // Traces on: 3 surroundings, the fallback model, 12 per-agent settings and 4 trace variables.
    const platform = 3 + 1 + 12 + 4;
    expect(() =>
      normalizeArgs("p", { ...VALID, agent: { image: IMAGE, environment: variables(50 - platform) } }),
    ).not.toThrow();
    expect(problemsOf({ agent: { image: IMAGE, environment: variables(51 - platform) } })).toEqual([
      `agent.environment: ${51 - platform} variables plus the platform's ${platform} make 51; AgentCore allows 50 in all, so at most ${50 - platform} may be given.`,
    ]);
  });

  it("rejects more than 40 user tags", () => {
    const tags = Object.fromEntries([...Array(41).keys()].map((i) => [`k${i}`, "v"]));
    expect(problemsOf({ tags })).toEqual(["tags: 41 tags given; at most 40."]);
  });

  it("formats the error for the terminal: one line per problem", () => {
    expect(() =>
      normalizeArgs("deep-insight", { ...VALID, runtimeName: "a-b", network: { cidrBlock: "nope" } }),
    ).toThrow(
      'Invalid arguments for AgentCoreVpcPlatform "deep-insight":\n' +
        '  - runtimeName: "a-b" contains hyphens, which AgentCore does not allow in runtime names ' +
        '(rule: [a-zA-Z][a-zA-Z0-9_]{0,47}, a letter then letters, digits or underscores, 48 at most). Use "a_b".\n' +
        '  - network.cidrBlock: "nope" is not an IPv4 CIDR block such as 10.0.0.0/16.',
    );
  });
});
