import { describe, expect, it } from "vitest";
import { simulateCache, tokenEstimate } from "./scripted-cache.js";

const request = (messages: number[], lastUserIndex = messages.length - 1) => ({
  tools: 300,
  system: 700,
  messages,
  lastUserIndex,
});

describe("the scripted model's prompt cache", () => {
  it("estimates four characters a token, rounding up", () => {
    expect([tokenEstimate(""), tokenEstimate("abcd"), tokenEstimate("abcde")]).toEqual([0, 1, 2]);
  });

  it("writes the prefix up to the last user message on the first call and reads it on the next", () => {
    const first = simulateCache(request([50]), true, 0);
    expect(first).toEqual({
      usage: { inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 1050 },
      cachedAfter: 1050,
    });
    // The model answered (80) and a tool result came back (120): only the new part is written.
    const second = simulateCache(request([50, 80, 120]), true, first.cachedAfter);
    expect(second).toEqual({
      usage: { inputTokens: 0, cacheReadInputTokens: 1050, cacheWriteInputTokens: 200 },
      cachedAfter: 1250,
    });
  });

  it("counts what follows the last user message as plain input", () => {
    const usage = simulateCache(request([50, 80], 0), true, 1050).usage;
    expect(usage).toEqual({ inputTokens: 80, cacheReadInputTokens: 1050, cacheWriteInputTokens: 0 });
  });

  it("caches nothing below the minimum checkpoint size, then caches the whole prefix once it is reached", () => {
    const small = { tools: 300, system: 500, messages: [100], lastUserIndex: 0 };
    expect(simulateCache(small, true, 0)).toEqual({
      usage: { inputTokens: 900, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      cachedAfter: 0,
    });
    const grown = simulateCache({ ...small, messages: [100, 60, 80], lastUserIndex: 2 }, true, 0);
    expect(grown.usage).toEqual({ inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 1040 });
    expect(simulateCache(small, true, 0, 800).usage.cacheWriteInputTokens).toBe(900);
  });

  it("reports every token as plain input without cache points, and keeps nothing", () => {
    expect(simulateCache(request([50, 80, 120]), false, 0)).toEqual({
      usage: { inputTokens: 1250, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      cachedAfter: 0,
    });
  });
});
