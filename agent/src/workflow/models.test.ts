import type { EventInput } from "agentcore-vpc-platform-contract";
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@strands-agents/sdk";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createModels, promptCacheOn } from "./models.js";
import { planTool } from "./planner.js";
import { systemPrompt } from "./prompts.js";
import { runStage } from "./stage.js";

/**
 * The real Bedrock model provider, as the workflow configures it, against a mocked Bedrock Runtime client: the
 * ConverseStream request it sends (cache points, output cap, thinking) and the usage it reports back.
 */
const bedrock = mockClient(BedrockRuntimeClient);
afterAll(() => bedrock.restore());

const USAGE = {
  inputTokens: 12,
  outputTokens: 7,
  totalTokens: 1419,
  cacheReadInputTokens: 1400,
  cacheWriteInputTokens: 0,
};

async function* answer(): AsyncIterable<ConverseStreamOutput> {
  yield { messageStart: { role: "assistant" } };
  yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Done." } } };
  yield { contentBlockStop: { contentBlockIndex: 0 } };
  yield { messageStop: { stopReason: "end_turn" } };
  yield { metadata: { usage: USAGE, metrics: { latencyMs: 5 } } };
}

beforeEach(() => {
  bedrock.reset();
  bedrock.on(ConverseStreamCommand).callsFake(() => ({ stream: answer() }));
});

async function oneCall(env: Record<string, string>, agent: "planner" | "coder" = "coder") {
  bedrock.resetHistory();
  const config = loadConfig({ AWS_REGION: "us-east-1", DATA_BUCKET: "bucket-for-tests", ...env });
  const events: EventInput[] = [];
  const result = await runStage({
    name: agent,
    round: 1,
    modelId: config.models[agent],
    agent: new Agent({
      model: createModels(config)[agent],
      systemPrompt: systemPrompt(agent, "en"),
      tools: [planTool(() => undefined)],
      printer: false,
    }),
    parts: [{ prompt: "How many rows?" }],
    emit: (e) => events.push(e),
    signal: new AbortController().signal,
    eventOutputMaxChars: 1000,
    fatalError: () => undefined,
    activity: () => undefined,
  });
  const input = bedrock.commandCalls(ConverseStreamCommand)[0]?.args[0].input as ConverseStreamCommandInput;
  return { input, events, result };
}

describe("the Bedrock request of an agent", () => {
  it("puts cache points after the tool specs, the system prompt and the conversation", async () => {
    const { input } = await oneCall({});
    expect(input.modelId).toBe("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect(input.system).toEqual([
      { text: systemPrompt("coder", "en") },
      { cachePoint: { type: "default" } },
    ]);
    expect(input.toolConfig?.tools?.at(-1)).toEqual({ cachePoint: { type: "default" } });
    expect(input.toolConfig?.tools?.[0]?.toolSpec?.name).toBe("submit_plan");
    expect(input.messages?.at(-1)?.content?.at(-1)).toEqual({ cachePoint: { type: "default" } });
  });

  it("sends the agent's output cap and thinking budget, and no forced tool choice", async () => {
    const { input } = await oneCall({ CODER_MAX_TOKENS: "6000", CODER_THINKING_BUDGET_TOKENS: "2048" });
    expect(input.inferenceConfig).toEqual({ maxTokens: 6000 });
    expect(input.additionalModelRequestFields).toEqual({
      thinking: { type: "enabled", budget_tokens: 2048 },
    });
    expect(input.toolConfig?.toolChoice).toBeUndefined();
    const planner = await oneCall(
      { CODER_THINKING_BUDGET_TOKENS: "2048", PLANNER_MODEL_ID: "p-model" },
      "planner",
    );
    expect(planner.input.modelId).toBe("p-model");
    expect(planner.input.inferenceConfig).toEqual({ maxTokens: 8192 });
    expect(planner.input.additionalModelRequestFields).toBeUndefined();
  });

  it("carries no cache point when caching is off, or in auto mode for a model without prompt caching", async () => {
    const envs: Record<string, string>[] = [
      { AGENT_PROMPT_CACHE: "off" },
      { DEFAULT_MODEL_ID: "amazon.titan-text-premier-v1:0" },
    ];
    for (const env of envs) {
      const { input } = await oneCall(env);
      expect(JSON.stringify(input), JSON.stringify(env)).not.toContain("cachePoint");
    }
    expect(promptCacheOn("on", "amazon.titan-text-premier-v1:0")).toBe(true);
    expect(promptCacheOn("auto", "us.anthropic.claude-haiku-4-5-20251001-v1:0")).toBe(true);
    expect(promptCacheOn("off", "us.anthropic.claude-haiku-4-5-20251001-v1:0")).toBe(false);
  });

  it("reports Bedrock's cache-read and cache-write counts in the stage's usage event", async () => {
    const { events, result } = await oneCall({});
    const usage = events.find((e) => e.type === "usage");
    expect(usage).toEqual({
      type: "usage",
      agent: "coder",
      inputTokens: 12,
      outputTokens: 7,
      cacheReadInputTokens: 1400,
      cacheWriteInputTokens: 0,
      totalTokens: 1419,
    });
    expect(result.text).toBe("Done.");
  });
});
