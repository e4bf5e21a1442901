import { encodeSse, SseDecoder, type AgentEvent } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { renderEvent } from "../src/cli/render.js";
import { EventSealer, truncate } from "../src/events.js";

const fixed = () => new Date("2026-01-02T03:04:05.000Z");

describe("event encoder", () => {
  it("numbers events from 0 without gaps and stamps them", () => {
    const sealer = new EventSealer(fixed);
    const a = sealer.seal({ type: "text", agent: "coder", delta: "안녕" });
    const b = sealer.seal({ type: "heartbeat", elapsedMs: 15, activity: "waiting for the model" });
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(a.ts).toBe("2026-01-02T03:04:05.000Z");
  });

  it("rejects an event that does not match the schema instead of streaming it", () => {
    const sealer = new EventSealer(fixed);
    expect(() => sealer.seal({ type: "text", agent: "writer", delta: "x" } as never)).toThrow(/agent/);
    expect(() =>
      sealer.seal({ type: "usage", agent: "coder", inputTokens: -1, outputTokens: 0, totalTokens: 0 }),
    ).toThrow();
    expect(() => sealer.seal({ type: "text", agent: "coder", delta: "x", extra: 1 } as never)).toThrow();
  });

  it("encodes one SSE message per event and decodes it back across arbitrary chunk boundaries", () => {
    const sealer = new EventSealer(fixed);
    const events: AgentEvent[] = [
      sealer.seal({ type: "text", agent: "reporter", delta: '줄 하나\n줄 둘 "quoted"' }),
      sealer.seal({
        type: "tool_result",
        agent: "coder",
        toolUseId: "t1",
        name: "run_python",
        status: "error",
        output: "Traceback\n…",
        truncated: true,
      }),
      sealer.seal({
        type: "done",
        artifacts: [{ path: "artifacts/r.md", size: 3, uri: "s3://b/sessions/s/artifacts/r.md" }],
        summary: "ok",
        verified: true,
        usage: {},
        durationMs: 5,
      }),
    ];
    const wire = events.map(encodeSse).join("") + ": heartbeat comment from @fastify/sse\n\n";
    expect(
      encodeSse(events[0] as AgentEvent)
        .split("\n")
        .filter(Boolean),
    ).toHaveLength(1); // JSON escapes newlines
    const decoder = new SseDecoder();
    const out: AgentEvent[] = [];
    for (let i = 0; i < wire.length; i += 7) out.push(...decoder.push(wire.slice(i, i + 7)));
    expect(out).toEqual(events);
  });

  it("surfaces the runtime SDK's own error frame as an error event", () => {
    const [event] = new SseDecoder().push('event: error\ndata: {"error":"boom"}\n\n');
    expect(event).toMatchObject({ type: "error", code: "STREAM_FAILED", message: "boom" });
  });

  it("truncates long output keeping head and tail, within the limit", () => {
    const text = `HEAD${"x".repeat(10_000)}TAIL`;
    const cut = truncate(text, 500);
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(500);
    expect(cut.text.startsWith("HEAD")).toBe(true);
    expect(cut.text.endsWith("TAIL")).toBe(true);
    expect(cut.text).toContain("characters omitted");
    expect(truncate("short", 500)).toEqual({ text: "short", truncated: false });
  });

  it("renders events as readable CLI progress", () => {
    const sealer = new EventSealer(fixed);
    expect(
      renderEvent(
        sealer.seal({
          type: "error",
          agent: "validator",
          stage: "validator",
          code: "MODEL_ERROR",
          message: "x",
        }),
      ),
    ).toContain("MODEL_ERROR in validator");
    expect(renderEvent(sealer.seal({ type: "heartbeat", elapsedMs: 1, activity: "a" }))).toBe("");
  });
});
