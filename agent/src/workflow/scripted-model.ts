import { AGENT_NAMES, type AgentName } from "agentcore-vpc-platform-contract";
import { readFileSync } from "node:fs";
import { Model, ModelError } from "@strands-agents/sdk";
import type { BaseModelConfig, Message, ModelStreamEvent, StreamOptions } from "@strands-agents/sdk";
import { z } from "zod";
import { abortableSleep } from "../retry.js";

/**
 * The scripted model: replays a file of recorded model turns instead of calling Bedrock, so tests and offline
 * demos run the whole workflow (real tools, real executor) deterministically. Selected by AGENT_SCRIPTED_MODEL.
 *
 * File format (JSON): `{ version: 1, description?, agents: { coder: Turn[], validator: Turn[], reporter: Turn[] } }`.
 * Each model call of an agent consumes that agent's next turn. A turn answers with optional `text` and
 * optional `toolUses` ([{ name, input }]; present ⇒ stop reason toolUse, else endTurn). Fault injection:
 * `delayMs` (a slow model: sleeps before answering), `throttle` (the first N calls for this turn fail with a
 * Bedrock ThrottlingException, exercising the retry policy), `fail` (a non-retryable model error).
 */
const toolUse = z.object({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) }).strict();
const turn = z
  .object({
    text: z.string().optional(),
    toolUses: z.array(toolUse).default([]),
    delayMs: z.number().int().nonnegative().optional(),
    throttle: z.number().int().nonnegative().optional(),
    fail: z.string().optional(),
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }).strict().optional(),
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
    agents: z.object({ coder: z.array(turn), validator: z.array(turn), reporter: z.array(turn) }).strict(),
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

const CHUNK = 48;

export class ScriptedModel extends Model<BaseModelConfig> {
  private cursor = 0;
  private throttledSoFar = 0;
  private config: BaseModelConfig;

  constructor(
    private readonly agent: AgentName,
    private readonly turns: readonly ScriptTurn[],
    modelId: string,
    /** Said when the run goes past the recording (see scriptScope). */
    private readonly scope = "The scripted model replays one recorded run.",
  ) {
    super();
    this.config = { modelId };
  }

  updateConfig(modelConfig: BaseModelConfig): void {
    this.config = { ...this.config, ...modelConfig };
  }

  getConfig(): BaseModelConfig {
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
    if (current.delayMs) await abortableSleep(current.delayMs, options?.cancelSignal);
    if (current.throttle && this.throttledSoFar < current.throttle) {
      this.throttledSoFar++;
      throw throttlingException();
    }
    this.cursor++;
    this.throttledSoFar = 0;
    if (current.fail) throw new ModelError(`scripted model failure: ${current.fail}`);

    yield { type: "modelMessageStartEvent", role: "assistant" };
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
    for (const [i, use] of current.toolUses.entries()) {
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
    yield { type: "modelMessageStopEvent", stopReason: current.toolUses.length ? "toolUse" : "endTurn" };
    // Recorded usage when the script has it; otherwise a deterministic estimate (≈ 4 characters a token).
    const inputTokens = current.usage?.inputTokens ?? Math.ceil(JSON.stringify(messages).length / 4);
    const outputTokens =
      current.usage?.outputTokens ??
      Math.ceil(((current.text ?? "").length + JSON.stringify(current.toolUses).length) / 4);
    yield {
      type: "modelMetadataEvent",
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    };
  }
}

/** One model per agent from a script (each keeps its own cursor). */
export function scriptedModels(file: string): Record<AgentName, ScriptedModel> {
  const script = loadScript(file);
  const id = `scripted:${file.split(/[\\/]/).pop() ?? file}`;
  return Object.fromEntries(
    AGENT_NAMES.map((name) => [name, new ScriptedModel(name, script.agents[name], id, scriptScope(script))]),
  ) as Record<AgentName, ScriptedModel>;
}
