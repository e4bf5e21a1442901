/**
 * The platform's CloudWatch dashboard as a plain JSON body (Dashboard Body Structure and Syntax,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 * the runtime, the executor's ALB, its ECS service and the metrics made from the executor's logs, with the
 * alarms' states on top.
 */
import type { AGENTCORE_METRICS } from "./metrics";
import {
  ALB_METRICS,
  EXECUTOR_LOG_METRICS,
  type EcsServiceRef,
  type LoadBalancerRef,
  type MetricRef,
  agentCoreRuntimeMetric,
  albMetric,
  containerInsightsMetric,
  ecsServiceMetric,
  executorLogMetric,
  targetGroupMetric,
} from "./metrics";

/** CloudWatch's documented dashboard limits (service quotas and the body syntax). */
export const DASHBOARD_LIMITS = {
  widgets: 500,
  metricsPerWidget: 500,
  metricsPerDashboard: 2500,
  /** The grid is 24 columns wide. */
  gridWidth: 24,
  maxHeight: 1000,
  /** Alarm status widgets show at most 100 alarms. */
  alarmsPerWidget: 100,
} as const;

export interface DashboardInputs {
  readonly title: string;
  readonly region: string;
  readonly periodSeconds: number;
  readonly runtime: { readonly name: string; readonly arn: string };
  readonly alb: LoadBalancerRef;
  readonly service: EcsServiceRef;
  readonly minTasks: number;
  /** Namespace of the executor's log metrics. */
  readonly metricNamespace: string;
  /** ARNs of the platform's alarms. */
  readonly alarmArns: readonly string[];
}

/** `[namespace, name, dim1, value1, …, { stat, label }]`: one line of a metric widget. */
type MetricLine = (string | Record<string, unknown>)[];

export interface Widget {
  readonly type: "metric" | "text" | "alarm";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "auto" | "inherit";
  readonly widgets: readonly Widget[];
}

function line(metric: MetricRef, stat: string, label: string): MetricLine {
  return [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat(), { stat, label }];
}

const WIDTH = 8;
const HEIGHT = 6;

function graph(
  inputs: DashboardInputs,
  title: string,
  metrics: MetricLine[],
  extra: Record<string, unknown> = {},
): Omit<Widget, "x" | "y"> {
  return {
    type: "metric",
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title,
      view: "timeSeries",
      region: inputs.region,
      period: inputs.periodSeconds,
      metrics,
      ...extra,
    },
  };
}

/** Lays widgets out left to right in rows of the grid's width. */
function layout(rows: Omit<Widget, "x" | "y">[][]): Widget[] {
  const widgets: Widget[] = [];
  let y = 0;
  for (const row of rows) {
    let x = 0;
    for (const widget of row) {
      widgets.push({ ...widget, x, y });
      x += widget.width;
    }
    y += Math.max(...row.map((w) => w.height));
  }
  return widgets;
}

