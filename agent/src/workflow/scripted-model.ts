import type { AgentName } from "agentcore-vpc-platform-contract";
import { readFileSync } from "node:fs";
import { Model, ModelError } from "@strands-agents/sdk";
import type { BaseModelConfig, Message, ModelStreamEvent, StreamOptions } from "@strands-agents/sdk";
import { z } from "zod";
import { abortableSleep } from "../retry.js";
import { PLAN_TOOL } from "./planner.js";
import { simulateCache, tokenEstimate } from "./scripted-cache.js";

/**
 * The scripted model: replays a file of recorded model turns instead of calling Bedrock, so tests and offline
 * demos run the whole workflow (real tools, real executor) deterministically. Selected by AGENT_SCRIPTED_MODEL.
 *
 * File format (JSON): `{ version: 1, description?, agents: { planner?, coder, validator, reporter } }`, each a
 * list of turns. Each model call of an agent consumes that agent's next turn. A turn answers with optional
 * `text`, optional `reasoning` (streamed as thinking when the agent's thinking budget is on) and optional
 * `toolUses` ([{ name, input }]; present ⇒ stop reason toolUse, else endTurn). Fault injection: `delayMs` (a
 * slow model), `throttle` (the first N calls for this turn fail with a Bedrock ThrottlingException), `fail` (a
 * non-retryable model error). A recording without planner turns replays as a full run with one analysis
 * step and one check step, so each agent's turns are consumed as one stage.
 *
 * Token usage: a turn's recorded `usage` is reported as is; otherwise counts are estimated from the request
 * (≈ 4 characters a token) and the prompt cache is simulated as Bedrock bills it (see scripted-cache.ts).
 * Bedrock's request rules are kept: output over `maxTokens` stops with `maxTokens`, and a forced tool choice
 * with thinking on is refused.
 */
