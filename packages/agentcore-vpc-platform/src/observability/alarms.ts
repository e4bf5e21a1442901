/**
 * The platform's alarms, as plain specs: unhealthy executor targets, the ALB's 5xx rate, AgentCore runtime
 * errors, and fewer running executor tasks than `minTasks`.
 */
import type { AlarmKind } from "../names";
import type { AlarmSpec, Statistic } from "./alarm-rules";
import {
  ALB_METRICS,
  type EcsServiceRef,
  type LoadBalancerRef,
  type MetricRef,
  agentCoreRuntimeMetric,
  albMetric,
  containerInsightsMetric,
  targetGroupMetric,
} from "./metrics";

/** What the alarms watch, resolved to plain values. */
export interface AlarmTargets {
  readonly runtime: { readonly name: string; readonly arn: string };
  readonly alb: LoadBalancerRef;
  readonly service: EcsServiceRef;
  /** The executor's warm-task floor; no task alarm when it is 0 (a parked tier). */
  readonly minTasks: number;
}

/** Evaluation and thresholds (`OBSERVABILITY_DEFAULTS`). */
export interface AlarmSettings {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly http5xxRatePercent: number;
  readonly runtimeSystemErrors: number;
}

function read(
  id: string,
  label: string,
  metric: MetricRef,
  stat: Statistic,
  period: number,
  returnData = true,
) {
  return { id, label, returnData, metric: { ...metric, stat, period } };
}

/** The alarm specs by kind; `tasks-below-min` is left out when `minTasks` is 0. */
export function platformAlarms(
  targets: AlarmTargets,
  s: AlarmSettings,
): Partial<Record<AlarmKind, AlarmSpec>> {
  const window = {
    evaluationPeriods: s.evaluationPeriods,
    datapointsToAlarm: s.datapointsToAlarm,
  };
  const minutes = `${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.periodSeconds} s`;
  const alarms: Partial<Record<AlarmKind, AlarmSpec>> = {
    "unhealthy-targets": {
      description: `Executor tasks failing the ALB health check (/health) in ${minutes}.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      ...window,
      // No datapoint means no target registered at all, which the task alarm covers.
      treatMissingData: "notBreaching",
      queries: [
        read(
          "unhealthy",
          "Unhealthy targets",
          targetGroupMetric("UnHealthyHostCount", targets.alb),
          "Maximum",
          s.periodSeconds,
        ),
      ],
    },
    "http-5xx-rate": {
      description:
        `More than ${s.http5xxRatePercent}% of the executor ALB's requests answered with a 5xx ` +
        `(by the ALB itself or by a task) in ${minutes}.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: s.http5xxRatePercent,
      ...window,
      treatMissingData: "notBreaching",
      queries: [
        read("elb5xx", "ALB 5xx", albMetric(ALB_METRICS.elb5xx, targets.alb), "Sum", s.periodSeconds, false),
        read(
          "target5xx",
          "Task 5xx",
          albMetric(ALB_METRICS.target5xx, targets.alb),
          "Sum",
          s.periodSeconds,
          false,
        ),
        read(
          "requests",
          "Requests",
          albMetric(ALB_METRICS.requestCount, targets.alb),
          "Sum",
          s.periodSeconds,
          false,
        ),
        {
          id: "errors",
          label: "5xx responses",
          returnData: false,
          expression: "FILL(elb5xx, 0) + FILL(target5xx, 0)",
        },
        {
          id: "rate",
          label: "5xx rate (%)",
          returnData: true,
          // Requests the ALB refuses before picking a target (no healthy task) are not in RequestCount: with
          // no counted requests, any 5xx is an incident.
          expression: "IF(FILL(requests, 0) > 0, 100 * errors / FILL(requests, 0), 100 * errors)",
        },
      ],
    },
    "runtime-errors": {
      description: `AgentCore runtime ${targets.runtime.name}: server-side errors (SystemErrors) in ${minutes}.`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: s.runtimeSystemErrors,
      ...window,
      treatMissingData: "notBreaching",
      queries: [
        read(
          "systemErrors",
          "System errors",
          agentCoreRuntimeMetric("SystemErrors", targets.runtime),
          "Sum",
          s.periodSeconds,
        ),
      ],
    },
  };
  if (targets.minTasks > 0) {
    alarms["tasks-below-min"] = {
      description: `Fewer than ${targets.minTasks} executor tasks running (minTasks) in ${minutes}.`,
      comparisonOperator: "LessThanThreshold",
      threshold: targets.minTasks,
      ...window,
      // A service with no running task may publish nothing at all: that is the state this alarm is for.
      treatMissingData: "breaching",
      queries: [
        read(
          "running",
          "Running tasks",
          containerInsightsMetric("RunningTaskCount", targets.service),
          "Minimum",
          s.periodSeconds,
        ),
      ],
    };
  }
  return alarms;
}
