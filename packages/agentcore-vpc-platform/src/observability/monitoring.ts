/**
 * The platform's operations view (type `agentcore-vpc-platform:observability:PlatformMonitoring`): an SNS
 * topic for alarms with the configured email subscriptions, metric filters that count the executor's session
 * and budget-kill log events, the alarms, and a dashboard.
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EXECUTOR_LOG_EVENTS, executorLogFilterPattern } from "agentcore-vpc-platform-contract";
import { OBSERVABILITY_DEFAULTS } from "../defaults";
import type { AlarmKind, PlatformNames } from "../names";
import type { NormalizedObservabilityArgs } from "../normalize";
import { type AlarmSpec, type MetricQuery, assertAlarmSpec } from "./alarm-rules";
import { platformAlarms } from "./alarms";
import { dashboardBody, dashboardProblems } from "./dashboard";
import { EXECUTOR_LOG_METRICS } from "./metrics";

type Tags = Readonly<Record<string, string>>;

/** Evaluation windows and thresholds of every alarm (`OBSERVABILITY_DEFAULTS`). */
const ALARM_SETTINGS = {
  periodSeconds: OBSERVABILITY_DEFAULTS.alarmPeriodSeconds,
  evaluationPeriods: OBSERVABILITY_DEFAULTS.alarmEvaluationPeriods,
  datapointsToAlarm: OBSERVABILITY_DEFAULTS.alarmDatapointsToAlarm,
  http5xxRatePercent: OBSERVABILITY_DEFAULTS.http5xxRatePercent,
  runtimeSystemErrors: OBSERVABILITY_DEFAULTS.runtimeSystemErrors,
};

/** One query in the provider's shape. */
function metricQuery(q: MetricQuery): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
  if (!("metric" in q))
    return { id: q.id, label: q.label, returnData: q.returnData, expression: q.expression };
  const { namespace, metricName, dimensions, stat, period } = q.metric;
  return {
    id: q.id,
    label: q.label,
    returnData: q.returnData,
    metric: { namespace, metricName, dimensions: { ...dimensions }, stat, period },
  };
}

/** What the monitoring watches; the settings come normalized (see `normalizeArgs`). */
export interface PlatformMonitoringArgs {
  readonly names: PlatformNames;
  readonly settings: NormalizedObservabilityArgs;
  readonly region: pulumi.Input<string>;
  readonly runtime: { readonly name: string; readonly arn: pulumi.Input<string> };
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** The executor's warm-task floor (no task alarm when 0). */
  readonly minTasks: number;
  /** The executor's log group (its metric filters read it). */
  readonly executorLogGroupName: pulumi.Input<string>;
  readonly tags: Tags;
}

/** Logical name of an email subscription: stable per address, so editing the list never re-subscribes others. */
export function subscriptionName(topicName: string, email: string): string {
  return `${topicName}-${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8)}`;
}

/** The metric filters on the executor's log group: one count per event, 0 for minutes without one. */
export function executorMetricFilters(names: PlatformNames) {
  return [
    {
      name: names.metricFilters.sessions,
      pattern: executorLogFilterPattern(EXECUTOR_LOG_EVENTS.sessionCreated),
      metricName: EXECUTOR_LOG_METRICS.sessions,
    },
    {
      name: names.metricFilters.budgetKills,
      pattern: executorLogFilterPattern(EXECUTOR_LOG_EVENTS.budgetKill),
      metricName: EXECUTOR_LOG_METRICS.budgetKills,
    },
  ].map((f) => ({ ...f, namespace: names.metricNamespace, value: "1", defaultValue: "0", unit: "Count" }));
}

export class PlatformMonitoring extends pulumi.ComponentResource {
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  /** ARNs of the alarms, by kind. */
  readonly alarmArns: Readonly<Partial<Record<AlarmKind, pulumi.Output<string>>>>;

