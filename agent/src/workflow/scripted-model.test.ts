import type { Message, ModelStreamEvent, StreamOptions } from "@strands-agents/sdk";
import { describe, expect, it } from "vitest";
import { planInput } from "./planner.js";
import {
  defaultPlannerTurns,
  ScriptedModel,
  type ScriptedModelConfig,
  type ScriptTurn,
} from "./scripted-model.js";

const user: Message[] = [
  { role: "user", content: [{ type: "textBlock", text: "hi" }] } as unknown as Message,
];

async function call(turns: ScriptTurn[], config: Partial<ScriptedModelConfig>, options: StreamOptions = {}) {
  const model = new ScriptedModel("coder", turns, { modelId: "scripted", ...config });
  const events: ModelStreamEvent[] = [];
  for await (const event of model.stream(user, options)) events.push(event);
  return events;
}

describe("the scripted model keeps Bedrock's request rules", () => {
  const answer: ScriptTurn = { text: "six", reasoning: "1 + 2 + 3", toolUses: [] };

  it("refuses a forced tool choice while thinking is on, as Bedrock does", async () => {
    for (const toolChoice of [{ any: {} }, { tool: { name: "run_python" } }]) {
      await expect(call([answer], { thinkingBudgetTokens: 1024 }, { toolChoice })).rejects.toMatchObject({
        name: "ValidationException",
        message: "Thinking may not be enabled when tool_choice forces tool use.",
      });
    }
    await expect(
      call([answer], { thinkingBudgetTokens: 1024 }, { toolChoice: { auto: {} } }),
    ).resolves.toBeDefined();
    await expect(call([answer], {}, { toolChoice: { any: {} } })).resolves.toBeDefined();
  });

  it("streams reasoning only with a thinking budget", async () => {
    const reasoning = (events: ModelStreamEvent[]) =>
      events.filter(
        (e) => e.type === "modelContentBlockDeltaEvent" && e.delta.type === "reasoningContentDelta",
      );
    expect(reasoning(await call([answer], { thinkingBudgetTokens: 1024 }))).toHaveLength(2); // text, signature
    expect(reasoning(await call([answer], {}))).toHaveLength(0);
  });

  it("stops with maxTokens, and no tool call, when the turn's output exceeds the cap", async () => {
    const turn: ScriptTurn = {
      text: "x".repeat(400),
      toolUses: [{ name: "run_python", input: { code: "1" } }],
    };
    const events = await call([turn], { maxTokens: 50 });
    expect(events.find((e) => e.type === "modelMessageStopEvent")).toMatchObject({ stopReason: "maxTokens" });
    expect(
      events.some((e) => e.type === "modelContentBlockStartEvent" && e.start?.type === "toolUseStart"),
    ).toBe(false);
    expect(events.find((e) => e.type === "modelMetadataEvent")).toMatchObject({
      usage: { outputTokens: 50 },
    });
  });

  it("gives a recording without planner turns a valid full plan of one analysis step and one check", () => {
    const [submit, sentence] = defaultPlannerTurns();
    const plan = planInput.parse(submit?.toolUses[0]?.input);
    expect(plan.route).toBe("full");
    expect(plan.steps.map((s) => s.kind)).toEqual(["analysis", "check"]);
    expect(sentence?.toolUses).toEqual([]);
  });
});
