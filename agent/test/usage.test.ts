import type { AgentEvent, AgentName, EventOf, Usage } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES, priceFor } from "../src/prices.js";
import { tokenEstimate } from "../src/workflow/scripted-cache.js";
import type { Script } from "../src/workflow/scripted-model.js";
import { addUsage, emptyUsage, usageCost } from "../src/workflow/usage.js";
import { invoke } from "./helpers/agent.js";
import { fakeWorkflowScript } from "./helpers/scripts.js";
import { useScriptedAgents } from "./helpers/scripted-agents.js";

/** Token accounting, prompt caching and cost, through whole scripted runs against the fake executor. */
const agents = useScriptedAgents("agent-usage-");
async function run(script: Script, env: Record<string, string> = {}) {
  return invoke(await agents.start(script, env), { prompt: "Sum column a", language: "en" });
}

const usageEvents = (events: AgentEvent[]) => events.filter((e): e is EventOf<"usage"> => e.type === "usage");
const done = (events: AgentEvent[]) => events.at(-1) as EventOf<"done">;

/** Each agent's usage events summed, as the done event should report them. */
function summed(events: AgentEvent[]): Partial<Record<AgentName, Usage>> {
  const totals: Partial<Record<AgentName, Usage>> = {};
  for (const { agent, ...counts } of usageEvents(events))
    totals[agent] = addUsage(totals[agent] ?? emptyUsage(), counts);
  return totals;
}

