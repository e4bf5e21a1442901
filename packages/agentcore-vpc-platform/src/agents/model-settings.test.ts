import { DEFAULT_MODEL_ID, RUNTIME_ENV_NAMES } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import {
  agentModelEnvironment,
  modelSettingsProblems,
  resolveInference,
  resolveModelIds,
} from "./model-settings";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const OPUS = "us.anthropic.claude-opus-4-1-20250805-v1:0";

describe("resolving each agent's settings", () => {
  it("gives the planner and every other agent the default model unless it has its own", () => {
    expect(resolveModelIds(undefined)).toEqual({
      default: DEFAULT_MODEL_ID,
      planner: DEFAULT_MODEL_ID,
      coder: DEFAULT_MODEL_ID,
      validator: DEFAULT_MODEL_ID,
      reporter: DEFAULT_MODEL_ID,
    });
    expect(resolveModelIds({ default: HAIKU, planner: OPUS })).toMatchObject({
      default: HAIKU,
      planner: OPUS,
      coder: HAIKU,
    });
  });

  it("takes an agent's own limit, then the given default, then 8192 tokens with thinking off", () => {
    const inference = resolveInference({
      maxTokens: { default: 16000, reporter: 32000 },
      thinkingBudgetTokens: { coder: 4096 },
    });
    expect(inference).toEqual({
      planner: { maxTokens: 16000, thinkingBudgetTokens: 0 },
      coder: { maxTokens: 16000, thinkingBudgetTokens: 4096 },
      validator: { maxTokens: 16000, thinkingBudgetTokens: 0 },
      reporter: { maxTokens: 32000, thinkingBudgetTokens: 0 },
    });
    expect(resolveInference(undefined).planner).toEqual({ maxTokens: 8192, thinkingBudgetTokens: 0 });
  });
});

describe("modelSettingsProblems", () => {
  it("accepts the defaults and a thinking budget between 1024 and the agent's limit", () => {
    expect(modelSettingsProblems(undefined)).toEqual([]);
    expect(
      modelSettingsProblems({
        maxTokens: { coder: 16000 },
        thinkingBudgetTokens: { coder: 1024, validator: 8191 },
      }),
    ).toEqual([]);
  });

  it("blames the agent's own budget when it is below 1024 or not below its limit", () => {
    expect(modelSettingsProblems({ thinkingBudgetTokens: { planner: 512 } })).toEqual([
      {
        propertyPath: "models.thinkingBudgetTokens.planner",
        reason: expect.stringContaining("at least 1024"),
      },
    ]);
    expect(
      modelSettingsProblems({ maxTokens: { validator: 4096 }, thinkingBudgetTokens: { validator: 4096 } }),
    ).toEqual([
      {
        propertyPath: "models.thinkingBudgetTokens.validator",
        reason: expect.stringContaining("below maxTokens (4096)"),
      },
    ]);
  });

  it("blames a default once, naming the agents it breaks", () => {
    const problems = modelSettingsProblems({
      maxTokens: { default: 2048, reporter: 16000 },
      thinkingBudgetTokens: { default: 4096 },
    });
    expect(problems).toEqual([
      {
        propertyPath: "models.thinkingBudgetTokens.default",
        reason: expect.stringMatching(/below maxTokens \(2048\).*\(for planner, coder, validator\)$/),
      },
    ]);
  });

  it("rejects limits that are not whole positive numbers and keys that are not agents", () => {
    expect(modelSettingsProblems({ maxTokens: { coder: 0 } }).map((p) => p.propertyPath)).toEqual([
      "models.maxTokens.coder",
    ]);
    expect(modelSettingsProblems({ maxTokens: { default: 1.5 } })[0]?.reason).toMatch(
      /whole number.*for planner/,
    );
    const unknown = modelSettingsProblems({ maxTokens: { writer: 100 } as never });
    expect(unknown).toEqual([
      { propertyPath: "models.maxTokens.writer", reason: expect.stringContaining("planner") },
    ]);
    expect(modelSettingsProblems({ thinkingBudgetTokens: 2048 as never })[0]?.propertyPath).toBe(
      "models.thinkingBudgetTokens",
    );
  });

  it("checks the planner's model id like every other", () => {
    expect(modelSettingsProblems({ planner: "anthropic.*" })).toEqual([
      { propertyPath: "models.planner", reason: expect.stringContaining("wildcards") },
    ]);
  });
});

describe("agentModelEnvironment", () => {
  it("sets every agent's model, limit and budget under the contract's names", () => {
    const env = agentModelEnvironment(
      resolveModelIds({ planner: OPUS }),
      resolveInference({ thinkingBudgetTokens: { coder: 2048 } }),
    );
    expect(env).toEqual({
      DEFAULT_MODEL_ID: DEFAULT_MODEL_ID,
      PLANNER_MODEL_ID: OPUS,
      CODER_MODEL_ID: DEFAULT_MODEL_ID,
      VALIDATOR_MODEL_ID: DEFAULT_MODEL_ID,
      REPORTER_MODEL_ID: DEFAULT_MODEL_ID,
      PLANNER_MAX_TOKENS: "8192",
      CODER_MAX_TOKENS: "8192",
      VALIDATOR_MAX_TOKENS: "8192",
      REPORTER_MAX_TOKENS: "8192",
      PLANNER_THINKING_BUDGET_TOKENS: "0",
      CODER_THINKING_BUDGET_TOKENS: "2048",
      VALIDATOR_THINKING_BUDGET_TOKENS: "0",
      REPORTER_THINKING_BUDGET_TOKENS: "0",
    });
    for (const name of Object.keys(env)) expect(RUNTIME_ENV_NAMES).toContain(name);
  });
});
