import type { AwsConnection } from "../connection/types";

/** Server protocols this component supports (the SDK also knows AGUI; not offered here). */
export const SERVER_PROTOCOLS = ["HTTP", "MCP", "A2A"] as const;
export type ServerProtocol = (typeof SERVER_PROTOCOLS)[number];

/** Bounds of AgentCore's lifecycle settings, in seconds (API reference, LifecycleConfiguration). */
export const LIFECYCLE = { min: 60, max: 28800 } as const;

/**
 * Pulumi's wire value for "unknown during preview". Copied rather than imported so the provider's
 * serialized closure never has to capture `@pulumi/pulumi`.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The provider's inputs, resolved (what `create`/`update` receive from the engine). */
export interface RuntimeInputs {
  region: string;
  agentRuntimeName: string;
  containerUri: string;
  roleArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  environmentVariables?: Record<string, string>;
  description?: string;
  protocol?: ServerProtocol;
  idleRuntimeSessionTimeout?: number;
  maxLifetime?: number;
  tags?: Record<string, string>;
  /** The identity to act as (see `AwsConnection`); not part of the runtime's configuration. */
  aws?: AwsConnection;
}

/** Inputs with every default applied: the full configuration sent to AWS on create and update. */
export interface RuntimeConfig {
  region: string;
  agentRuntimeName: string;
  containerUri: string;
  roleArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  environmentVariables: Record<string, string>;
  description?: string;
  protocol: ServerProtocol;
  idleRuntimeSessionTimeout: number;
  maxLifetime: number;
  tags: Record<string, string>;
}

/** What the resource records in state. */
export interface RuntimeOutputs extends RuntimeConfig {
  aws?: AwsConnection;
  agentRuntimeId: string;
  agentRuntimeArn: string;
  agentRuntimeVersion: string;
  status: string;
}

/** The input keys, in a stable order (used by diff and by the client-token hash). */
export const INPUT_KEYS = [
  "region",
  "agentRuntimeName",
  "containerUri",
  "roleArn",
  "subnetIds",
  "securityGroupIds",
  "environmentVariables",
  "description",
  "protocol",
  "idleRuntimeSessionTimeout",
  "maxLifetime",
  "tags",
] as const satisfies readonly (keyof RuntimeInputs)[];
