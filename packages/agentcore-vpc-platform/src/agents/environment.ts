/**
 * The runtime variables the platform adds for the agent beyond its surroundings (region, executor URL, data
 * bucket): every agent's model settings and the trace export switch.
 */
import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";
import { traceEnvironment } from "../observability/traces";
import { type AgentInferenceSettings, type ModelIds, agentModelEnvironment } from "./model-settings";

export interface AgentEnvironmentSettings {
  readonly models: ModelIds;
  readonly inference: AgentInferenceSettings;
  readonly traces: boolean;
}

/**
 * Model settings and trace variables for the runtime.
 * @param dnsSuffix the partition's DNS suffix, for the X-Ray endpoint
 */
export function agentEnvironment(
  settings: AgentEnvironmentSettings,
  region: string,
  dnsSuffix: string,
): Record<string, string> {
  return {
    ...agentModelEnvironment(settings.models, settings.inference),
    ...traceEnvironment(settings.traces, region, dnsSuffix),
  };
}

/** The variables the platform sets on the runtime for these settings (its surroundings included). */
export function platformRuntimeVariableNames(settings: AgentEnvironmentSettings): string[] {
  const surroundings = [RUNTIME_ENV.region, RUNTIME_ENV.executorUrl, RUNTIME_ENV.dataBucket];
  return [...new Set([...surroundings, ...Object.keys(agentEnvironment(settings, "region", "example.com"))])];
}
