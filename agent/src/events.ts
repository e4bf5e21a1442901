import { z } from "zod";

/**
 * The typed SSE event stream. Each SSE message is one `data:` line holding one JSON event; every event carries
 * `type`, a per-invocation sequence number `seq` (from 0, no gaps) and an ISO timestamp `ts`. README.md
 * documents the schema; this module is its single definition (server, CLI and tests all use it).
 */
export const AGENT_NAMES = ["coder", "validator", "reporter"] as const;
export const agentName = z.enum(AGENT_NAMES);
export type AgentName = z.infer<typeof agentName>;

const usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof usage>;

const artifactRef = z.object({ path: z.string(), size: z.number().int().nonnegative(), uri: z.string() });
export type ArtifactRef = z.infer<typeof artifactRef>;

const check = z.object({
  id: z.string(),
  coderValue: z.union([z.number(), z.string(), z.null()]),
  validatorValue: z.union([z.number(), z.string(), z.null()]),
  match: z.boolean(),
  citation: z.string().optional(),
});

const bodies = {
  start: {
    sessionId: z.string(),
    requestId: z.string(),
    language: z.enum(["ko", "en"]),
    dataUri: z.string().optional(),
  },
  agent_start: { agent: agentName, model: z.string(), round: z.number().int().positive() },
  agent_end: { agent: agentName, stopReason: z.string(), durationMs: z.number().nonnegative() },
  text: { agent: agentName, delta: z.string() },
  tool_call: {
    agent: agentName,
    toolUseId: z.string(),
    name: z.string(),
    input: z.string(),
    truncated: z.boolean(),
  },
  tool_result: {
    agent: agentName,
    toolUseId: z.string(),
    name: z.string(),
    status: z.enum(["success", "error"]),
    output: z.string(),
    truncated: z.boolean(),
  },
  artifact: { agent: agentName.optional(), path: z.string(), size: z.number().int().nonnegative() },
  session: {
    action: z.enum(["created", "data_loaded", "lost", "recreated", "deleted"]),
    executorSessionId: z.string(),
    message: z.string().optional(),
  },
  validation: {
    round: z.number().int().positive(),
    verdict: z.enum(["pass", "fail"]),
    checks: z.array(check),
    findings: z.array(z.string()),
  },
  retry: {
    agent: agentName.optional(),
    attempt: z.number().int().positive(),
    waitMs: z.number().nonnegative(),
    reason: z.string(),
  },
  heartbeat: { elapsedMs: z.number().nonnegative(), agent: agentName.optional(), activity: z.string() },
  usage: { agent: agentName, ...usage.shape },
  done: {
    artifacts: z.array(artifactRef),
    summary: z.string(),
    verified: z.boolean(),
    usage: z.record(z.string(), usage),
    durationMs: z.number().nonnegative(),
  },
  health: {
    status: z.enum(["ok", "degraded"]),
    executor: z.object({
      url: z.string(),
      httpStatus: z.number().int().nullable(),
      durationMs: z.number().nonnegative(),
      error: z.string().optional(),
    }),
  },
  error: {
    agent: agentName.optional(),
    stage: z.string(),
    code: z.string(),
    message: z.string(),
  },
} as const;

type Bodies = typeof bodies;
export type EventType = keyof Bodies;

const envelope = { seq: z.number().int().nonnegative(), ts: z.string() };

function member<T extends EventType>(type: T) {
  return z.object({ type: z.literal(type), ...envelope, ...bodies[type] }).strict();
}

export const agentEvent = z.discriminatedUnion("type", [
  member("start"),
  member("agent_start"),
  member("agent_end"),
  member("text"),
  member("tool_call"),
  member("tool_result"),
  member("artifact"),
  member("session"),
  member("validation"),
  member("retry"),
  member("heartbeat"),
  member("usage"),
  member("done"),
  member("health"),
  member("error"),
]);
export type AgentEvent = z.infer<typeof agentEvent>;
export type EventOf<T extends EventType> = Extract<AgentEvent, { type: T }>;
/** What producers hand to the stream: the envelope (seq, ts) is added when the event is sealed. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<AgentEvent, "seq" | "ts">;

/** Cuts text to `max` characters (keeping the head and the tail, which is where errors live). */
export function truncate(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const note = `\n…[${text.length - max} characters omitted]…\n`;
  const keep = Math.max(0, max - note.length);
  const head = Math.ceil(keep * 0.6);
  return { text: text.slice(0, head) + note + text.slice(text.length - (keep - head)), truncated: true };
}

/** Numbers events and validates them; a producer bug becomes an exception here, not a malformed stream. */
export class EventSealer {
  private seq = 0;
  constructor(private readonly now: () => Date = () => new Date()) {}

  seal(input: EventInput): AgentEvent {
    return agentEvent.parse({ ...input, seq: this.seq++, ts: this.now().toISOString() });
  }
}

/** One SSE message for the runtime SDK (`@fastify/sse` serializes `data` with JSON.stringify). */
export function toSseMessage(event: AgentEvent): { data: AgentEvent } {
  return { data: event };
}

/** The exact bytes of one SSE message, as `@fastify/sse` writes them: JSON has no raw newlines. */
export function encodeSse(event: AgentEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/**
 * Incremental SSE decoder for clients (the invoke CLI, tests). Feed it chunks; it returns complete events.
 * Comment lines (`: heartbeat` from @fastify/sse) are ignored; an `event: error` frame from the runtime SDK
 * (`{ error }`, sent when a handler throws mid-stream) is surfaced as an `error` event with seq -1.
 */
export class SseDecoder {
  private buffer = "";

  push(chunk: string): AgentEvent[] {
    this.buffer += chunk.replace(/\r\n/g, "\n");
    const events: AgentEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) !== -1) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const decoded = decodeFrame(frame);
      if (decoded) events.push(decoded);
    }
    return events;
  }
}

function decodeFrame(frame: string): AgentEvent | undefined {
  let name = "message";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith(":") || line === "") continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") data.push(value);
    else if (field === "event") name = value;
  }
  if (data.length === 0) return undefined;
  const json: unknown = JSON.parse(data.join("\n"));
  if (name === "error" && typeof json === "object" && json !== null && "error" in json) {
    return {
      type: "error",
      seq: -1,
      ts: new Date().toISOString(),
      stage: "runtime",
      code: "STREAM_FAILED",
      message: String((json as { error: unknown }).error),
    } as AgentEvent;
  }
  return agentEvent.parse(json);
}
