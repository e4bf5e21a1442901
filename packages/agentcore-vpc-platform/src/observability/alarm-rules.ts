/**
 * The alarm shape this package builds and the rules CloudWatch's PutMetricAlarm enforces on it (API reference
 * and CloudWatch service quotas), checked before anything is sent: a wrong period or query id would otherwise
 * fail `pulumi up` after the rest of the platform exists.
 */
import type { MetricRef } from "./metrics";

export type ComparisonOperator =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";
/** What a minute without data counts as. */
export type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";
export type Statistic = "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum";

/** One entry of an alarm's `Metrics` array: a metric read with a statistic, or an expression over others. */
export type MetricQuery =
  | {
      readonly id: string;
      readonly label: string;
      readonly returnData: boolean;
      readonly metric: MetricRef & { readonly stat: Statistic; readonly period: number };
    }
  | {
      readonly id: string;
      readonly label: string;
      readonly returnData: boolean;
      readonly expression: string;
    };

export interface AlarmSpec {
  readonly description: string;
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  /** N of "M out of N". */
  readonly evaluationPeriods: number;
  /** M of "M out of N". */
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  /** Exactly one has `returnData: true`: the series the alarm watches. */
  readonly queries: readonly MetricQuery[];
}

/** PutMetricAlarm's documented limits. */
export const ALARM_LIMITS = {
  descriptionMax: 1024,
  /** "Alarms based on metric math expressions can have up to 10 metrics" (CloudWatch service quotas). */
  metricsPerAlarm: 10,
  expressionMax: 2048,
  /** Period × evaluation periods, for periods under an hour (one day) and otherwise (seven days). */
  evaluationSecondsShort: 86_400,
  evaluationSecondsLong: 604_800,
  dimensionsPerMetric: 30,
  dimensionNameMax: 255,
  dimensionValueMax: 1024,
  namespaceMax: 255,
  metricNameMax: 255,
  metricIdMax: 255,
  /** Actions per state (ResourceList). */
  actionsPerState: 5,
} as const;

/** Periods PutMetricAlarm accepts: 10, 20, 30 (high resolution) or a multiple of 60 seconds. */
export function validAlarmPeriod(seconds: number): boolean {
  return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/** Metric query ids: a lowercase letter, then letters, digits and underscores. */
export const METRIC_QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;

function metricProblems(where: string, metric: MetricRef): string[] {
  const problems: string[] = [];
  const dims = Object.entries(metric.dimensions);
  if (metric.namespace.length < 1 || metric.namespace.length > ALARM_LIMITS.namespaceMax) {
    problems.push(`${where}: namespace must be 1-${ALARM_LIMITS.namespaceMax} characters`);
  }
  if (metric.namespace.startsWith(":")) problems.push(`${where}: namespace may not start with ":"`);
  if (metric.metricName.length < 1 || metric.metricName.length > ALARM_LIMITS.metricNameMax) {
    problems.push(`${where}: metric name must be 1-${ALARM_LIMITS.metricNameMax} characters`);
  }
  if (dims.length > ALARM_LIMITS.dimensionsPerMetric) {
    problems.push(`${where}: ${dims.length} dimensions; at most ${ALARM_LIMITS.dimensionsPerMetric}`);
  }
  for (const [name, value] of dims) {
    if (name.length < 1 || name.length > ALARM_LIMITS.dimensionNameMax) {
      problems.push(
        `${where}: dimension name "${name}" must be 1-${ALARM_LIMITS.dimensionNameMax} characters`,
      );
    }
    if (value.length < 1 || value.length > ALARM_LIMITS.dimensionValueMax) {
      problems.push(`${where}: dimension ${name} must be 1-${ALARM_LIMITS.dimensionValueMax} characters`);
    }
  }
  return problems;
}

/**
 * Every rule of PutMetricAlarm an alarm breaks. Any finding is a bug in a builder of this package (or a value
 * `normalizeArgs` let through), never something to ignore.
 * @param actions ARNs notified on each state change @default 1
 */
export function alarmSpecProblems(spec: AlarmSpec, actions = 1): string[] {
  const problems: string[] = [];
  const { queries } = spec;
  if (spec.description.length > ALARM_LIMITS.descriptionMax) {
    problems.push(
      `description is ${spec.description.length} characters; at most ${ALARM_LIMITS.descriptionMax}`,
    );
  }
  if (!Number.isFinite(spec.threshold)) problems.push(`threshold ${spec.threshold} is not a number`);
  if (!Number.isInteger(spec.evaluationPeriods) || spec.evaluationPeriods < 1) {
    problems.push(`evaluationPeriods must be a whole number ≥ 1, got ${spec.evaluationPeriods}`);
  }
  if (
    !Number.isInteger(spec.datapointsToAlarm) ||
    spec.datapointsToAlarm < 1 ||
    spec.datapointsToAlarm > spec.evaluationPeriods
  ) {
    problems.push(
      `datapointsToAlarm must be 1 to evaluationPeriods (${spec.evaluationPeriods}), got ${spec.datapointsToAlarm}`,
    );
  }
  if (actions > ALARM_LIMITS.actionsPerState) {
    problems.push(`${actions} actions per state; at most ${ALARM_LIMITS.actionsPerState}`);
  }
  const returned = queries.filter((q) => q.returnData);
  if (returned.length !== 1) problems.push(`exactly one query must return data, ${returned.length} do`);
  const metrics = queries.filter((q) => "metric" in q);
  if (metrics.length > ALARM_LIMITS.metricsPerAlarm) {
    problems.push(`${metrics.length} metrics; an alarm may read at most ${ALARM_LIMITS.metricsPerAlarm}`);
  }
  const ids = new Set<string>();
  for (const query of queries) {
    const where = `query ${query.id}`;
    if (!METRIC_QUERY_ID.test(query.id) || query.id.length > ALARM_LIMITS.metricIdMax) {
      problems.push(`${where}: ids start with a lowercase letter, then letters, digits or _`);
    }
    if (ids.has(query.id)) problems.push(`${where}: id used twice`);
    ids.add(query.id);
    if ("metric" in query) {
      problems.push(...metricProblems(where, query.metric));
      const { period } = query.metric;
      if (!validAlarmPeriod(period))
        problems.push(`${where}: period ${period} is not 10, 20, 30 or a multiple of 60`);
      const total = period * spec.evaluationPeriods;
      const limit = period < 3600 ? ALARM_LIMITS.evaluationSecondsShort : ALARM_LIMITS.evaluationSecondsLong;
      if (total > limit) {
        problems.push(`${where}: period × evaluationPeriods is ${total} s; at most ${limit} s`);
      }
    } else if (query.expression.length < 1 || query.expression.length > ALARM_LIMITS.expressionMax) {
      problems.push(`${where}: expressions are 1-${ALARM_LIMITS.expressionMax} characters`);
    }
  }
  // Metric math functions are upper case (FILL, IF), so every lower-case word of an expression is a query id.
  for (const query of queries) {
    if (!("expression" in query)) continue;
    for (const ref of new Set(query.expression.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? [])) {
      if (!ids.has(ref)) problems.push(`query ${query.id}: refers to unknown query "${ref}"`);
    }
  }
  return problems;
}

/** Throws when {@link alarmSpecProblems} finds anything. */
export function assertAlarmSpec(name: string, spec: AlarmSpec, actions = 1): AlarmSpec {
  const problems = alarmSpecProblems(spec, actions);
  if (problems.length > 0)
    throw new Error(`alarm ${name} breaks CloudWatch's rules:\n  ${problems.join("\n  ")}`);
  return spec;
}
