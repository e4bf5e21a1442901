import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AUTONAME_SUFFIX_LENGTH,
  ECR_REPOSITORY_NAME,
  IAM_ROLE_NAME,
  LOAD_BALANCER_NAME,
  LOG_GROUP_NAME,
  MAX_COMPONENT_NAME_LENGTH,
  S3_BUCKET_NAME,
  componentNameProblem,
  nameHash,
  platformNames,
  resourceName,
} from "./names";

// Each service's documented rule for the physical name (the logical name plus Pulumi's 8-character suffix).
const AWS_RULES = {
  // Elastic Load Balancing: 32 characters, alphanumerics and hyphens, no hyphen at either end, not "internal-".
  loadBalancer: (n: string) =>
    n.length <= 32 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(n) && !n.startsWith("internal-"),
  // ECR: the repository-name pattern of the API reference.
  ecr: (n: string) => n.length <= 256 && /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(n),
  // S3: 3-63 lowercase letters, digits, hyphens; starts and ends with a letter or digit.
  s3: (n: string) => n.length >= 3 && n.length <= 63 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(n),
  // IAM roles: 64 characters of [\w+=,.@-].
  iam: (n: string) => n.length <= 64 && /^[\w+=,.@-]+$/.test(n),
  // SNS CreateTopic: 1-256 ASCII letters, digits, underscores and hyphens.
  snsTopic: (n: string) => /^[A-Za-z0-9_-]{1,256}$/.test(n),
  // PutMetricAlarm AlarmName: 1-255 characters (printable ASCII here).
  alarm: (n: string) => /^[ -~]{1,255}$/.test(n),
  // PutDashboard DashboardName: 1-255 of A-Z, a-z, 0-9, "-" and "_".
  dashboard: (n: string) => /^[A-Za-z0-9_-]{1,255}$/.test(n),
  // PutMetricFilter filterName: 1-512 characters, pattern [^:*]*.
  metricFilter: (n: string) => n.length >= 1 && n.length <= 512 && /^[^:*]*$/.test(n),
  // Metric namespaces: 1-255 characters; PutMetricFilter's metricNamespace pattern [^:*$]*; never "AWS/".
  namespace: (n: string) =>
    n.length >= 1 &&
    n.length <= 255 &&
    /^[^:*$]*$/.test(n) &&
    /^[A-Za-z0-9._/# -]+$/.test(n) &&
    !/^AWS\//i.test(n),
};
const autonamed = (logical: string) => `${logical}-abcdef1`;

describe("resourceName", () => {
  it("keeps every name that already fits, so existing stacks keep their resources", () => {
    expect(platformNames("deep-insight", "dev")).toEqual({
      executor: "deep-insight-exec",
      agentRepository: "deep-insight-agent",
      executorRepository: "deep-insight-executor",
      dataBucket: "deep-insight-data",
      runtimeRole: "deep-insight-runtime",
      accessLogBucket: "deep-insight-logs",
      alarmTopic: "deep-insight-alarms",
      alarms: {
        "unhealthy-targets": "deep-insight-unhealthy-targets",
        "http-5xx-rate": "deep-insight-http-5xx-rate",
        "runtime-errors": "deep-insight-runtime-errors",
        "tasks-below-min": "deep-insight-tasks-below-min",
      },
      dashboard: "deep-insight-dev",
      metricFilters: {
        sessions: "deep-insight-executor-sessions",
        budgetKills: "deep-insight-executor-budget-kills",
      },
      metricNamespace: "AgentCoreVpcPlatform/deep-insight-dev",
    });
    // The longest name the component accepted before (19 characters) still maps to itself.
    expect(platformNames("a".repeat(19), "dev").executor).toBe(`${"a".repeat(19)}-exec`);
  });

  it("shortens a 63-character name deterministically and keeps the suffix that says what it is", () => {
    const name = `analytics-${"x".repeat(53)}`;
    const first = platformNames(name, "dev");
    expect(platformNames(name, "dev")).toEqual(first);
    expect(first.executor).toMatch(new RegExp(`^analytics-x+-${nameHash(name)}-exec$`));
    expect(first.executor.length).toBe(32 - AUTONAME_SUFFIX_LENGTH);
  });

  it("gives two long names that share a prefix different names", () => {
    const a = platformNames(`${"team-analytics-".repeat(3)}one`, "dev");
    const b = platformNames(`${"team-analytics-".repeat(3)}two`, "dev");
    expect(a.executor).not.toBe(b.executor);
    expect(a.dataBucket).not.toBe(b.dataBucket);
  });

  it("lowercases and replaces characters a service does not accept", () => {
    expect(resourceName("Team_Analytics.v2", "data", S3_BUCKET_NAME)).toBe(
      `team-analytics-v2-${nameHash("Team_Analytics.v2")}-data`,
    );
    expect(resourceName("Team_Analytics", "runtime", IAM_ROLE_NAME)).toBe("Team_Analytics-runtime");
    expect(resourceName("a..b", "agent", ECR_REPOSITORY_NAME)).toBe(`a-b-${nameHash("a..b")}-agent`);
  });

  it("never starts a load balancer name with internal-", () => {
    const name = resourceName("internal-tools", "exec", LOAD_BALANCER_NAME);
    expect(name.startsWith("internal-")).toBe(false);
    expect(AWS_RULES.loadBalancer(autonamed(name))).toBe(true);
  });

  it("puts the stack into the names that are explicit, so two stacks in one account never share them", () => {
    const dev = platformNames("deep-insight", "dev");
    const prod = platformNames("deep-insight", "prod");
    expect(dev.dashboard).not.toBe(prod.dashboard);
    expect(dev.metricNamespace).not.toBe(prod.metricNamespace);
    // Pulumi allows "." in stack names; dashboards do not.
    expect(platformNames("deep-insight", "team.prod").dashboard).toBe("deep-insight-team-prod");
    expect(AWS_RULES.dashboard(platformNames("a".repeat(63), "s".repeat(100)).dashboard)).toBe(true);
  });

  it("replaces a component name's colons in metric filter names, which may not contain them", () => {
    const names = platformNames("team:analytics", "dev");
    expect(names.metricFilters.sessions).toBe(
      `team-analytics-${nameHash("team:analytics")}-executor-sessions`,
    );
    expect(AWS_RULES.metricFilter(names.metricFilters.budgetKills)).toBe(true);
    expect(AWS_RULES.namespace(names.metricNamespace)).toBe(true);
  });

  it("leaves log group names unpadded: they are not autonamed", () => {
    expect(resourceName("x".repeat(60), "exec", LOG_GROUP_NAME)).toBe(`${"x".repeat(60)}-exec`);
  });

  it("produces names every service accepts for any valid component name", () => {
    const nameChars = fc.constantFrom(..."aZ09._:/=+@-".split(""), "x", "Q", "7");
    const componentName = fc
      .tuple(
        fc.constantFrom("a", "Z", "4"),
        fc.array(nameChars, { maxLength: MAX_COMPONENT_NAME_LENGTH - 1 }),
      )
      .map(([first, rest]) => first + rest.join(""));
    // Pulumi stack names: up to 100 letters, digits, "-", "_" and ".".
    const stackName = fc
      .array(fc.constantFrom(..."aZ09-_.".split("")), { minLength: 1, maxLength: 100 })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(componentName, stackName, (name, stack) => {
        expect(componentNameProblem(name)).toBeUndefined();
        const names = platformNames(name, stack);
        expect(AWS_RULES.loadBalancer(autonamed(names.executor))).toBe(true);
        expect(AWS_RULES.ecr(autonamed(names.agentRepository))).toBe(true);
        expect(AWS_RULES.ecr(autonamed(names.executorRepository))).toBe(true);
        expect(AWS_RULES.s3(autonamed(names.dataBucket))).toBe(true);
        expect(AWS_RULES.iam(autonamed(names.runtimeRole))).toBe(true);
        expect(AWS_RULES.iam(autonamed(`${names.executor}-execution`))).toBe(true);
        expect(AWS_RULES.s3(autonamed(names.accessLogBucket))).toBe(true);
        expect(AWS_RULES.snsTopic(autonamed(names.alarmTopic))).toBe(true);
        for (const alarm of Object.values(names.alarms)) expect(AWS_RULES.alarm(autonamed(alarm))).toBe(true);
        expect(AWS_RULES.dashboard(names.dashboard)).toBe(true);
        expect(AWS_RULES.metricFilter(names.metricFilters.sessions)).toBe(true);
        expect(AWS_RULES.metricFilter(names.metricFilters.budgetKills)).toBe(true);
        expect(AWS_RULES.namespace(names.metricNamespace)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("componentNameProblem", () => {
  it("accepts up to 63 characters of the tag alphabet", () => {
    expect(componentNameProblem("x".repeat(63))).toBeUndefined();
    expect(componentNameProblem("Team_Analytics.v2")).toBeUndefined();
  });

  it("names the limit or the alphabet", () => {
    expect(componentNameProblem("x".repeat(64))).toMatch(/64 characters long; at most 63/);
    expect(componentNameProblem("deep insight")).toMatch(/may use letters, digits/);
    expect(componentNameProblem("-lead")).toMatch(/starting with a letter or digit/);
    expect(componentNameProblem("")).toMatch(/is required/);
  });
});
