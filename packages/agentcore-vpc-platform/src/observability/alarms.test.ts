import { describe, expect, it } from "vitest";
import { OBSERVABILITY_DEFAULTS } from "../defaults";
import { ALARM_KINDS } from "../names";
import { ALARM_LIMITS, type AlarmSpec, alarmSpecProblems, validAlarmPeriod } from "./alarm-rules";
import { type AlarmTargets, platformAlarms } from "./alarms";

const targets: AlarmTargets = {
  runtime: {
    name: "deep_insight_dev",
    arn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/deep_insight_dev-a1b2c3d4e5",
  },
  alb: {
    loadBalancer: "app/deep-insight-exec-1a2b3c4/50dc6c495c0c9188",
    targetGroup: "targetgroup/deep-insight-exec-9z8y7x6/73e2d6bc24d8a067",
  },
  service: { clusterName: "deep-insight-exec-abc1234", serviceName: "deep-insight-exec-def5678" },
  minTasks: 2,
};
const settings = {
  periodSeconds: OBSERVABILITY_DEFAULTS.alarmPeriodSeconds,
  evaluationPeriods: OBSERVABILITY_DEFAULTS.alarmEvaluationPeriods,
  datapointsToAlarm: OBSERVABILITY_DEFAULTS.alarmDatapointsToAlarm,
  http5xxRatePercent: OBSERVABILITY_DEFAULTS.http5xxRatePercent,
  runtimeSystemErrors: OBSERVABILITY_DEFAULTS.runtimeSystemErrors,
};
const alarms = platformAlarms(targets, settings);
const spec = (kind: keyof typeof alarms) => alarms[kind] as AlarmSpec;

describe("platformAlarms", () => {
  it("defines the four alarms, each within PutMetricAlarm's rules", () => {
    expect(Object.keys(alarms).sort()).toEqual([...ALARM_KINDS].sort());
    for (const [kind, alarm] of Object.entries(alarms)) expect(alarmSpecProblems(alarm), kind).toEqual([]);
  });

  it("leaves out the task alarm when the tier is parked (minTasks 0)", () => {
    expect(Object.keys(platformAlarms({ ...targets, minTasks: 0 }, settings))).not.toContain(
      "tasks-below-min",
    );
  });

  it("alarms on any unhealthy target of the executor's target group and load balancer", () => {
    const alarm = spec("unhealthy-targets");
    expect(alarm).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 0 });
    expect(alarm.queries).toEqual([
      {
        id: "unhealthy",
        label: "Unhealthy targets",
        returnData: true,
        metric: {
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          dimensions: { TargetGroup: targets.alb.targetGroup, LoadBalancer: targets.alb.loadBalancer },
          stat: "Maximum",
          period: 60,
        },
      },
    ]);
  });

  it("computes the 5xx rate from the ALB's own and the tasks' 5xx over its requests", () => {
    const alarm = spec("http-5xx-rate");
    expect(alarm.threshold).toBe(5);
    const metrics = alarm.queries.flatMap((q) => ("metric" in q ? [q.metric.metricName] : []));
    expect(metrics).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]);
    expect(alarm.queries.filter((q) => q.returnData).map((q) => q.id)).toEqual(["rate"]);
    for (const q of alarm.queries) {
      if ("metric" in q) expect(q.metric.dimensions).toEqual({ LoadBalancer: targets.alb.loadBalancer });
    }
  });

  it("alarms on the runtime's server-side errors under the dimensions AgentCore publishes", () => {
    const [query] = spec("runtime-errors").queries;
    expect(query && "metric" in query ? query.metric : undefined).toEqual({
      namespace: "AWS/Bedrock-AgentCore",
      metricName: "SystemErrors",
      dimensions: {
        Operation: "InvokeAgentRuntime",
        Name: "deep_insight_dev::DEFAULT",
        Resource: targets.runtime.arn,
      },
      stat: "Sum",
      period: 60,
    });
  });

  it("alarms below minTasks running tasks, counting no data as none running", () => {
    const alarm = spec("tasks-below-min");
    expect(alarm).toMatchObject({
      comparisonOperator: "LessThanThreshold",
      threshold: 2,
      treatMissingData: "breaching",
    });
    const [query] = alarm.queries;
    expect(query && "metric" in query ? query.metric : undefined).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: { ClusterName: targets.service.clusterName, ServiceName: targets.service.serviceName },
      stat: "Minimum",
    });
  });
});

