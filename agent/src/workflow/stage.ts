import type { AgentName, EventInput, Usage } from "agentcore-vpc-platform-contract";
import type { Agent } from "@strands-agents/sdk";
import { truncate } from "../events.js";

export interface StageOptions {
  name: AgentName;
  round: number;
  modelId: string;
  agent: Agent;
  prompt: string;
  emit: (event: EventInput) => void;
  signal: AbortSignal;
  eventOutputMaxChars: number;
  /** Set by a tool when the executor is gone; the stage rethrows it instead of its own "cancelled". */
  fatalError: () => Error | undefined;
  /** Called with what the agent is doing, for heartbeats. */
  activity: (what: string) => void;
}

export interface StageResult {
  text: string;
  stopReason: string;
  usage: Usage;
}

/** Runs one agent turn-to-completion and translates Strands' stream into our events. */
export async function runStage(opts: StageOptions): Promise<StageResult> {
  const { name, emit } = opts;
  const started = Date.now();
  const usage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  const toolNames = new Map<string, string>();
  emit({ type: "agent_start", agent: name, model: opts.modelId, round: opts.round });
  opts.activity("waiting for the model");

  const stream = opts.agent.stream(opts.prompt, { cancelSignal: opts.signal });
  let next = await stream.next();
  while (!next.done) {
    const event = next.value;
    switch (event.type) {
      case "modelStreamUpdateEvent": {
        const inner = event.event;
        if (inner.type === "modelContentBlockDeltaEvent" && inner.delta.type === "textDelta") {
          emit({ type: "text", agent: name, delta: inner.delta.text });
        } else if (inner.type === "modelMetadataEvent" && inner.usage) {
          usage.inputTokens += inner.usage.inputTokens;
          usage.outputTokens += inner.usage.outputTokens;
          usage.totalTokens += inner.usage.totalTokens;
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
  emit({ type: "usage", agent: name, ...usage });
  emit({ type: "agent_end", agent: name, stopReason: result.stopReason, durationMs: Date.now() - started });
  return { text, stopReason: result.stopReason, usage };
}
