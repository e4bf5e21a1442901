import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES, priceFor } from "../prices.js";
import { addUsage, emptyUsage, estimateCost, usageCost } from "./usage.js";

const SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

describe("token accounting", () => {
  it("adds calls, cache counts included, and keeps the total as the sum of the four kinds", () => {
    const total = emptyUsage();
    addUsage(total, { inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 1000 });
    addUsage(total, {
      inputTokens: 3,
      outputTokens: 7,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 40,
    });
    addUsage(total, { inputTokens: 1, outputTokens: 1 });
    expect(total).toEqual({
      inputTokens: 14,
      outputTokens: 13,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 1040,
      totalTokens: 2067,
    });
  });
});

describe("prices and cost", () => {
  it("finds a model's price by the longest part of its id, whatever the inference-profile prefix", () => {
    expect(priceFor(SONNET, DEFAULT_PRICES)).toEqual({
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    });
    expect(priceFor("anthropic.claude-sonnet-4-20250514-v1:0", DEFAULT_PRICES)?.input).toBe(3);
    expect(priceFor(HAIKU, DEFAULT_PRICES)?.output).toBe(5);
    const table = {
      ...DEFAULT_PRICES,
      "claude-sonnet-4-5-20250929": { input: 1, output: 1, cacheRead: 1, cacheWrite: 1 },
    };
    expect(priceFor(SONNET, table)?.input).toBe(1);
    expect(priceFor("amazon.nova-pro-v1:0", DEFAULT_PRICES)).toBeUndefined();
  });

  it("prices each kind of token at its own rate", () => {
    const usage = { ...emptyUsage(), inputTokens: 1_000, outputTokens: 2_000, cacheReadInputTokens: 100_000 };
    usage.cacheWriteInputTokens = 10_000;
    // 1k × $3 + 2k × $15 + 100k × $0.30 + 10k × $3.75, per million
    expect(usageCost(usage, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })).toBe(0.1005);
  });

  it("estimates per agent with the configured models, lists unpriced agents and leaves them out of the total", () => {
    const coder = addUsage(emptyUsage(), {
      inputTokens: 2_000,
      outputTokens: 1_000,
      cacheReadInputTokens: 50_000,
    });
    const planner = addUsage(emptyUsage(), {
      inputTokens: 500,
      outputTokens: 200,
      cacheWriteInputTokens: 1_500,
    });
    const reporter = addUsage(emptyUsage(), { inputTokens: 1_000, outputTokens: 1_000 });
    const models = { planner: HAIKU, coder: SONNET, validator: SONNET, reporter: "amazon.nova-pro-v1:0" };
    const estimate = estimateCost({ planner, coder, reporter }, models, DEFAULT_PRICES);
    expect(estimate).toEqual({
      currency: "USD",
      // planner: 500 × 1 + 200 × 5 + 1500 × 1.25 = 3375 → 0.003375; coder: 2000 × 3 + 1000 × 15 + 50000 × 0.3 = 36000
      totalUsd: 0.039375,
      agents: {
        planner: { modelId: HAIKU, usd: 0.003375 },
        coder: { modelId: SONNET, usd: 0.036 },
        reporter: { modelId: "amazon.nova-pro-v1:0", usd: null },
      },
      unpriced: ["reporter"],
    });
  });
});
