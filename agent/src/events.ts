import { type AgentEvent, agentEvent, type EventInput } from "agentcore-vpc-platform-contract";

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
