/**
 * Shared shapes for doctor: check results, the context every check reads, and the AWS clients.
 */
import type { BedrockAgentCoreClient } from "@aws-sdk/client-bedrock-agentcore";
import type { BedrockAgentCoreControlClient } from "@aws-sdk/client-bedrock-agentcore-control";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { IAMClient } from "@aws-sdk/client-iam";

export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  detail: string;
  /** What to do about a fail or warn. */
  fix?: string;
  /** Extra evidence shown under the detail (ENIs, log lines, stopped reasons…). */
  lines?: string[];
}

/** Stack outputs as plain values (`pulumi stack output --json`). */
export type StackOutputs = Readonly<Record<string, unknown>>;

export interface DoctorContext {
  stack: string;
  region: string;
  outputs: StackOutputs;
  /** Supported AgentCore AZ IDs for a region (from the component package); undefined when unknown. */
  supportedAzIds: (region: string) => readonly string[] | undefined;
  /** Interface endpoint services the platform creates (e.g. ecr.api, logs); the S3 gateway is always expected. */
  interfaceEndpoints: readonly string[];
  /** Milliseconds since the epoch; injected so tests are deterministic. */
  now: () => number;
  /** Session id for --invoke (33+ characters). */
  newSessionId: () => string;
}

export interface DoctorClients {
  control: BedrockAgentCoreControlClient;
  data: BedrockAgentCoreClient;
  ec2: EC2Client;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  logs: CloudWatchLogsClient;
  iam: IAMClient;
}
