import { describe, expect, it } from "vitest";
import {
  EXECUTOR_ENV_NAMES,
  RUNTIME_ENV_NAMES,
  SseDecoder,
  STACK_OUTPUTS,
  agentEvent,
  encodeSse,
  executeResponse,
  parseRequestPayload,
} from "./index";

describe("contract", () => {
  it("names every environment variable and stack output once", () => {
    expect(new Set(RUNTIME_ENV_NAMES).size).toBe(RUNTIME_ENV_NAMES.length);
    expect(new Set(EXECUTOR_ENV_NAMES).size).toBe(EXECUTOR_ENV_NAMES.length);
    expect(new Set(STACK_OUTPUTS).size).toBe(STACK_OUTPUTS.length);
  });

  it("round-trips an event through the SSE encoding, across chunk boundaries", () => {
    const event = agentEvent.parse({
      type: "text",
      seq: 3,
      ts: "2026-01-01T00:00:00.000Z",
      agent: "coder",
      delta: "a\nb",
    });
    const wire = encodeSse(event) + ": heartbeat\n\n";
    const decoder = new SseDecoder();
    const decoded = [...decoder.push(wire.slice(0, 7)), ...decoder.push(wire.slice(7))];
    expect(decoded).toEqual([event]);
  });

  it("surfaces the runtime SDK's error frame as an error event", () => {
    const [event] = new SseDecoder().push('event: error\ndata: {"error":"boom"}\n\n');
    expect(event).toMatchObject({ type: "error", code: "STREAM_FAILED", message: "boom" });
  });

  it("rejects an execute response that lacks executionCount", () => {
    const response = {
      status: "ok",
      stdout: "",
      stderr: "",
      durationMs: 1,
      truncated: false,
      artifacts: [],
      stateLost: false,
      restarted: false,
    };
    expect(executeResponse.safeParse(response).success).toBe(false);
    expect(executeResponse.safeParse({ ...response, executionCount: 1 }).success).toBe(true);
  });

  it("validates a payload against the one schema it means", () => {
    const health = parseRequestPayload({ healthCheck: "yes" });
    expect(health.success).toBe(false);
    expect(health.error?.issues[0]?.message).toBe("healthCheck must be true");
    const run = parseRequestPayload({ prompt: " " });
    expect(run.error?.issues[0]?.message).toBe("prompt must not be empty");
  });
});