const toolUse = z.object({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) }).strict();
const count = z.number().int().nonnegative();
const turn = z
  .object({
    text: z.string().optional(),
    reasoning: z.string().optional(),
    toolUses: z.array(toolUse).default([]),
    delayMs: z.number().int().nonnegative().optional(),
    throttle: z.number().int().nonnegative().optional(),
    fail: z.string().optional(),
    usage: z
      .object({
        inputTokens: count,
        outputTokens: count,
        cacheReadInputTokens: count.optional(),
        cacheWriteInputTokens: count.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export const scriptSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    /** The one prompt the recording answers; a run with another prompt is refused before any model call. */
    prompt: z.string().optional(),
    /** The name of the one input file the recording reads (the run's data URI must end with it). */
    dataFile: z.string().optional(),
    agents: z
      .object({
        planner: z.array(turn).optional(),
        coder: z.array(turn),
        validator: z.array(turn),
        reporter: z.array(turn),
      })
      .strict(),
  })
  .strict();
export type Script = z.infer<typeof scriptSchema>;
export type ScriptTurn = z.infer<typeof turn>;

export function loadScript(file: string): Script {
  const parsed = scriptSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid scripted-model file ${file}: ${problems}`);
  }
  return parsed.data;
}

/** The planner turns a recording without any gets: a full plan with one step per remaining agent stage. */
export function defaultPlannerTurns(): ScriptTurn[] {
  const plan = {
    route: "full",
    reason: "The recording has no planner turns: one analysis step and one check step.",
    steps: [
      { kind: "analysis", title: "Answer the request" },
      { kind: "check", title: "Re-compute the reported values" },
    ],
  };
  return [{ toolUses: [{ name: PLAN_TOOL, input: plan }] }, { text: "Plan submitted.", toolUses: [] }];
}

/** A run the recording does not cover: a different prompt or dataset, or more model turns than recorded. */
export class ScriptMismatchError extends ModelError {
  override name = "ScriptMismatchError";
}

/** The sentence that says what a scripted model can do, printed at start, in --help and on every mismatch. */
export function scriptScope(script: Script): string {
  const what = script.prompt
    ? `"${script.prompt}"${script.dataFile ? ` on ${script.dataFile}` : ""}`
    : "the run it was recorded from";
  return (
    `The scripted model replays one prompt on one dataset: ${what}. ` +
    "Any other prompt or data needs a real model (unset AGENT_SCRIPTED_MODEL)."
  );
}

/** Why a run does not match the recording, or undefined when it does (or the script names no prompt). */
export function scriptMismatch(
  script: Script,
  run: { prompt: string; dataUri: string | undefined },
): string | undefined {
  const problems: string[] = [];
  if (script.prompt !== undefined && run.prompt.trim() !== script.prompt.trim())
    problems.push(`this run asked "${run.prompt.trim()}"`);
  if (script.dataFile !== undefined) {
    const name = run.dataUri?.replace(/\/+$/, "").split("/").pop();
    if (name !== script.dataFile)
      problems.push(
        run.dataUri ? `its data is ${run.dataUri}, not ${script.dataFile}` : "it has no data (--data)",
      );
  }
  return problems.length ? `${scriptScope(script)} (${problems.join("; ")})` : undefined;
}

/** What a throttled Bedrock call throws (the SDK's ThrottlingException shape). */
function throttlingException(): Error {
  return Object.assign(new Error("Too many requests, please wait before trying again."), {
    name: "ThrottlingException",
    $fault: "client",
    $metadata: { httpStatusCode: 429 },
  });
}

/** What Bedrock answers a request it refuses (a non-retryable client error). */
function validationException(message: string): Error {
  return Object.assign(new Error(message), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/** The request settings the scripted model honours, as a Bedrock model would. */
export interface ScriptedModelConfig extends BaseModelConfig {
  maxTokens?: number;
  /** Extended-thinking budget; 0 or undefined is thinking off. */
  thinkingBudgetTokens?: number;
  /** Whether requests carry cache points (system prompt, tool specs, conversation). */
  promptCache?: boolean;
}

const CHUNK = 48;

export class ScriptedModel extends Model<ScriptedModelConfig> {
  private cursor = 0;
  private throttledSoFar = 0;
  /** Tokens of the longest prefix written to the simulated cache so far. */
  private cached = 0;
  private config: ScriptedModelConfig;

  constructor(
    private readonly agent: AgentName,
    private readonly turns: readonly ScriptTurn[],
    config: ScriptedModelConfig,
    /** Said when the run goes past the recording (see scriptScope). */
    private readonly scope = "The scripted model replays one recorded run.",
  ) {
    super();
    this.config = config;
  }

  updateConfig(modelConfig: ScriptedModelConfig): void {
    this.config = { ...this.config, ...modelConfig };
  }

  getConfig(): ScriptedModelConfig {
    return this.config;
  }

  async *stream(messages: Message[], options?: StreamOptions): AsyncIterable<ModelStreamEvent> {
    const current = this.turns[this.cursor];
    if (!current) {
      throw new ScriptMismatchError(
        `${this.scope} (this run went past the recording: the ${this.agent} needed model call ` +
          `${this.cursor + 1}, ${this.turns.length} were recorded)`,
      );
    }
    const thinking = (this.config.thinkingBudgetTokens ?? 0) > 0;
    const choice = options?.toolChoice;
    if (thinking && choice && !("auto" in choice)) {
      throw validationException("Thinking may not be enabled when tool_choice forces tool use.");
    }
    if (current.delayMs) await abortableSleep(current.delayMs, options?.cancelSignal);
    if (current.throttle && this.throttledSoFar < current.throttle) {
      this.throttledSoFar++;
      throw throttlingException();
    }
    this.cursor++;
    this.throttledSoFar = 0;
    if (current.fail) throw new ModelError(`scripted model failure: ${current.fail}`);

    const reasoning = thinking ? (current.reasoning ?? "") : "";
    const outputTokens =
      current.usage?.outputTokens ??
      tokenEstimate(reasoning + (current.text ?? "") + JSON.stringify(current.toolUses));
    const overLimit = this.config.maxTokens !== undefined && outputTokens > this.config.maxTokens;

    yield { type: "modelMessageStartEvent", role: "assistant" };
    if (reasoning) {
      yield { type: "modelContentBlockStartEvent" };
      yield {
        type: "modelContentBlockDeltaEvent",
        delta: { type: "reasoningContentDelta", text: reasoning },
      };
      yield {
        type: "modelContentBlockDeltaEvent",
        delta: { type: "reasoningContentDelta", signature: `scripted-${this.agent}-${this.cursor}` },
      };
      yield { type: "modelContentBlockStopEvent" };
    }
    if (current.text) {
      yield { type: "modelContentBlockStartEvent" };
      for (let i = 0; i < current.text.length; i += CHUNK) {
        yield {
          type: "modelContentBlockDeltaEvent",
          delta: { type: "textDelta", text: current.text.slice(i, i + CHUNK) },
        };
      }
      yield { type: "modelContentBlockStopEvent" };
    }
    for (const [i, use] of overLimit ? [] : current.toolUses.entries()) {
      const toolUseId = `${this.agent}-${this.cursor}-${i + 1}`;
      yield {
        type: "modelContentBlockStartEvent",
        start: { type: "toolUseStart", name: use.name, toolUseId },
      };
      yield {
        type: "modelContentBlockDeltaEvent",
        delta: { type: "toolUseInputDelta", input: JSON.stringify(use.input) },
      };
      yield { type: "modelContentBlockStopEvent" };
    }
    const stopReason = overLimit ? "maxTokens" : current.toolUses.length ? "toolUse" : "endTurn";
    yield { type: "modelMessageStopEvent", stopReason };

    const input = this.inputUsage(messages, options, current.usage);
    const output = overLimit ? (this.config.maxTokens as number) : outputTokens;
    yield {
      type: "modelMetadataEvent",
      usage: {
        ...input,
        outputTokens: output,
        totalTokens: input.inputTokens + input.cacheReadInputTokens + input.cacheWriteInputTokens + output,
      },
    };
  }

  private inputUsage(
    messages: Message[],
    options: StreamOptions | undefined,
    recorded: ScriptTurn["usage"],
  ): { inputTokens: number; cacheReadInputTokens: number; cacheWriteInputTokens: number } {
    if (recorded) {
      return {
        inputTokens: recorded.inputTokens,
        cacheReadInputTokens: recorded.cacheReadInputTokens ?? 0,
        cacheWriteInputTokens: recorded.cacheWriteInputTokens ?? 0,
      };
    }
    const sim = simulateCache(
      {
        tools: tokenEstimate(JSON.stringify(options?.toolSpecs ?? [])),
        system: tokenEstimate(JSON.stringify(options?.systemPrompt ?? "")),
        // Content only: a message also carries the SDK's metadata (earlier calls' usage), which no model reads.
        messages: messages.map((m) => tokenEstimate(JSON.stringify(m.content))),
        lastUserIndex: messages.map((m) => m.role).lastIndexOf("user"),
      },
      this.config.promptCache ?? false,
      this.cached,
    );
    this.cached = sim.cachedAfter;
    return sim.usage;
  }
}

/** One model per agent from a script (each keeps its own cursor and simulated cache). */
export function scriptedModels(
  file: string,
  configFor: (agent: AgentName) => Omit<ScriptedModelConfig, "modelId">,
): Record<AgentName, ScriptedModel> {
  const script = loadScript(file);
  const modelId = `scripted:${file.split(/[\\/]/).pop() ?? file}`;
  const scope = scriptScope(script);
  const model = (agent: AgentName, turns: readonly ScriptTurn[]) =>
    new ScriptedModel(agent, turns, { ...configFor(agent), modelId }, scope);
  return {
    planner: model("planner", script.agents.planner ?? defaultPlannerTurns()),
    coder: model("coder", script.agents.coder),
    validator: model("validator", script.agents.validator),
    reporter: model("reporter", script.agents.reporter),
  };
}
