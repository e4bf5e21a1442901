import type { AgentName } from "agentcore-vpc-platform-contract";
import { BedrockModel } from "@strands-agents/sdk";
import type { Model } from "@strands-agents/sdk";
import type { AgentConfig } from "../config.js";
import { scriptedModels } from "./scripted-model.js";

/**
 * Fresh models for one invocation: scripted ones (each with its own cursor) when AGENT_SCRIPTED_MODEL is set,
 * otherwise Bedrock models chosen per agent (CODER_MODEL_ID, VALIDATOR_MODEL_ID, REPORTER_MODEL_ID).
 */
export function createModels(config: AgentConfig): Record<AgentName, Model> {
  if (config.scriptedModelPath) return scriptedModels(config.scriptedModelPath);
  const bedrock = (name: AgentName): Model =>
    new BedrockModel({
      modelId: config.models[name],
      region: config.region,
      // One retry policy, ours (backoff with full jitter, bounded by the run deadline): the SDK's own
      // retries would multiply with it.
      clientConfig: { region: config.region, maxAttempts: 1 },
    }) as unknown as Model;
  return { coder: bedrock("coder"), validator: bedrock("validator"), reporter: bedrock("reporter") };
}
