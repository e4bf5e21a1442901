/**
 * The runtime's environment: what the platform tells the agent (`RUNTIME_ENV`, which the agent's
 * configuration reads by the same names) about its surroundings, every agent's model settings, and the trace
 * export switch, over the user's extra variables.
 */
import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";
import { traceEnvironment } from "../observability/traces";
import { type AgentInferenceSettings, type ModelIds, agentModelEnvironment } from "./model-settings";

export interface AgentEnvironmentSettings {
  readonly models: ModelIds;
  readonly inference: AgentInferenceSettings;
  readonly traces: boolean;
}

/** Where the agent runs: its region, the executor's URL, the data bucket, the partition's DNS suffix. */
export interface RuntimeSurroundings {
  readonly region: string;
  readonly executorUrl: string;
  readonly dataBucket: string;
  /** For the X-Ray endpoint. */
  readonly dnsSuffix: string;
}

/** The runtime's environment: the user's extra variables, then every variable the platform owns. */
export function runtimeEnvironment(
  surroundings: RuntimeSurroundings,
  settings: AgentEnvironmentSettings,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ...extra,
    [RUNTIME_ENV.region]: surroundings.region,
    [RUNTIME_ENV.executorUrl]: surroundings.executorUrl,
    [RUNTIME_ENV.dataBucket]: surroundings.dataBucket,
    ...agentModelEnvironment(settings.models, settings.inference),
    ...traceEnvironment(settings.traces, surroundings.region, surroundings.dnsSuffix),
  };
}

/** The variables the platform sets on the runtime for these settings; `agent.environment` may not set them. */
export function platformRuntimeVariableNames(settings: AgentEnvironmentSettings): string[] {
  const example = { region: "region", executorUrl: "url", dataBucket: "bucket", dnsSuffix: "example.com" };
  return Object.keys(runtimeEnvironment(example, settings));
}
