import type { AgentName, CostEstimate, Usage } from "agentcore-vpc-platform-contract";
import { priceFor, type PriceTable } from "../prices.js";

/** What one model call reports (Strands' `Usage`: cache counts only when the provider sends them). */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number | undefined;
  cacheWriteInputTokens?: number | undefined;
}

export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    totalTokens: 0,
  };
}

/**
 * Adds one call's counts to a running total. The total is recomputed from the four counts rather than taken
 * from the provider's `totalTokens`, whose meaning (with or without cache tokens) differs between providers.
 */
export function addUsage(total: Usage, more: ModelUsage): Usage {
  total.inputTokens += more.inputTokens;
  total.outputTokens += more.outputTokens;
  total.cacheReadInputTokens += more.cacheReadInputTokens ?? 0;
  total.cacheWriteInputTokens += more.cacheWriteInputTokens ?? 0;
  total.totalTokens =
    total.inputTokens + total.outputTokens + total.cacheReadInputTokens + total.cacheWriteInputTokens;
  return total;
}

/** USD, rounded to a millionth of a dollar so sums of floats print cleanly. */
const usd = (value: number) => Math.round(value * 1e6) / 1e6;

/** One agent's cost in USD from its counts and the per-million-token price of its model. */
export function usageCost(usage: Usage, price: NonNullable<ReturnType<typeof priceFor>>): number {
  return usd(
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadInputTokens * price.cacheRead +
      usage.cacheWriteInputTokens * price.cacheWrite) /
      1e6,
  );
}

/**
 * The run's cost estimate, per agent, priced as the model each agent is configured with (a scripted run is
 * priced as the Bedrock models it stands in for). Agents whose model has no price are listed, not guessed.
 */
export function estimateCost(
  usage: Partial<Record<AgentName, Usage>>,
  models: Record<AgentName, string>,
  prices: PriceTable,
): CostEstimate {
  const estimate: CostEstimate = { currency: "USD", totalUsd: 0, agents: {}, unpriced: [] };
  for (const [agent, counts] of Object.entries(usage) as [AgentName, Usage][]) {
    const modelId = models[agent];
    const price = priceFor(modelId, prices);
    const cost = price ? usageCost(counts, price) : null;
    estimate.agents[agent] = { modelId, usd: cost };
    if (cost === null) estimate.unpriced.push(agent);
    else estimate.totalUsd = usd(estimate.totalUsd + cost);
  }
  return estimate;
}
