import { type AgentEvent, agentEvent } from "./events";

/** The exact bytes of one SSE message: JSON has no raw newlines, so one `data:` line per event. */
export function encodeSse(event: AgentEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/**
 * Incremental SSE decoder for clients (the invoke CLI, the console, tests). Feed it chunks; it returns
 * complete, validated events. Comment lines (`: heartbeat`) are ignored; an `event: error` frame (`{ error }`,
 * what the runtime SDK sends when a handler throws mid-stream) is surfaced as an `error` event with seq -1.
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
    };
  }
  return agentEvent.parse(json);
}
