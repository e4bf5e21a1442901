/**
 * The CloudWatch metrics the dashboard and alarms read, each with the AWS page that defines its namespace,
 * name and dimensions. Pure: the inputs are plain strings, resolved from the resources by the caller.
 */

/** One metric: namespace, name and the full set of dimensions it is published with. */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * AgentCore Runtime service metrics, published per minute by AgentCore itself (no agent code involved).
 * Names: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/observability-runtime-metrics.html
 * Namespace `AWS/Bedrock-AgentCore`: the AWS CDK's runtime construct (aws-cdk `aws-bedrockagentcore`
 * `runtime-base.ts`).
 */
export const AGENTCORE_NAMESPACE = "AWS/Bedrock-AgentCore";
export const AGENTCORE_METRICS = {
  invocations: "Invocations",
  latency: "Latency",
  systemErrors: "SystemErrors",
  userErrors: "UserErrors",
  throttles: "Throttles",
  sessionCount: "SessionCount",
} as const;

/**
 * The dimensions AgentCore publishes per-runtime metrics with. AWS's metrics page lists none, and two
 * sources disagree:
 * - aws/aws-cdk PR #38486 (merged 2026-08-03): `{ Operation: "InvokeAgentRuntime", Name:
 *   "<runtimeName>::DEFAULT", Resource: <runtime ARN> }`, after alarms on `{ Resource }` alone never got
 *   data;
 * - Netflix-Skunkworks/iep-apps PR #721 (2026-04-24): `{ Service, Resource }`.
 * We use the CDK's set: it is the later of the two, it was made by AWS's own CDK team to fix alarms that
 * stayed in INSUFFICIENT_DATA, and it has the shape AWS documents for AgentCore Gateway metrics (Operation,
 * Resource, Name). Verify in an account with `aws cloudwatch list-metrics --namespace AWS/Bedrock-AgentCore`;
 * this function is the one place to change if AgentCore publishes otherwise.
 * @param endpointName the runtime endpoint the metrics are for @default "DEFAULT"
 */
export function agentCoreRuntimeDimensions(
  runtimeName: string,
  runtimeArn: string,
  endpointName = "DEFAULT",
): Record<string, string> {
  return { Operation: "InvokeAgentRuntime", Name: `${runtimeName}::${endpointName}`, Resource: runtimeArn };
}

export function agentCoreRuntimeMetric(
  metricName: (typeof AGENTCORE_METRICS)[keyof typeof AGENTCORE_METRICS],
  runtime: { readonly name: string; readonly arn: string },
): MetricRef {
  return {
    namespace: AGENTCORE_NAMESPACE,
    metricName,
    dimensions: agentCoreRuntimeDimensions(runtime.name, runtime.arn),
  };
}

/**
 * Application Load Balancer metrics.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * `LoadBalancer` is the ALB's ARN suffix (`app/<name>/<id>`), `TargetGroup` the target group's
 * (`targetgroup/<name>/<id>`); host counts exist only per target group and load balancer together.
 */
export const ALB_NAMESPACE = "AWS/ApplicationELB";
export const ALB_METRICS = {
  requestCount: "RequestCount",
  elb5xx: "HTTPCode_ELB_5XX_Count",
  target5xx: "HTTPCode_Target_5XX_Count",
  targetResponseTime: "TargetResponseTime",
  healthyHosts: "HealthyHostCount",
  unhealthyHosts: "UnHealthyHostCount",
} as const;

export interface LoadBalancerRef {
  /** ARN suffix of the ALB (`aws.lb.LoadBalancer.arnSuffix`). */
  readonly loadBalancer: string;
  /** ARN suffix of the target group (`aws.lb.TargetGroup.arnSuffix`). */
  readonly targetGroup: string;
}

/** An ALB metric of the whole load balancer (requests, 5xx counts, response time). */
export function albMetric(
  metricName: "RequestCount" | "HTTPCode_ELB_5XX_Count" | "HTTPCode_Target_5XX_Count" | "TargetResponseTime",
  alb: LoadBalancerRef,
): MetricRef {
  return { namespace: ALB_NAMESPACE, metricName, dimensions: { LoadBalancer: alb.loadBalancer } };
}

/** An ALB metric of the executor's target group (host counts). */
export function targetGroupMetric(
  metricName: "HealthyHostCount" | "UnHealthyHostCount",
  alb: LoadBalancerRef,
): MetricRef {
  return {
    namespace: ALB_NAMESPACE,
    metricName,
    dimensions: { TargetGroup: alb.targetGroup, LoadBalancer: alb.loadBalancer },
  };
}

export interface EcsServiceRef {
  readonly clusterName: string;
  readonly serviceName: string;
}

/**
 * ECS service utilization, published by ECS for every service.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 */
export const ECS_NAMESPACE = "AWS/ECS";
export function ecsServiceMetric(
  metricName: "CPUUtilization" | "MemoryUtilization",
  service: EcsServiceRef,
): MetricRef {
  return {
    namespace: ECS_NAMESPACE,
    metricName,
    dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceName },
  };
}

/**
 * Task counts from Container Insights (on for the executor's cluster).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 */
export const CONTAINER_INSIGHTS_NAMESPACE = "ECS/ContainerInsights";
export function containerInsightsMetric(
  metricName: "RunningTaskCount" | "DesiredTaskCount",
  service: EcsServiceRef,
): MetricRef {
  return {
    namespace: CONTAINER_INSIGHTS_NAMESPACE,
    metricName,
    dimensions: { ClusterName: service.clusterName, ServiceName: service.serviceName },
  };
}

/**
 * The platform's own metrics, made from the executor's structured log lines by metric filters (no
 * dimensions, so each filter can publish 0 for minutes without a match). The namespace is per platform
 * (`PlatformNames.metricNamespace`).
 */
export const EXECUTOR_LOG_METRICS = {
  sessions: "ExecutorSessionsCreated",
  budgetKills: "ExecutorBudgetKills",
} as const;

export function executorLogMetric(
  metricName: (typeof EXECUTOR_LOG_METRICS)[keyof typeof EXECUTOR_LOG_METRICS],
  namespace: string,
): MetricRef {
  return { namespace, metricName, dimensions: {} };
}
