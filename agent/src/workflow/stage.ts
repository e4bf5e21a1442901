import type { AgentName, EventInput, PlanStep, Usage } from "agentcore-vpc-platform-contract";
import type { Agent } from "@strands-agents/sdk";
import { truncate } from "../events.js";
import { ATTR, inSpan, SPAN } from "../telemetry/tracing.js";
import { addUsage, emptyUsage } from "./usage.js";

/** One prompt of a stage; `step` when it works on a plan step (then `of` is the plan's length). */
export interface StagePart {
  prompt: string;
  step?: PlanStep;
  of?: number;
}

export interface StageOptions {
  name: AgentName;
  round: number;
  modelId: string;
  agent: Agent;
  /** Run in order on the same agent, so each sees the conversation so far. */
  parts: StagePart[];
  emit: (event: EventInput) => void;
  signal: AbortSignal;
  eventOutputMaxChars: number;
  /** Set by a tool when the executor is gone; the stage rethrows it instead of its own "cancelled". */
  fatalError: () => Error | undefined;
  /** Called with what the agent is doing, for heartbeats. */
  activity: (what: string) => void;
}

export interface StageResult {
  /** The final answer of each part, in order. */
  texts: string[];
  /** The last part's answer. */
  text: string;
  stopReason: string;
  usage: Usage;
}

/**
 * Runs one agent stage (its parts one after another, each to the end of the model's turn), translates Strands'
 * stream into our events, and says which plan step is running. One `stage` span covers it, a `step` span each
 * plan step; the SDK's spans nest inside.
 */
export function runStage(opts: StageOptions): Promise<StageResult> {
  const { name, emit } = opts;
  const attributes = { [ATTR.agentName]: name, [ATTR.round]: opts.round, [ATTR.requestModel]: opts.modelId };
  return inSpan(SPAN.stage(name), attributes, async (span) => {
    const started = Date.now();
    const usage = emptyUsage();
    const texts: string[] = [];
    let stopReason = "endTurn";
    emit({ type: "agent_start", agent: name, model: opts.modelId, round: opts.round });
    for (const part of opts.parts) {
      const { step, of } = part;
      // Heartbeats say which step the agent is on as well as what it is doing.
      const activity = (what: string) => opts.activity(step ? `step ${step.n}/${of}: ${what}` : what);
      const run = () => runPart({ ...opts, activity }, part.prompt, usage);
      const progress = (status: "running" | "done") =>
        step && of
          ? emit({
              type: "progress",
              agent: name,
              step: step.n,
              of,
              kind: step.kind,
              title: step.title,
              status,
            })
          : undefined;
      progress("running");
      const result = step
        ? await inSpan(SPAN.step(step.n), { [ATTR.stepKind]: step.kind, [ATTR.stepTitle]: step.title }, run)
        : await run();
      progress("done");
      texts.push(result.text);
      stopReason = result.stopReason;
    }
    span.setAttributes({
      [ATTR.inputTokens]: usage.inputTokens,
      [ATTR.outputTokens]: usage.outputTokens,
      [ATTR.cacheReadTokens]: usage.cacheReadInputTokens,
      [ATTR.cacheWriteTokens]: usage.cacheWriteInputTokens,
    });
    emit({ type: "usage", agent: name, ...usage });
    emit({ type: "agent_end", agent: name, stopReason, durationMs: Date.now() - started });
    return { texts, text: texts[texts.length - 1] ?? "", stopReason, usage };
  });
}

/** One prompt to the end of the model's turn; adds its usage to the stage's. */
async function runPart(
  opts: StageOptions,
  prompt: string,
  usage: Usage,
): Promise<{ text: string; stopReason: string }> {
  const { name, emit } = opts;
  const toolNames = new Map<string, string>();
  opts.activity("waiting for the model");
  const stream = opts.agent.stream(prompt, { cancelSignal: opts.signal });
  let next = await stream.next();
  while (!next.done) {
    const event = next.value;
    switch (event.type) {
      case "modelStreamUpdateEvent": {
        const inner = event.event;
        if (inner.type === "modelContentBlockDeltaEvent" && inner.delta.type === "textDelta") {
          emit({ type: "text", agent: name, delta: inner.delta.text });
        } else if (
          inner.type === "modelContentBlockDeltaEvent" &&
          inner.delta.type === "reasoningContentDelta"
        ) {
          opts.activity("thinking");
        } else if (inner.type === "modelMetadataEvent" && inner.usage) {
          addUsage(usage, inner.usage);
        }
        break;
      }
      case "beforeToolCallEvent": {
        const { toolUseId, name: tool, input } = event.toolUse;
        toolNames.set(toolUseId, tool);
        const shown = truncate(JSON.stringify(input), opts.eventOutputMaxChars);
        emit({
          type: "tool_call",
          agent: name,
          toolUseId,
          name: tool,
          input: shown.text,
          truncated: shown.truncated,
        });
        opts.activity(`running tool ${tool}`);
        break;
      }
      case "toolResultEvent": {
        const r = event.result;
        const text = r.content
          .map((c) => ("text" in c && typeof c.text === "string" ? c.text : JSON.stringify(c)))
          .join("\n");
        const shown = truncate(text, opts.eventOutputMaxChars);
        emit({
          type: "tool_result",
          agent: name,
          toolUseId: r.toolUseId,
          name: toolNames.get(r.toolUseId) ?? "unknown",
          status: r.status,
          output: shown.text,
          truncated: shown.truncated,
        });
        opts.activity("waiting for the model");
        break;
      }
      default:
        break;
    }
    next = await stream.next();
  }
  const result = next.value;
  const fatal = opts.fatalError();
  if (fatal) throw fatal;
  if (opts.signal.aborted) throw opts.signal.reason;
  const text = result.lastMessage.content
    .map((block) => (block.type === "textBlock" ? block.text : ""))
    .join("")
    .trim();
  return { text, stopReason: result.stopReason };
}