  constructor(name: string, args: PlatformMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:observability:PlatformMonitoring", name, {}, opts);
    const parent = { parent: this };
    // No server-side encryption: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key.
    const topic = new aws.sns.Topic(args.names.alarmTopic, { tags: args.tags }, parent);
    for (const email of args.settings.alarmEmails) {
      new aws.sns.TopicSubscription(
        subscriptionName(args.names.alarmTopic, email),
        { topic: topic.arn, protocol: "email", endpoint: email },
        parent,
      );
    }
    const filters = executorMetricFilters(args.names).map(
      (f) =>
        new aws.cloudwatch.LogMetricFilter(
          f.name,
          {
            name: f.name,
            logGroupName: args.executorLogGroupName,
            pattern: f.pattern,
            metricTransformation: {
              name: f.metricName,
              namespace: f.namespace,
              value: f.value,
              defaultValue: f.defaultValue,
              unit: f.unit,
            },
          },
          parent,
        ),
    );
    const targets = pulumi
      .all([
        args.runtime.arn,
        args.loadBalancerArnSuffix,
        args.targetGroupArnSuffix,
        args.clusterName,
        args.serviceName,
      ])
      .apply(([arn, loadBalancer, targetGroup, clusterName, serviceName]) => ({
        runtime: { name: args.runtime.name, arn },
        alb: { loadBalancer, targetGroup },
        service: { clusterName, serviceName },
        minTasks: args.minTasks,
      }));
    // Which alarms exist, their thresholds and descriptions depend on plain values only, so a preview shows
    // them; only the metric dimensions wait for the resources' ids.
    const shapes = platformAlarms(
      {
        runtime: { name: args.runtime.name, arn: "" },
        alb: { loadBalancer: "", targetGroup: "" },
        service: { clusterName: "", serviceName: "" },
        minTasks: args.minTasks,
      },
      ALARM_SETTINGS,
    );
    const alarmArns: Partial<Record<AlarmKind, pulumi.Output<string>>> = {};
    for (const [kind, shape] of Object.entries(shapes) as [AlarmKind, AlarmSpec][]) {
      const alarmName = args.names.alarms[kind];
      const queries = targets.apply((t) =>
        assertAlarmSpec(alarmName, platformAlarms(t, ALARM_SETTINGS)[kind] as AlarmSpec).queries.map(
          metricQuery,
        ),
      );
      const alarm = new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          alarmDescription: shape.description,
          comparisonOperator: shape.comparisonOperator,
          threshold: shape.threshold,
          evaluationPeriods: shape.evaluationPeriods,
          datapointsToAlarm: shape.datapointsToAlarm,
          treatMissingData: shape.treatMissingData,
          metricQueries: queries,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags: args.tags,
        },
        // The log-made metrics exist once their filters do.
        { parent: this, dependsOn: filters },
      );
      alarmArns[kind] = alarm.arn;
    }
    const body = pulumi
      .all([targets, args.region, pulumi.all(Object.values(alarmArns))])
      .apply(([t, region, arns]) => {
        const dashboard = dashboardBody({
          ...t,
          title: `${name} (stack ${pulumi.getStack()})`,
          region,
          periodSeconds: OBSERVABILITY_DEFAULTS.dashboardPeriodSeconds,
          metricNamespace: args.names.metricNamespace,
          alarmArns: arns,
        });
        const problems = dashboardProblems(dashboard);
        if (problems.length > 0)
          throw new Error(`dashboard ${args.names.dashboard}:\n  ${problems.join("\n  ")}`);
        return JSON.stringify(dashboard);
      });
    const dashboard = new aws.cloudwatch.Dashboard(
      args.names.dashboard,
      { dashboardName: args.names.dashboard, dashboardBody: body },
      parent,
    );

    this.alarmTopicArn = topic.arn;
    this.dashboardName = dashboard.dashboardName;
    this.alarmArns = alarmArns;
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName });
  }
}
