import { describe, expect, it } from "vitest";
import { AGENT_MODEL_ENV, RUNTIME_ENV_NAMES } from "./environment";
import { MIN_THINKING_BUDGET_TOKENS, MODEL_AGENTS, inferenceSettingsProblems } from "./models";

const fields = (settings: Parameters<typeof inferenceSettingsProblems>[0]) =>
  inferenceSettingsProblems(settings).map((p) => p.field);

describe("inference settings", () => {
  it("accepts thinking off at any output limit, and a budget from 1024 up to one below the limit", () => {
    expect(inferenceSettingsProblems({ maxTokens: 1, thinkingBudgetTokens: 0 })).toEqual([]);
    expect(inferenceSettingsProblems({ maxTokens: 8192, thinkingBudgetTokens: 1024 })).toEqual([]);
    expect(inferenceSettingsProblems({ maxTokens: 8192, thinkingBudgetTokens: 8191 })).toEqual([]);
    expect(
      inferenceSettingsProblems({
        maxTokens: 8192,
        thinkingBudgetTokens: 4096,
        toolChoice: "auto",
        temperature: 1,
      }),
    ).toEqual([]);
  });

  it("rejects a budget below Anthropic's minimum, or at or above the output limit", () => {
    expect(MIN_THINKING_BUDGET_TOKENS).toBe(1024);
    expect(inferenceSettingsProblems({ maxTokens: 8192, thinkingBudgetTokens: 1023 })).toEqual([
      { field: "thinkingBudgetTokens", reason: expect.stringContaining("at least 1024, got 1023") },
    ]);
    expect(inferenceSettingsProblems({ maxTokens: 4096, thinkingBudgetTokens: 4096 })).toEqual([
      { field: "thinkingBudgetTokens", reason: expect.stringContaining("below maxTokens (4096)") },
    ]);
    expect(fields({ maxTokens: 2048, thinkingBudgetTokens: 3000 })).toEqual(["thinkingBudgetTokens"]);
  });

  it("rejects output limits and budgets that are not whole numbers", () => {
    expect(fields({ maxTokens: 0, thinkingBudgetTokens: 0 })).toEqual(["maxTokens"]);
    expect(fields({ maxTokens: 100.5, thinkingBudgetTokens: 0 })).toEqual(["maxTokens"]);
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: -1 })).toEqual(["thinkingBudgetTokens"]);
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: 2048.5 })).toEqual(["thinkingBudgetTokens"]);
  });

  it("rejects a forced tool choice or another temperature with thinking on, and allows them with it off", () => {
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: 2048, toolChoice: "any" })).toEqual([
      "toolChoice",
    ]);
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: 2048, toolChoice: "tool" })).toEqual([
      "toolChoice",
    ]);
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: 2048, temperature: 0.2 })).toEqual([
      "temperature",
    ]);
    expect(fields({ maxTokens: 8192, thinkingBudgetTokens: 0, toolChoice: "tool", temperature: 0 })).toEqual(
      [],
    );
  });

  it("names the model, limit and budget variables of every configured agent, each once", () => {
    expect(Object.keys(AGENT_MODEL_ENV)).toEqual([...MODEL_AGENTS]);
    const names = MODEL_AGENTS.flatMap((agent) => Object.values(AGENT_MODEL_ENV[agent]));
    expect(new Set(names).size).toBe(MODEL_AGENTS.length * 3);
    for (const name of names) expect(RUNTIME_ENV_NAMES).toContain(name);
    expect(AGENT_MODEL_ENV.planner).toEqual({
      model: "PLANNER_MODEL_ID",
      maxTokens: "PLANNER_MAX_TOKENS",
      thinkingBudgetTokens: "PLANNER_THINKING_BUDGET_TOKENS",
    });
  });
});
