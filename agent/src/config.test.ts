import { DEFAULT_MAX_TOKENS, DEFAULT_MODEL_ID } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { DEFAULT_PRICES } from "./prices.js";

const base = { DATA_BUCKET: "bucket-for-tests" };

describe("model settings from the environment", () => {
  it("defaults every agent to the default model, the default cap and thinking off", () => {
    const config = loadConfig({ ...base, DEFAULT_MODEL_ID: "m-default", CODER_MODEL_ID: "m-coder" });
    expect(config.models).toEqual({
      planner: "m-default",
      coder: "m-coder",
      validator: "m-default",
      reporter: "m-default",
    });
    for (const settings of Object.values(config.modelSettings))
      expect(settings).toEqual({
        maxTokens: DEFAULT_MAX_TOKENS,
        thinkingBudgetTokens: 0,
        toolChoice: "auto",
      });
    expect(loadConfig(base).models.planner).toBe(DEFAULT_MODEL_ID);
  });

  it("reads each agent's cap and budget from its own variables", () => {
    const config = loadConfig({
      ...base,
      PLANNER_MAX_TOKENS: "2048",
      PLANNER_THINKING_BUDGET_TOKENS: "1024",
      REPORTER_MAX_TOKENS: "32000",
      REPORTER_THINKING_BUDGET_TOKENS: "0",
    });
    expect(config.modelSettings.planner).toMatchObject({ maxTokens: 2048, thinkingBudgetTokens: 1024 });
    expect(config.modelSettings.reporter).toMatchObject({ maxTokens: 32000, thinkingBudgetTokens: 0 });
    expect(config.modelSettings.coder).toMatchObject({
      maxTokens: DEFAULT_MAX_TOKENS,
      thinkingBudgetTokens: 0,
    });
  });

  it.each([
    [
      { CODER_THINKING_BUDGET_TOKENS: "1023" },
      /CODER_THINKING_BUDGET_TOKENS must be 0 \(thinking off\) or at least 1024, got 1023/,
    ],
    [
      { VALIDATOR_MAX_TOKENS: "4096", VALIDATOR_THINKING_BUDGET_TOKENS: "4096" },
      /VALIDATOR_THINKING_BUDGET_TOKENS must be below maxTokens \(4096\)/,
    ],
    [{ PLANNER_MAX_TOKENS: "0" }, /PLANNER_MAX_TOKENS must be a whole number of 1 or more, got 0/],
    [{ REPORTER_MAX_TOKENS: "lots" }, /REPORTER_MAX_TOKENS: must be a number of tokens/],
    [{ CODER_MAX_TOKENS: "1.5" }, /CODER_MAX_TOKENS: must be an integer/],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it("reports every agent's problem at once", () => {
    const env = { ...base, PLANNER_THINKING_BUDGET_TOKENS: "10", CODER_THINKING_BUDGET_TOKENS: "99999" };
    expect(() => loadConfig(env)).toThrow(/PLANNER_THINKING_BUDGET_TOKENS.*; CODER_THINKING_BUDGET_TOKENS/);
  });
});

describe("caching, prices and traces", () => {
  it("caches in auto mode by default, and takes on, off and nothing else", () => {
    expect(loadConfig(base).promptCache).toBe("auto");
    expect(loadConfig({ ...base, AGENT_PROMPT_CACHE: "off" }).promptCache).toBe("off");
    expect(() => loadConfig({ ...base, AGENT_PROMPT_CACHE: "sometimes" })).toThrow(/AGENT_PROMPT_CACHE/);
  });

  it("lays AGENT_PRICES over the defaults, and refuses malformed JSON or a price without a kind", () => {
    const own = { "my-model": { input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 } };
    expect(loadConfig({ ...base, AGENT_PRICES: JSON.stringify(own) }).prices).toEqual({
      ...DEFAULT_PRICES,
      ...own,
    });
    expect(loadConfig(base).prices).toEqual(DEFAULT_PRICES);
    expect(() => loadConfig({ ...base, AGENT_PRICES: "{not json" })).toThrow(/AGENT_PRICES: must be JSON/);
    expect(() => loadConfig({ ...base, AGENT_PRICES: '{"m": {"input": 1, "output": 2}}' })).toThrow(
      /AGENT_PRICES\.m\.cacheRead/,
    );
    expect(() =>
      loadConfig({
        ...base,
        AGENT_PRICES: '{"m": {"input": -1, "output": 2, "cacheRead": 0, "cacheWrite": 0}}',
      }),
    ).toThrow(/AGENT_PRICES\.m\.input/);
  });

  it("turns traces on only when the runtime says true", () => {
    expect(loadConfig(base).tracing).toBe(false);
    expect(loadConfig({ ...base, AGENT_OBSERVABILITY_ENABLED: "true" }).tracing).toBe(true);
    expect(loadConfig({ ...base, AGENT_OBSERVABILITY_ENABLED: "TRUE" }).tracing).toBe(true);
    expect(loadConfig({ ...base, AGENT_OBSERVABILITY_ENABLED: "false" }).tracing).toBe(false);
    expect(() => loadConfig({ ...base, AGENT_OBSERVABILITY_ENABLED: "yes" })).toThrow(
      /AGENT_OBSERVABILITY_ENABLED/,
    );
  });
});
