import { describe, expect, it } from "vitest";
import { platformNames } from "../names";
import { installMocks, outputOf } from "../testing/mocks";
import { type AlarmSpec, type MetricQuery, alarmSpecProblems } from "./alarm-rules";
import { type DashboardBody, dashboardProblems } from "./dashboard";
import { PlatformMonitoring, executorMetricFilters, subscriptionName } from "./monitoring";

const T = {
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
};
const names = platformNames("p", "dev");
const args = {
  names,
  settings: { traces: true, alarmEmails: ["oncall@example.com", "Lead@Example.com"] },
  region: "us-east-1",
  runtime: {
    name: "p_runtime",
    arn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/p_runtime-a1b2c3d4e5",
  },
  loadBalancerArnSuffix: "app/p-exec-1a2b3c4/50dc6c495c0c9188",
  targetGroupArnSuffix: "targetgroup/p-exec-9z8y7x6/73e2d6bc24d8a067",
  clusterName: "p-exec-abc1234",
  serviceName: "p-exec-def5678",
  minTasks: 1,
  executorLogGroupName: "/agentcore-vpc-platform/dev/p-exec",
  tags: { env: "test" },
};

async function deploy(preview: boolean, overrides: Partial<typeof args> = {}) {
  const rec = await installMocks({ preview, stack: "dev" });
  const monitoring = new PlatformMonitoring("p-monitoring", { ...args, ...overrides });
  await rec.settle();
  return { rec, monitoring };
}

/** An alarm's recorded inputs as the spec they came from, for PutMetricAlarm's rules. */
function asSpec(inputs: Record<string, unknown>): AlarmSpec {
  return {
    description: String(inputs["alarmDescription"]),
    comparisonOperator: inputs["comparisonOperator"] as AlarmSpec["comparisonOperator"],
    threshold: Number(inputs["threshold"]),
    evaluationPeriods: Number(inputs["evaluationPeriods"]),
    datapointsToAlarm: Number(inputs["datapointsToAlarm"]),
    treatMissingData: inputs["treatMissingData"] as AlarmSpec["treatMissingData"],
    queries: inputs["metricQueries"] as MetricQuery[],
  };
}

describe.each([true, false])("PlatformMonitoring (preview=%s)", (preview) => {
  it("makes one alarm topic with an email subscription per address", async () => {
    const { rec } = await deploy(preview);
    expect(rec.byType(T.topic).map((t) => t.name)).toEqual(["p-alarms"]);
    const subs = rec.byType(T.subscription);
    expect(subs.map((s) => [s.name, s.inputs["protocol"], s.inputs["endpoint"]])).toEqual([
      [subscriptionName("p-alarms", "oncall@example.com"), "email", "oncall@example.com"],
      [subscriptionName("p-alarms", "Lead@Example.com"), "email", "Lead@Example.com"],
    ]);
  });

  it("counts the executor's session and budget-kill events with metric filters on its log group", async () => {
    const { rec } = await deploy(preview);
    expect(rec.byType(T.filter).map((f) => f.inputs)).toEqual([
      expect.objectContaining({
        name: "p-executor-sessions",
        logGroupName: args.executorLogGroupName,
        pattern: '{ $.event = "session_created" }',
        metricTransformation: expect.objectContaining({
          name: "ExecutorSessionsCreated",
          namespace: "AgentCoreVpcPlatform/p-dev",
          value: "1",
          defaultValue: "0",
        }),
      }),
      expect.objectContaining({
        name: "p-executor-budget-kills",
        pattern: '{ $.event = "budget_kill" }',
        metricTransformation: expect.objectContaining({ name: "ExecutorBudgetKills" }),
      }),
    ]);
    // PutMetricFilter: a pattern of at most 1024 characters.
    for (const f of executorMetricFilters(names)) expect(f.pattern.length).toBeLessThanOrEqual(1024);
  });

  it("shows each alarm's threshold and window in a preview, notifying the topic on alarm and recovery", async () => {
    const { rec } = await deploy(preview);
    const alarms = rec.byType(T.alarm);
    expect(alarms.map((a) => a.name).sort()).toEqual(Object.values(names.alarms).sort());
    for (const alarm of alarms) {
      expect(alarm.inputs).toMatchObject({ evaluationPeriods: 5, datapointsToAlarm: 3 });
      expect(alarm.inputs["alarmActions"]).toHaveLength(1);
      expect(alarm.inputs["okActions"]).toEqual(alarm.inputs["alarmActions"]);
      expect(alarm.dependencies).toEqual(expect.arrayContaining(rec.byType(T.filter).map((f) => f.urn)));
    }
    expect(rec.one(T.alarm, "p-tasks-below-min").inputs).toMatchObject({
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
    });
  });

  it("names the dashboard after the component and stack", async () => {
    const { rec } = await deploy(preview);
    expect(rec.one(T.dashboard, "p-dev").inputs["dashboardName"]).toBe("p-dev");
  });
});

describe("PlatformMonitoring (update)", () => {
  it("sends alarms that keep PutMetricAlarm's rules, to the topic", async () => {
    const { rec, monitoring } = await deploy(false);
    const topicArn = await outputOf(monitoring.alarmTopicArn);
    for (const alarm of rec.byType(T.alarm)) {
      expect(alarmSpecProblems(asSpec(alarm.inputs)), alarm.name).toEqual([]);
      expect(alarm.inputs["alarmActions"]).toEqual([topicArn]);
    }
    const runtimeErrors = asSpec(rec.one(T.alarm, "p-runtime-errors").inputs);
    const [query] = runtimeErrors.queries;
    expect(query && "metric" in query ? query.metric.dimensions : undefined).toEqual({
      Operation: "InvokeAgentRuntime",
      Name: "p_runtime::DEFAULT",
      Resource: args.runtime.arn,
    });
  });

  it("builds a dashboard within CloudWatch's limits that lists every alarm", async () => {
    const { rec, monitoring } = await deploy(false);
    const body = JSON.parse(String(rec.one(T.dashboard, "p-dev").inputs["dashboardBody"])) as DashboardBody;
    expect(dashboardProblems(body)).toEqual([]);
    const alarmWidget = body.widgets.find((w) => w.type === "alarm");
    const arns = await Promise.all(Object.values(monitoring.alarmArns).map((a) => outputOf(a)));
    expect(alarmWidget?.properties["alarms"]).toEqual(arns);
    expect(await outputOf(monitoring.dashboardName)).toBe("p-dev");
  });

  it("has no task alarm for a parked tier, and no subscriptions without addresses", async () => {
    const { rec } = await deploy(false, { minTasks: 0, settings: { traces: true, alarmEmails: [] } });
    expect(rec.byType(T.alarm).map((a) => a.name)).not.toContain("p-tasks-below-min");
    expect(rec.byType(T.subscription)).toEqual([]);
  });

  it("keeps a subscription's name when other addresses change, so nobody is asked to confirm again", () => {
    expect(subscriptionName("p-alarms", "a@example.com")).toBe(subscriptionName("p-alarms", "A@example.com"));
    expect(subscriptionName("p-alarms", "a@example.com")).not.toBe(
      subscriptionName("p-alarms", "b@example.com"),
    );
  });
});