/** The dashboard: alarm states, then a row each for the runtime, the ALB and the executor service. */
export function dashboardBody(inputs: DashboardInputs): DashboardBody {
  const { runtime, alb, service } = inputs;
  const rt = (name: (typeof AGENTCORE_METRICS)[keyof typeof AGENTCORE_METRICS]) =>
    agentCoreRuntimeMetric(name, runtime);
  const header: Omit<Widget, "x" | "y"> = {
    type: "text",
    width: DASHBOARD_LIMITS.gridWidth,
    height: 2,
    properties: {
      markdown:
        `# ${inputs.title}\n` +
        `AgentCore runtime \`${runtime.name}\` → internal ALB → executor service \`${service.serviceName}\` ` +
        `(cluster \`${service.clusterName}\`). Managed by Pulumi: edits made here are overwritten.`,
    },
  };
  const alarms: Omit<Widget, "x" | "y"> = {
    type: "alarm",
    width: DASHBOARD_LIMITS.gridWidth,
    height: 3,
    properties: { title: "Alarms", alarms: [...inputs.alarmArns], sortBy: "stateUpdatedTimestamp" },
  };
  const runtimeRow = [
    graph(inputs, "Runtime invocations and new sessions", [
      line(rt("Invocations"), "Sum", "Invocations"),
      line(rt("SessionCount"), "Sum", "New sessions"),
    ]),
    graph(inputs, "Runtime latency (ms)", [
      line(rt("Latency"), "Average", "Average"),
      line(rt("Latency"), "p99", "p99"),
    ]),
    graph(inputs, "Runtime errors and throttles", [
      line(rt("SystemErrors"), "Sum", "System errors"),
      line(rt("UserErrors"), "Sum", "User errors"),
      line(rt("Throttles"), "Sum", "Throttles"),
    ]),
  ];
  const albRow = [
    graph(inputs, "Executor ALB requests and 5xx", [
      line(albMetric(ALB_METRICS.requestCount, alb), "Sum", "Requests"),
      line(albMetric(ALB_METRICS.elb5xx, alb), "Sum", "5xx from the ALB"),
      line(albMetric(ALB_METRICS.target5xx, alb), "Sum", "5xx from tasks"),
    ]),
    graph(inputs, "Executor targets", [
      line(targetGroupMetric("HealthyHostCount", alb), "Minimum", "Healthy"),
      line(targetGroupMetric("UnHealthyHostCount", alb), "Maximum", "Unhealthy"),
    ]),
    graph(inputs, "Target response time (s)", [
      line(albMetric(ALB_METRICS.targetResponseTime, alb), "Average", "Average"),
      line(albMetric(ALB_METRICS.targetResponseTime, alb), "p99", "p99"),
    ]),
  ];
  const executorRow = [
    graph(
      inputs,
      "Executor CPU and memory (%)",
      [
        line(ecsServiceMetric("CPUUtilization", service), "Average", "CPU"),
        line(ecsServiceMetric("MemoryUtilization", service), "Average", "Memory"),
      ],
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
    graph(
      inputs,
      "Executor tasks",
      [
        line(containerInsightsMetric("RunningTaskCount", service), "Minimum", "Running"),
        line(containerInsightsMetric("DesiredTaskCount", service), "Maximum", "Desired"),
      ],
      { annotations: { horizontal: [{ label: "minTasks", value: inputs.minTasks }] } },
    ),
    graph(inputs, "Executor sessions and budget kills", [
      line(
        executorLogMetric(EXECUTOR_LOG_METRICS.sessions, inputs.metricNamespace),
        "Sum",
        "Sessions created",
      ),
      line(
        executorLogMetric(EXECUTOR_LOG_METRICS.budgetKills, inputs.metricNamespace),
        "Sum",
        "Budget kills",
      ),
    ]),
  ];
  return {
    start: "-PT6H",
    periodOverride: "auto",
    widgets: layout([[header], [alarms], runtimeRow, albRow, executorRow]),
  };
}

/** Every documented limit a body breaks (widget and metric counts, the 24-column grid, overlaps). */
export function dashboardProblems(body: DashboardBody): string[] {
  const problems: string[] = [];
  const { widgets } = body;
  if (widgets.length > DASHBOARD_LIMITS.widgets) {
    problems.push(`${widgets.length} widgets; at most ${DASHBOARD_LIMITS.widgets}`);
  }
  let total = 0;
  widgets.forEach((w, i) => {
    const where = `widget ${i} (${String(w.properties["title"] ?? w.type)})`;
    if (!Number.isInteger(w.x) || w.x < 0 || w.width < 1 || w.x + w.width > DASHBOARD_LIMITS.gridWidth) {
      problems.push(
        `${where}: x ${w.x} + width ${w.width} leaves the ${DASHBOARD_LIMITS.gridWidth}-column grid`,
      );
    }
    if (!Number.isInteger(w.y) || w.y < 0 || w.height < 1 || w.height > DASHBOARD_LIMITS.maxHeight) {
      problems.push(`${where}: y ${w.y} / height ${w.height} out of range`);
    }
    if (w.type === "metric") {
      const metrics = (w.properties["metrics"] as unknown[] | undefined) ?? [];
      total += metrics.length;
      if (metrics.length > DASHBOARD_LIMITS.metricsPerWidget) {
        problems.push(`${where}: ${metrics.length} metrics; at most ${DASHBOARD_LIMITS.metricsPerWidget}`);
      }
      if (typeof w.properties["region"] !== "string") problems.push(`${where}: no region`);
    }
    if (w.type === "alarm") {
      const alarms = (w.properties["alarms"] as unknown[] | undefined) ?? [];
      if (alarms.length < 1 || alarms.length > DASHBOARD_LIMITS.alarmsPerWidget) {
        problems.push(`${where}: ${alarms.length} alarms; 1 to ${DASHBOARD_LIMITS.alarmsPerWidget}`);
      }
    }
    widgets.slice(0, i).forEach((o, j) => {
      const apart =
        w.x >= o.x + o.width || o.x >= w.x + w.width || w.y >= o.y + o.height || o.y >= w.y + w.height;
      if (!apart) problems.push(`${where} overlaps widget ${j}`);
    });
  });
  if (total > DASHBOARD_LIMITS.metricsPerDashboard) {
    problems.push(`${total} metrics; at most ${DASHBOARD_LIMITS.metricsPerDashboard} per dashboard`);
  }
  return problems;
}
