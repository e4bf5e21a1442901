import type {
  CreateAgentRuntimeRequest,
  GetAgentRuntimeResponse,
  NetworkConfiguration,
  UpdateAgentRuntimeRequest,
} from "@aws-sdk/client-bedrock-agentcore-control";
import type * as NodeCrypto from "node:crypto";
import { RUNTIME_DEFAULTS } from "../defaults";
import type { RuntimeConfig, RuntimeInputs, RuntimeOutputs, ServerProtocol } from "./types";

/**
 * Applies defaults so that create and update always send the full configuration: the API reference does not
 * say whether UpdateAgentRuntime keeps or clears the fields a request leaves out.
 * @param inputs resolved provider inputs
 * @returns the configuration with defaults: protocol HTTP, maxLifetime 28800, idle min(900, maxLifetime),
 *   empty env and tags
 */
export function normalizeInputs(inputs: RuntimeInputs): RuntimeConfig {
  const maxLifetime = inputs.maxLifetime ?? RUNTIME_DEFAULTS.maxLifetime;
  const config: RuntimeConfig = {
    region: inputs.region,
    agentRuntimeName: inputs.agentRuntimeName,
    containerUri: inputs.containerUri,
    roleArn: inputs.roleArn,
    subnetIds: [...(inputs.subnetIds ?? [])],
    securityGroupIds: [...(inputs.securityGroupIds ?? [])],
    environmentVariables: { ...(inputs.environmentVariables ?? {}) },
    protocol: inputs.protocol ?? RUNTIME_DEFAULTS.protocol,
    // A defaulted idle timeout is clamped so a short maxLifetime alone is still valid.
    idleRuntimeSessionTimeout:
      inputs.idleRuntimeSessionTimeout ?? Math.min(RUNTIME_DEFAULTS.idleRuntimeSessionTimeout, maxLifetime),
    maxLifetime,
    tags: { ...(inputs.tags ?? {}) },
  };
  if (inputs.description !== undefined) config.description = inputs.description;
  return config;
}

/**
 * VPC network mode with the given subnets and security groups; never `requireServiceS3Endpoint`, which
 * AgentCore rejects for runtimes created after its S3 rollout (May 2026).
 */
export function toNetworkConfiguration(config: RuntimeConfig): NetworkConfiguration {
  return {
    networkMode: "VPC",
    networkModeConfig: { subnets: [...config.subnetIds], securityGroups: [...config.securityGroupIds] },
  };
}

function sharedFields(config: RuntimeConfig) {
  return {
    agentRuntimeArtifact: { containerConfiguration: { containerUri: config.containerUri } },
    roleArn: config.roleArn,
    networkConfiguration: toNetworkConfiguration(config),
    ...(config.description !== undefined ? { description: config.description } : {}),
    protocolConfiguration: { serverProtocol: config.protocol },
    lifecycleConfiguration: {
      idleRuntimeSessionTimeout: config.idleRuntimeSessionTimeout,
      maxLifetime: config.maxLifetime,
    },
    environmentVariables: { ...config.environmentVariables },
  };
}

/**
 * Maps the configuration to a CreateAgentRuntime request.
 * @param config normalized configuration
 * @param clientToken idempotency token (see {@link clientTokenFor})
 */
export function toCreateRequest(config: RuntimeConfig, clientToken: string): CreateAgentRuntimeRequest {
  return {
    agentRuntimeName: config.agentRuntimeName,
    ...sharedFields(config),
    clientToken,
    ...(Object.keys(config.tags).length > 0 ? { tags: { ...config.tags } } : {}),
  };
}

/**
 * Maps the configuration to an UpdateAgentRuntime request: the full configuration, every time.
 * Tags are not part of UpdateAgentRuntime; they go through TagResource/UntagResource.
 * @param agentRuntimeId the runtime to update
 * @param config normalized configuration
 * @param clientToken idempotency token
 */
export function toUpdateRequest(
  agentRuntimeId: string,
  config: RuntimeConfig,
  clientToken: string,
): UpdateAgentRuntimeRequest {
  return { agentRuntimeId, ...sharedFields(config), clientToken };
}

/** JSON with object keys sorted, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A deterministic idempotency token: "pulumi-" + sha256 of the operation and its parts (71 chars,
 * inside the API's 33-256 char pattern `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}`). Retries of the same
 * request, even from a later `pulumi up` after a crash, reuse it, so AWS returns the same runtime.
 * @param operation "create" | "update" | a salted variant
 * @param parts anything that identifies the request
 */
export function clientTokenFor(operation: string, ...parts: unknown[]): string {
  // Loaded here, not imported at module level, to keep the provider's closure serializable.
  const { createHash } = require("node:crypto") as typeof NodeCrypto;
  const digest = createHash("sha256")
    .update(canonicalJson([operation, ...parts]))
    .digest("hex");
  return `pulumi-${digest}`;
}

/**
 * Maps a GetAgentRuntime response (plus separately-listed tags) to the resource's outputs; used by refresh.
 * @param get the GetAgentRuntime response
 * @param region the region the runtime lives in
 * @param tags the runtime's tags from ListTagsForResource
 */
export function outputsFromGet(
  get: GetAgentRuntimeResponse,
  region: string,
  tags: Record<string, string>,
): RuntimeOutputs {
  const vpc = get.networkConfiguration?.networkModeConfig;
  const maxLifetime = get.lifecycleConfiguration?.maxLifetime ?? RUNTIME_DEFAULTS.maxLifetime;
  const outputs: RuntimeOutputs = {
    region,
    agentRuntimeName: get.agentRuntimeName ?? "",
    containerUri: get.agentRuntimeArtifact?.containerConfiguration?.containerUri ?? "",
    roleArn: get.roleArn ?? "",
    subnetIds: [...(vpc?.subnets ?? [])],
    securityGroupIds: [...(vpc?.securityGroups ?? [])],
    environmentVariables: { ...(get.environmentVariables ?? {}) },
    protocol: (get.protocolConfiguration?.serverProtocol ?? RUNTIME_DEFAULTS.protocol) as ServerProtocol,
    idleRuntimeSessionTimeout:
      get.lifecycleConfiguration?.idleRuntimeSessionTimeout ??
      Math.min(RUNTIME_DEFAULTS.idleRuntimeSessionTimeout, maxLifetime),
    maxLifetime,
    tags: { ...tags },
    agentRuntimeId: get.agentRuntimeId ?? "",
    agentRuntimeArn: get.agentRuntimeArn ?? "",
    agentRuntimeVersion: get.agentRuntimeVersion ?? "",
    status: get.status ?? "UNKNOWN",
  };
  if (get.description !== undefined) outputs.description = get.description;
  return outputs;
}

/**
 * The tag operations that turn `current` into `desired`.
 * @returns keys to remove and the entries to add or change
 */
export function tagChanges(
  current: Record<string, string>,
  desired: Record<string, string>,
): { remove: string[]; set: Record<string, string> } {
  const remove = Object.keys(current).filter((k) => !(k in desired));
  const set = Object.fromEntries(Object.entries(desired).filter(([k, v]) => current[k] !== v));
  return { remove, set };
}
