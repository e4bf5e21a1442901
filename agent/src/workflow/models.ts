import { AGENT_NAMES, type AgentName } from "agentcore-vpc-platform-contract";
import { BedrockModel } from "@strands-agents/sdk";
import type { BedrockModelOptions, Model } from "@strands-agents/sdk";
import type { AgentConfig, PromptCacheMode } from "../config.js";
import { scriptedModels } from "./scripted-model.js";

/**
 * Whether an agent's requests carry cache points. `auto` follows the Bedrock provider's own rule (model ids
 * naming Anthropic or Claude): a model without prompt caching rejects a request that has cache points.
 */
export function promptCacheOn(mode: PromptCacheMode, modelId: string): boolean {
  return mode === "on" || (mode === "auto" && /anthropic|claude/i.test(modelId));
}

/**
 * The Bedrock model options of one agent: its model id, output cap, extended thinking when it has a budget
 * (Converse passes `thinking` through `additionalModelRequestFields`), and cache points on the tool specs,
 * the system prompt and the conversation when caching is on.
 */
export function bedrockOptions(config: AgentConfig, agent: AgentName): BedrockModelOptions {
  const modelId = config.models[agent];
  const { maxTokens, thinkingBudgetTokens } = config.modelSettings[agent];
  return {
    modelId,
    region: config.region,
    maxTokens,
    ...(thinkingBudgetTokens > 0
      ? { additionalRequestFields: { thinking: { type: "enabled", budget_tokens: thinkingBudgetTokens } } }
      : {}),
    // "anthropic", not "auto": promptCacheOn has decided already, and the provider's "auto" would say no to a
    // model id it cannot inspect (an application inference profile ARN) that the operator switched on.
    ...(promptCacheOn(config.promptCache, modelId) ? { cacheConfig: { strategy: "anthropic" } } : {}),
    // One retry policy, ours (backoff with full jitter, bounded by the run deadline): the SDK's own retries
    // would multiply with it.
    clientConfig: { region: config.region, maxAttempts: 1 },
  };
}

/**
 * Fresh models for one invocation: scripted ones (each with its own cursor) when AGENT_SCRIPTED_MODEL is set,
 * otherwise Bedrock models chosen and configured per agent. Scripted models get the same output cap, thinking
 * budget and caching decision as the Bedrock models they stand in for.
 */
export function createModels(config: AgentConfig): Record<AgentName, Model> {
  if (config.scriptedModelPath) {
    return scriptedModels(config.scriptedModelPath, (agent) => ({
      maxTokens: config.modelSettings[agent].maxTokens,
      thinkingBudgetTokens: config.modelSettings[agent].thinkingBudgetTokens,
      promptCache: promptCacheOn(config.promptCache, config.models[agent]),
    }));
  }
  return Object.fromEntries(
    AGENT_NAMES.map((agent) => [agent, new BedrockModel(bedrockOptions(config, agent)) as unknown as Model]),
  ) as Record<AgentName, Model>;
}