describe("usage and cost of a run", () => {
  it("reports cache writes on an agent's first call and cache reads after, and totals them in done", async () => {
    const events = await run(fakeWorkflowScript());
    expect(done(events).type).toBe("done");
    const byAgent = Object.fromEntries(usageEvents(events).map((u) => [u.agent, u]));
    for (const usage of usageEvents(events))
      expect(usage.totalTokens).toBe(
        usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens,
      );
    // The Coder and the Validator call their model three and two times over a prefix past the 1,024-token
    // minimum of a cache checkpoint: the first call writes it, the later ones read it.
    for (const agent of ["coder", "validator"]) {
      expect(byAgent[agent]?.cacheWriteInputTokens, agent).toBeGreaterThan(0);
      expect(byAgent[agent]?.cacheReadInputTokens, agent).toBeGreaterThan(0);
    }
    // A stage whose prefix stays below the minimum (the planner's short prompt, here) is billed as plain input.
    for (const usage of usageEvents(events))
      if (usage.cacheWriteInputTokens === 0) expect(usage.cacheReadInputTokens, usage.agent).toBe(0);
    expect(done(events).usage).toEqual(summed(events));
  });

  it("estimates each agent's cost from the price table, priced as the configured model", async () => {
    const haiku = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    const events = await run(fakeWorkflowScript(), { PLANNER_MODEL_ID: haiku });
    const { usage, cost } = done(events);
    const sonnet = priceFor("claude-sonnet-4-5", DEFAULT_PRICES);
    const price = {
      planner: priceFor(haiku, DEFAULT_PRICES),
      coder: sonnet,
      validator: sonnet,
      reporter: sonnet,
    };
    let total = 0;
    for (const agent of ["planner", "coder", "validator", "reporter"] as const) {
      const expected = usageCost(usage[agent] as Usage, price[agent] as NonNullable<typeof sonnet>);
      expect(cost?.agents[agent]?.usd, agent).toBe(expected);
      total += expected;
    }
    expect(cost?.agents.planner?.modelId).toBe(haiku);
    expect(cost?.totalUsd).toBeCloseTo(total, 6);
    expect(cost?.unpriced).toEqual([]);
    expect(cost?.totalUsd).toBeGreaterThan(0);
  });

  it("reports recorded counts exactly, and prices them by AGENT_PRICES", async () => {
    const script = fakeWorkflowScript();
    const [submit, sentence] = script.agents.planner ?? [];
    script.agents.planner = [
      {
        ...submit,
        toolUses: submit?.toolUses ?? [],
        usage: { inputTokens: 40, outputTokens: 90, cacheWriteInputTokens: 2_000 },
      },
      {
        ...sentence,
        toolUses: [],
        usage: { inputTokens: 10, outputTokens: 8, cacheReadInputTokens: 2_000, cacheWriteInputTokens: 130 },
      },
    ];
    const prices = { "planner-model": { input: 1, output: 4, cacheRead: 0.1, cacheWrite: 1.2 } };
    const events = await run(script, {
      PLANNER_MODEL_ID: "planner-model",
      AGENT_PRICES: JSON.stringify(prices),
    });
    expect(usageEvents(events).find((u) => u.agent === "planner")).toEqual({
      type: "usage",
      agent: "planner",
      seq: expect.any(Number),
      ts: expect.any(String),
      inputTokens: 50,
      outputTokens: 98,
      cacheReadInputTokens: 2_000,
      cacheWriteInputTokens: 2_130,
      totalTokens: 4_278,
    });
    // 50 × 1 + 98 × 4 + 2000 × 0.1 + 2130 × 1.2 = 3198 per million
    expect(done(events).cost?.agents.planner).toEqual({ modelId: "planner-model", usd: 0.003198 });
  });

  it("without cache points bills the same tokens as plain input", async () => {
    const cached = summed(await run(fakeWorkflowScript()));
    const events = await run(fakeWorkflowScript(), { AGENT_PROMPT_CACHE: "off" });
    const plain = summed(events);
    for (const agent of ["planner", "coder", "validator", "reporter"] as const) {
      const on = cached[agent] as Usage;
      const off = plain[agent] as Usage;
      expect(off.cacheReadInputTokens + off.cacheWriteInputTokens, agent).toBe(0);
      expect(off.inputTokens, agent).toBe(
        on.inputTokens + on.cacheReadInputTokens + on.cacheWriteInputTokens,
      );
      expect(off.outputTokens, agent).toBe(on.outputTokens);
    }
    // Reads are a tenth of the input price: caching makes the same run cheaper.
    const runCost = (u: Partial<Record<AgentName, Usage>>) =>
      Object.values(u).reduce(
        (sum, counts) => sum + usageCost(counts, DEFAULT_PRICES["claude-sonnet-4"] as never),
        0,
      );
    expect(runCost(plain)).toBeGreaterThan(runCost(cached));
  });

  it("lists agents whose model has no price and keeps them out of the total", async () => {
    const events = await run(fakeWorkflowScript(), { DEFAULT_MODEL_ID: "amazon.titan-text-premier-v1:0" });
    const { cost } = done(events);
    expect(cost).toEqual({
      currency: "USD",
      totalUsd: 0,
      agents: Object.fromEntries(
        ["planner", "coder", "validator", "reporter"].map((a) => [
          a,
          { modelId: "amazon.titan-text-premier-v1:0", usd: null },
        ]),
      ),
      unpriced: ["planner", "coder", "validator", "reporter"],
    });
    // auto caching is off for a model without prompt caching
    expect(usageEvents(events).every((u) => u.cacheReadInputTokens + u.cacheWriteInputTokens === 0)).toBe(
      true,
    );
  });
});

describe("output caps and thinking reach the model", () => {
  it("ends the run with a model error when a turn needs more output than the agent's cap", async () => {
    const events = await run(fakeWorkflowScript(), { CODER_MAX_TOKENS: "5" });
    expect(events.at(-1)).toMatchObject({
      type: "error",
      agent: "coder",
      code: "MODEL_ERROR",
      message: expect.stringMatching(/maximum token limit/),
    });
  });

  it("counts thinking as output only when the agent has a thinking budget", async () => {
    const reasoning = "Column a holds 1, 2 and 3; their sum is 6, which I will record.".repeat(4);
    const script = () => {
      const s = fakeWorkflowScript();
      const last = s.agents.coder[2];
      if (last) last.reasoning = reasoning;
      return s;
    };
    const coder = (events: AgentEvent[]) => summed(events).coder as Usage;
    const without = coder(await run(script()));
    const withThinking = coder(
      await run(script(), { CODER_THINKING_BUDGET_TOKENS: "1024", CODER_MAX_TOKENS: "4096" }),
    );
    expect(withThinking.outputTokens - without.outputTokens).toBe(
      tokenEstimate(reasoning + "The total is 6 [total]." + "[]") -
        tokenEstimate("The total is 6 [total]." + "[]"),
    );
  });
});
