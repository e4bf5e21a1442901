/**
 * What the runtime needs to export the agent's OpenTelemetry spans to AgentCore observability: the agent
 * loads the AWS Distro for OpenTelemetry when `AGENT_OBSERVABILITY_ENABLED` is true, and ADOT then sends
 * SigV4-signed OTLP to X-Ray's traces endpoint, from which CloudWatch Transaction Search indexes the spans
 * (`aws/spans`). AgentCore presets some OTEL variables itself (which ones is not documented), so the traces
 * exporter, protocol and endpoint are set explicitly; the resource attributes (service name, log group) are
 * left to AgentCore, which knows the runtime id they contain.
 */
import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";

/**
 * X-Ray's OTLP traces endpoint in a region
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-OTLPEndpoint.html).
 * @param dnsSuffix the partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`)
 */
export function xrayOtlpTracesEndpoint(region: string, dnsSuffix: string): string {
  return `https://xray.${region}.${dnsSuffix}/v1/traces`;
}

/**
 * The runtime variables for traces on or off. Off also sets `DISABLE_ADOT_OBSERVABILITY`, which makes
 * AgentCore drop the ADOT variables it presets
 * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/observability-configure.html).
 */
export function traceEnvironment(traces: boolean, region: string, dnsSuffix: string): Record<string, string> {
  if (!traces) {
    return { [RUNTIME_ENV.observabilityEnabled]: "false", [RUNTIME_ENV.disableAdotObservability]: "true" };
  }
  return {
    [RUNTIME_ENV.observabilityEnabled]: "true",
    [RUNTIME_ENV.otelTracesExporter]: "otlp",
    [RUNTIME_ENV.otelExporterProtocol]: "http/protobuf",
    [RUNTIME_ENV.otelTracesEndpoint]: xrayOtlpTracesEndpoint(region, dnsSuffix),
  };
}
