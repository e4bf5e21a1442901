import { describe, expect, it } from "vitest";
import {
  DASHBOARD_LIMITS,
  type DashboardBody,
  type Widget,
  dashboardBody,
  dashboardProblems,
} from "./dashboard";

const inputs = {
  title: "deep-insight (stack dev)",
  region: "us-east-1",
  periodSeconds: 60,
  runtime: {
    name: "deep_insight_dev",
    arn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/deep_insight_dev-a1b2c3d4e5",
  },
  alb: { loadBalancer: "app/lb/50dc6c495c0c9188", targetGroup: "targetgroup/tg/73e2d6bc24d8a067" },
  service: { clusterName: "cluster-1", serviceName: "service-1" },
  minTasks: 1,
  metricNamespace: "AgentCoreVpcPlatform/deep-insight-dev",
  alarmArns: [
    "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a",
    "arn:aws:cloudwatch:us-east-1:123456789012:alarm:b",
  ],
};
const body = dashboardBody(inputs);

/** Every metric line of the dashboard as `namespace metric {dims}`. */
function metricLines(b: DashboardBody): string[] {
  return b.widgets
    .filter((w) => w.type === "metric")
    .flatMap((w) => w.properties["metrics"] as unknown[][])
    .map((line) => {
      const [namespace, name, ...rest] = line as string[];
      const dims = rest.filter((v) => typeof v === "string");
      return `${namespace} ${name} ${dims.join("=")}`;
    });
}

describe("dashboardBody", () => {
  it("is within every documented dashboard limit", () => {
    expect(dashboardProblems(body)).toEqual([]);
    // The API documents no body size cap; report it so growth is visible.
    expect(JSON.stringify(body).length).toBeGreaterThan(1000);
  });

  it("shows the runtime's invocations, latency and errors under the dimensions the alarms use", () => {
    const runtime = metricLines(body).filter((l) => l.startsWith("AWS/Bedrock-AgentCore"));
    const dims = `Operation=InvokeAgentRuntime=Name=deep_insight_dev::DEFAULT=Resource=${inputs.runtime.arn}`;
    expect(runtime).toEqual(
      ["Invocations", "SessionCount", "Latency", "Latency", "SystemErrors", "UserErrors", "Throttles"].map(
        (m) => `AWS/Bedrock-AgentCore ${m} ${dims}`,
      ),
    );
  });

  it("shows the ALB's 5xx, healthy targets and target response time", () => {
    const alb = metricLines(body).filter((l) => l.startsWith("AWS/ApplicationELB"));
    expect(alb).toEqual(
      expect.arrayContaining([
        "AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer=app/lb/50dc6c495c0c9188",
        "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/lb/50dc6c495c0c9188",
        "AWS/ApplicationELB HealthyHostCount TargetGroup=targetgroup/tg/73e2d6bc24d8a067=LoadBalancer=app/lb/50dc6c495c0c9188",
        "AWS/ApplicationELB TargetResponseTime LoadBalancer=app/lb/50dc6c495c0c9188",
      ]),
    );
  });

  it("shows ECS CPU, memory and running tasks, and the sessions and budget kills counted from logs", () => {
    expect(metricLines(body)).toEqual(
      expect.arrayContaining([
        "AWS/ECS CPUUtilization ClusterName=cluster-1=ServiceName=service-1",
        "AWS/ECS MemoryUtilization ClusterName=cluster-1=ServiceName=service-1",
        "ECS/ContainerInsights RunningTaskCount ClusterName=cluster-1=ServiceName=service-1",
        "AgentCoreVpcPlatform/deep-insight-dev ExecutorSessionsCreated ",
        "AgentCoreVpcPlatform/deep-insight-dev ExecutorBudgetKills ",
      ]),
    );
    const tasks = body.widgets.find((w) => w.properties["title"] === "Executor tasks") as Widget;
    expect(tasks.properties["annotations"]).toEqual({ horizontal: [{ label: "minTasks", value: 1 }] });
  });

  it("puts the alarms' states on top and sets every graph's region and period", () => {
    const alarms = body.widgets.find((w) => w.type === "alarm") as Widget;
    expect(alarms.properties["alarms"]).toEqual(inputs.alarmArns);
    for (const w of body.widgets.filter((x) => x.type === "metric")) {
      expect(w.properties).toMatchObject({ region: "us-east-1", period: 60 });
    }
  });
});

describe("dashboardProblems (documented limits)", () => {
  const metric = body.widgets.find((w) => w.type === "metric") as Widget;
  const at = (widgets: Widget[]): DashboardBody => ({ ...body, widgets });

  it("keeps widgets on the 24-column grid and apart", () => {
    expect(dashboardProblems(at([{ ...metric, x: 20, width: 8 }]))).toEqual([
      expect.stringContaining("24-column grid"),
    ]);
    expect(
      dashboardProblems(
        at([
          { ...metric, x: 0, y: 0 },
          { ...metric, x: 4, y: 2 },
        ]),
      ),
    ).toEqual([expect.stringContaining("overlaps widget 0")]);
    expect(dashboardProblems(at([{ ...metric, height: DASHBOARD_LIMITS.maxHeight + 1 }]))).toEqual([
      expect.stringContaining("out of range"),
    ]);
  });

  it("caps widgets at 500, metrics at 500 per widget and 2,500 per dashboard", () => {
    const line = (metric.properties["metrics"] as unknown[])[0];
    const wide = { ...metric, properties: { ...metric.properties, metrics: Array(501).fill(line) } };
    expect(dashboardProblems(at([wide]))).toEqual([expect.stringContaining("501 metrics; at most 500")]);
    const rows = Array.from({ length: 6 }, (_, i) => ({
      ...metric,
      x: 0,
      y: i * 6,
      properties: { ...metric.properties, metrics: Array(500).fill(line) },
    }));
    expect(dashboardProblems(at(rows))).toEqual(["3000 metrics; at most 2500 per dashboard"]);
    const many = Array.from({ length: 501 }, (_, i) => ({ ...metric, y: i * 6 }));
    expect(dashboardProblems(at(many))[0]).toBe("501 widgets; at most 500");
  });

  it("needs a region on every graph and 1-100 alarms in an alarm widget", () => {
    const { region: _region, ...noRegion } = metric.properties;
    expect(dashboardProblems(at([{ ...metric, properties: noRegion }]))).toEqual([
      expect.stringContaining("no region"),
    ]);
    const alarms = body.widgets.find((w) => w.type === "alarm") as Widget;
    expect(dashboardProblems(at([{ ...alarms, properties: { ...alarms.properties, alarms: [] } }]))).toEqual([
      expect.stringContaining("0 alarms"),
    ]);
  });
});
