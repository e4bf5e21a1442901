/**
 * The operations side of the whole platform on the dev and prod graphs, in update and preview mode: traces,
 * per-agent model settings, the runtime's log group, dashboard and alarms, access logs and deletion protection.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MODEL_ID } from "agentcore-vpc-platform-contract";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { type PolicyDocument, asList, leastPrivilegeProblems } from "./iam/policy";
import { type AlarmSpec, type MetricQuery, alarmSpecProblems } from "./observability/alarm-rules";
import { type DashboardBody, dashboardProblems } from "./observability/dashboard";
import { LOG_RETENTION_DAYS } from "./observability/log-groups";
import { AgentCoreVpcPlatform } from "./platform";
import { mockAccount } from "./testing/accounts";
import { placeholderContexts } from "./testing/contexts";
import { outputOf, type RecordedResource, type ResourceRecorder } from "./testing/mocks";

const T = {
  runtime: "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime",
  adopted: "pulumi-nodejs:dynamic/agentcore:AdoptedLogGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  topic: "aws:sns/topic:Topic",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  logging: "aws:s3/bucketLogging:BucketLogging",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

const contexts = placeholderContexts("platform-ops-");
afterAll(() => contexts.remove());

const PLANNER = "us.anthropic.claude-opus-4-1-20250805-v1:0";
const STACKS: Record<"dev" | "prod", AgentCoreVpcPlatformArgs> = {
  dev: {
    runtimeName: "deep_insight_dev",
    agent: { context: contexts.agent },
    executor: { context: contexts.executor, minTasks: 1, maxTasks: 4 },
    logRetentionDays: 7,
  },
  prod: {
    runtimeName: "deep_insight_prod",
    network: { natGateways: "perAz", availabilityZoneCount: 3, cidrBlock: "10.1.0.0/16" },
    agent: { context: contexts.agent },
    executor: { context: contexts.executor, minTasks: 2, maxTasks: 8 },
    models: { planner: PLANNER, maxTokens: { reporter: 16000 }, thinkingBudgetTokens: { coder: 4096 } },
    logRetentionDays: 30,
    retainDataOnDelete: true,
    dataBucket: { versioning: true },
    observability: { alarmEmails: ["oncall@example.com"] },
    audit: { albAccessLogs: true, albDeletionProtection: true, dataBucketAccessLogs: true },
  },
};

async function deploy(stack: "dev" | "prod", preview = false, args: Partial<AgentCoreVpcPlatformArgs> = {}) {
  const rec = await mockAccount({ preview, stack, project: "agentcore-vpc-platform" });
  const platform = new AgentCoreVpcPlatform("deep-insight", { ...STACKS[stack], ...args });
  await rec.settle();
  return { rec, platform };
}

function only(rec: ResourceRecorder, type: string): RecordedResource {
  const found = rec.byType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as RecordedResource;
}

function runtimePolicy(rec: ResourceRecorder): PolicyDocument {
  return JSON.parse(
    String(rec.one(T.rolePolicy, "deep-insight-runtime-policy").inputs["policy"]),
  ) as PolicyDocument;
}

describe.each(["dev", "prod"] as const)("%s: traces and models", (stack) => {
  it("turns traces on, with X-Ray's endpoint in the runtime's environment and exactly the grants they need", async () => {
    const { rec } = await deploy(stack);
    const env = only(rec, T.runtime).inputs["environmentVariables"] as Record<string, string>;
    expect(env).toMatchObject({
      AGENT_OBSERVABILITY_ENABLED: "true",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://xray.us-east-1.amazonaws.com/v1/traces",
    });
    expect(env["DISABLE_ADOT_OBSERVABILITY"]).toBeUndefined();
    const policy = runtimePolicy(rec);
    const xray = policy.Statement.find((s) => s.Sid === "XRay");
    expect([...asList(xray?.Action)].sort()).toEqual([
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    const metrics = policy.Statement.find((s) => asList(s.Action).includes("cloudwatch:PutMetricData"));
    expect(metrics?.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" } });
    expect(leastPrivilegeProblems(policy)).toEqual([]);
  });

  it("sets every agent's model, output limit and thinking budget, and lets the role invoke exactly those models", async () => {
    const { rec } = await deploy(stack);
    const env = only(rec, T.runtime).inputs["environmentVariables"] as Record<string, string>;
    const planner = stack === "prod" ? PLANNER : DEFAULT_MODEL_ID;
    expect(env).toMatchObject({
      PLANNER_MODEL_ID: planner,
      PLANNER_MAX_TOKENS: "8192",
      REPORTER_MAX_TOKENS: stack === "prod" ? "16000" : "8192",
      CODER_THINKING_BUDGET_TOKENS: stack === "prod" ? "4096" : "0",
    });
    const invoke = runtimePolicy(rec).Statement.find((s) => s.Sid === "InvokeModels");
    const profile = (id: string) => `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${id}`;
    const model = (id: string) => `arn:aws:bedrock:*::foundation-model/${id.replace(/^(us|global)\./, "")}`;
    const used = stack === "prod" ? [DEFAULT_MODEL_ID, PLANNER] : [DEFAULT_MODEL_ID];
    expect(asList(invoke?.Resource)).toEqual(used.flatMap((id) => [profile(id), model(id)]).sort());
  });
});

describe("traces off", () => {
  it("drops the trace variables and the X-Ray and metrics grants, and keeps the logs", async () => {
    const { rec } = await deploy("dev", false, { observability: { traces: false } });
    const env = only(rec, T.runtime).inputs["environmentVariables"] as Record<string, string>;
    expect(env).toMatchObject({ AGENT_OBSERVABILITY_ENABLED: "false", DISABLE_ADOT_OBSERVABILITY: "true" });
    expect(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]).toBeUndefined();
    const actions = runtimePolicy(rec).Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.startsWith("xray:") || a === "cloudwatch:PutMetricData")).toEqual([]);
    expect(actions).toContain("logs:PutLogEvents");
  });

  it("keeps the X-Ray endpoint in a network without NAT (spans have no other way out)", async () => {
    const { rec } = await deploy("dev", true, { network: { natGateways: "none" } });
    const services = rec.byType(T.endpoint).map((e) => String(e.inputs["serviceName"]));
    expect(services).toContain("com.amazonaws.us-east-1.xray");
    expect(services).toContain("com.amazonaws.us-east-1.logs");
  });
});

describe.each(["dev", "prod"] as const)("%s: logs kept", (stack) => {
  const days = stack === "prod" ? 30 : 7;

  it("adopts the runtime's log group after the runtime exists, with the stack's retention", async () => {
    const { rec, platform } = await deploy(stack);
    const adopted = only(rec, T.adopted);
    const runtimeId = await outputOf(platform.runtimeId);
    expect(adopted.inputs).toMatchObject({
      logGroupName: `/aws/bedrock-agentcore/runtimes/${runtimeId}-DEFAULT`,
      retentionInDays: days,
      retainOnDelete: stack === "prod",
    });
    // Created after the runtime (its id is in the name), so a group AgentCore made first is adopted.
    expect(adopted.dependencies).toContain(only(rec, T.runtime).urn);
    expect(await outputOf(platform.runtimeLogGroupName)).toBe(adopted.inputs["logGroupName"]);
    // It acts as the runtime's provider does (the component's aws identity), kept secret.
    expect(adopted.inputs["aws"]).toEqual(only(rec, T.runtime).inputs["aws"]);
    expect(adopted.inputs["aws"]).toMatchObject({ accountId: "123456789012" });
    expect(adopted.secretInputs).toContain("aws");
  });

  it("gives every log group it creates or adopts a retention CloudWatch accepts", async () => {
    const { rec } = await deploy(stack);
    const retentions = [...rec.byType(T.logGroup), ...rec.byType(T.adopted)].map(
      (g) => g.inputs["retentionInDays"],
    );
    expect(retentions).toEqual([days, days]);
    for (const r of retentions) expect(LOG_RETENTION_DAYS).toContain(r);
  });
});

describe.each(["dev", "prod"] as const)("%s: dashboard and alarms", (stack) => {
  it("alarms on unhealthy targets, the 5xx rate, runtime errors and tasks below minTasks, within PutMetricAlarm's rules", async () => {
    const { rec, platform } = await deploy(stack);
    const topicArn = await outputOf(platform.alarmTopicArn);
    const alarms = rec.byType(T.alarm);
    expect(alarms.map((a) => a.name).sort()).toEqual([
      "deep-insight-http-5xx-rate",
      "deep-insight-runtime-errors",
      "deep-insight-tasks-below-min",
      "deep-insight-unhealthy-targets",
    ]);
    for (const alarm of alarms) {
      const spec: AlarmSpec = {
        description: String(alarm.inputs["alarmDescription"]),
        comparisonOperator: alarm.inputs["comparisonOperator"] as AlarmSpec["comparisonOperator"],
        threshold: Number(alarm.inputs["threshold"]),
        evaluationPeriods: Number(alarm.inputs["evaluationPeriods"]),
        datapointsToAlarm: Number(alarm.inputs["datapointsToAlarm"]),
        treatMissingData: alarm.inputs["treatMissingData"] as AlarmSpec["treatMissingData"],
        queries: alarm.inputs["metricQueries"] as MetricQuery[],
      };
      expect(alarmSpecProblems(spec), alarm.name).toEqual([]);
      expect(alarm.inputs["alarmActions"]).toEqual([topicArn]);
    }
    expect(rec.one(T.alarm, "deep-insight-tasks-below-min").inputs["threshold"]).toBe(
      STACKS[stack].executor?.minTasks,
    );
    const subscriptions = rec.byType("aws:sns/topicSubscription:TopicSubscription");
    expect(subscriptions.map((s) => s.inputs["endpoint"])).toEqual(
      stack === "prod" ? ["oncall@example.com"] : [],
    );
  });

  it("builds one dashboard per stack within CloudWatch's limits, on the runtime, ALB and service of this stack", async () => {
    const { rec, platform } = await deploy(stack);
    const dashboard = only(rec, T.dashboard);
    expect(dashboard.inputs["dashboardName"]).toBe(`deep-insight-${stack}`);
    const body = JSON.parse(String(dashboard.inputs["dashboardBody"])) as DashboardBody;
    expect(dashboardProblems(body)).toEqual([]);
    const text = JSON.stringify(body);
    expect(text).toContain(await outputOf(platform.runtimeArn));
    expect(text).toContain(await outputOf(platform.executorClusterName));
    expect(text).toContain(`AgentCoreVpcPlatform/deep-insight-${stack}`);
    expect(rec.byType(T.filter).map((f) => f.inputs["logGroupName"])).toEqual([
      await outputOf(platform.executorLogGroupName),
      await outputOf(platform.executorLogGroupName),
    ]);
  });
});

describe("audit trails", () => {
  it("dev: no access-log bucket, the ALB deletable and not logging", async () => {
    const { rec } = await deploy("dev");
    expect(rec.byType(T.bucket).map((b) => b.name)).toEqual(["deep-insight-data"]);
    expect(only(rec, T.loadBalancer).inputs).toMatchObject({ enableDeletionProtection: false });
    expect(only(rec, T.loadBalancer).inputs["accessLogs"]).toBeUndefined();
    expect(rec.byType(T.logging)).toEqual([]);
  });

  it("prod: ALB access logs and deletion protection, data-bucket access logs, into a retained log bucket", async () => {
    const { rec } = await deploy("prod");
    const alb = only(rec, T.loadBalancer);
    const logBucket = rec.one(T.bucket, "deep-insight-logs");
    expect(alb.inputs).toMatchObject({
      enableDeletionProtection: true,
      accessLogs: {
        enabled: true,
        prefix: "alb",
        bucket: "deep-insight-logs-abc123",
      },
    });
    // The ALB checks that it may write when logging starts: it waits for the bucket policy.
    expect(alb.dependencies).toContain(rec.one(T.bucketPolicy, "deep-insight-logs-policy").urn);
    expect(only(rec, T.logging).inputs).toMatchObject({
      bucket: "deep-insight-data-abc123",
      targetPrefix: "s3/data/",
    });
    expect(logBucket.retainOnDelete).toBe(true);
  });

  it.each(["dev", "prod"] as const)(
    "%s: every bucket is private, TLS-only and encrypted (SSE-S3, which ALB logs require)",
    async (stack) => {
      const { rec } = await deploy(stack);
      for (const bucket of rec.byType(T.bucket)) {
        const of = (type: string, suffix: string) => rec.one(type, `${bucket.name}-${suffix}`);
        expect(of(T.publicAccess, "public-access").inputs).toMatchObject({
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        expect(JSON.stringify(of(T.sse, "encryption").inputs["rules"])).toContain('"sseAlgorithm":"AES256"');
        const policy = rec
          .byType(T.bucketPolicy)
          .find((p) => p.name.startsWith(`${bucket.name}-`)) as RecordedResource;
        const doc = JSON.parse(String(policy.inputs["policy"])) as PolicyDocument;
        expect(doc.Statement[0]).toMatchObject({
          Effect: "Deny",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(leastPrivilegeProblems(doc)).toEqual([]);
      }
    },
  );
});

describe("preview", () => {
  it.each(["dev", "prod"] as const)(
    "%s registers the same operations resources as an update",
    async (stack) => {
      const types = (rec: ResourceRecorder) =>
        rec.resources
          .map((r) => `${r.type} ${r.name}`)
          .filter((t) => /cloudwatch|sns|AdoptedLogGroup|bucket|lb\//.test(t))
          .sort();
      const update = await deploy(stack, false);
      const preview = await deploy(stack, true);
      expect(types(preview.rec)).toEqual(types(update.rec));
      expect(types(preview.rec).length).toBeGreaterThan(stack === "prod" ? 25 : 15);
      const adopted = only(preview.rec, T.adopted);
      expect(pulumi.isUnknown(adopted.inputs["logGroupName"])).toBe(true);
      expect(adopted.inputs["retentionInDays"]).toBe(stack === "prod" ? 30 : 7);
      expect(only(preview.rec, T.loadBalancer).inputs["enableDeletionProtection"]).toBe(stack === "prod");
    },
  );
});