describe("alarmSpecProblems (PutMetricAlarm's rules)", () => {
  const base = spec("runtime-errors");
  const withMetric = (patch: Record<string, unknown>): AlarmSpec => {
    const [query] = base.queries as [Extract<AlarmSpec["queries"][number], { metric: unknown }>];
    return { ...base, queries: [{ ...query, metric: { ...query.metric, ...patch } }] };
  };

  it("accepts 10, 20, 30 and multiples of 60 as periods, nothing else", () => {
    for (const ok of [10, 20, 30, 60, 120, 300, 3600, 86400])
      expect(validAlarmPeriod(ok), String(ok)).toBe(true);
    for (const bad of [0, 5, 15, 45, 90, 61, -60, 60.5])
      expect(validAlarmPeriod(bad), String(bad)).toBe(false);
    expect(alarmSpecProblems(withMetric({ period: 90 }))).toEqual([
      expect.stringContaining("period 90 is not 10, 20, 30 or a multiple of 60"),
    ]);
  });

  it("caps period × evaluation periods at one day below an hour's period, seven days above", () => {
    expect(
      alarmSpecProblems({ ...withMetric({ period: 300 }), evaluationPeriods: 288, datapointsToAlarm: 1 }),
    ).toEqual([]);
    expect(
      alarmSpecProblems({ ...withMetric({ period: 300 }), evaluationPeriods: 289, datapointsToAlarm: 1 }),
    ).toEqual([expect.stringContaining("86400 s")]);
    expect(
      alarmSpecProblems({ ...withMetric({ period: 3600 }), evaluationPeriods: 168, datapointsToAlarm: 1 }),
    ).toEqual([]);
    expect(
      alarmSpecProblems({ ...withMetric({ period: 3600 }), evaluationPeriods: 169, datapointsToAlarm: 1 }),
    ).toEqual([expect.stringContaining("604800 s")]);
  });

  it("needs 1 ≤ datapointsToAlarm ≤ evaluationPeriods", () => {
    expect(alarmSpecProblems({ ...base, datapointsToAlarm: 6 })).toEqual([
      expect.stringContaining("datapointsToAlarm"),
    ]);
    expect(alarmSpecProblems({ ...base, datapointsToAlarm: 0 })).toEqual([
      expect.stringContaining("datapointsToAlarm"),
    ]);
    expect(alarmSpecProblems({ ...base, evaluationPeriods: 0, datapointsToAlarm: 0 }).length).toBeGreaterThan(
      0,
    );
  });

  it("checks query ids, the one returned series, expression references and the 10-metric cap", () => {
    const rate = spec("http-5xx-rate");
    expect(
      alarmSpecProblems({ ...rate, queries: rate.queries.map((q) => ({ ...q, returnData: true })) }),
    ).toEqual(["exactly one query must return data, 5 do"]);
    const renamed = rate.queries.map((q) => (q.id === "requests" ? { ...q, id: "Requests" } : q));
    expect(alarmSpecProblems({ ...rate, queries: renamed })).toEqual([
      "query Requests: ids start with a lowercase letter, then letters, digits or _",
      'query rate: refers to unknown query "requests"',
    ]);
    const [metric] = base.queries;
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...metric!, id: `m${i}`, returnData: false }));
    const many: AlarmSpec = {
      ...base,
      queries: [
        ...eleven,
        { id: "total", label: "sum", returnData: true, expression: eleven.map((q) => q.id).join(" + ") },
      ],
    };
    expect(alarmSpecProblems(many)).toEqual([
      `11 metrics; an alarm may read at most ${ALARM_LIMITS.metricsPerAlarm}`,
    ]);
  });

  it("checks dimension counts and lengths, namespace and description length, and actions per state", () => {
    const dims = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`D${i}`, "v"]));
    expect(alarmSpecProblems(withMetric({ dimensions: dims }))).toEqual([
      expect.stringContaining("31 dimensions"),
    ]);
    expect(alarmSpecProblems(withMetric({ dimensions: { Resource: "x".repeat(1025) } }))).toEqual([
      expect.stringContaining("1-1024 characters"),
    ]);
    expect(alarmSpecProblems(withMetric({ namespace: "n".repeat(256) }))).toEqual([
      expect.stringContaining("namespace"),
    ]);
    expect(alarmSpecProblems({ ...base, description: "d".repeat(1025) })).toEqual([
      expect.stringContaining("1025"),
    ]);
    expect(alarmSpecProblems(base, 6)).toEqual(["6 actions per state; at most 5"]);
  });
});
