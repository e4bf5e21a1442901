import type { AgentEvent } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { progressBar, uploadProgressPrinter } from "../src/cli/progress.js";
import { formatBytes, lastLines, renderEvent } from "../src/cli/render.js";
import { activityAfter, formatElapsed, StatusLine } from "../src/cli/status.js";

const ts = "2026-01-01T00:00:00.000Z";
const ev = (e: Record<string, unknown>) => ({ seq: 0, ts, ...e }) as AgentEvent;

describe("the status line", () => {
  it("formats elapsed time as m:ss and h:mm:ss", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(65_400)).toBe("1:05");
    expect(formatElapsed(3_725_000)).toBe("1:02:05");
  });

  it("follows the run's agent and activity from its events", () => {
    let s = { agent: undefined as string | undefined, activity: "connecting" };
    s = activityAfter(s, ev({ type: "agent_start", agent: "coder", model: "m", round: 1 }));
    expect(s).toEqual({ agent: "coder", activity: "waiting for the model" });
    s = activityAfter(
      s,
      ev({
        type: "tool_call",
        agent: "coder",
        toolUseId: "t",
        name: "run_python",
        input: "{}",
        truncated: false,
      }),
    );
    expect(s.activity).toBe("running run_python");
    s = activityAfter(
      s,
      ev({ type: "heartbeat", elapsedMs: 1, agent: "validator", activity: "waiting for the model" }),
    );
    expect(s).toEqual({ agent: "validator", activity: "waiting for the model" });
  });

  it("ticks every second in place on a terminal, below the output, and never breaks a line of model text", () => {
    let now = Date.parse(ts);
    let out = "";
    const line = new StatusLine((t) => (out += t), { tty: true, now: () => now });
    line.observe(ev({ type: "start", sessionId: "s", runId: "r", requestId: "q", language: "en" }));
    line.observe(ev({ type: "agent_start", agent: "coder", model: "m", round: 1 }));
    now += 65_000;
    line.tick();
    expect(out).toBe("⠙ 1:05 · coder · waiting for the model");
    out = "";
    line.write("━━ coder\n");
    expect(out).toBe("\r\x1b[2K━━ coder\n⠙ 1:05 · coder · waiting for the model");
    out = "";
    line.write("partial model te"); // mid-line: the status waits
    now += 1000;
    line.tick();
    expect(out).toBe("\r\x1b[2Kpartial model te");
    line.stop();
  });

  it("prints a plain line every 15 s when the output is not a terminal", () => {
    let now = Date.parse(ts);
    let out = "";
    const line = new StatusLine((t) => (out += t), { tty: false, now: () => now });
    line.observe(ev({ type: "start", sessionId: "s", runId: "r", requestId: "q", language: "en" }));
    line.observe(
      ev({
        type: "tool_call",
        agent: "coder",
        toolUseId: "t",
        name: "run_python",
        input: "{}",
        truncated: false,
      }),
    );
    for (let i = 0; i < 30; i++) {
      now += 1000;
      line.tick();
    }
    expect(out).toBe("… 0:15 · coder · running run_python\n… 0:30 · coder · running run_python\n");
    expect(out).not.toContain("\r");
  });
});

describe("tool errors in the terminal", () => {
  const traceback = [
    "status: error (12 ms)",
    "stderr:",
    "Traceback (most recent call last):",
    ...Array.from({ length: 10 }, (_, i) => `  File "<cell>", line ${i + 1}, in f${i}`),
    "ZeroDivisionError: division by zero",
  ].join("\n");
  const failed = ev({
    type: "tool_result",
    agent: "coder",
    toolUseId: "t",
    name: "run_python",
    status: "error",
    output: traceback,
    truncated: false,
  });

  it("shows the last lines, where the exception is, and says how to see the rest", () => {
    const text = renderEvent(failed);
    expect(text).toContain("ZeroDivisionError: division by zero");
    expect(text).toContain("earlier lines (--verbose shows them)");
    expect(text).not.toContain("status: error (12 ms)");
  });

  it("shows all of it with --verbose", () => {
    const text = renderEvent(failed, true);
    expect(text).toContain("status: error (12 ms)");
    expect(text).toContain("Traceback (most recent call last):");
    expect(text).toContain("ZeroDivisionError: division by zero");
  });

  it("keeps short output whole", () => {
    expect(lastLines("a\nb\n", 8)).toBe("a\nb");
  });
});

describe("upload progress", () => {
  it("draws a bar with percent, bytes and rate", () => {
    expect(progressBar({ loaded: 512 * 1024 * 1024, total: 1024 ** 3 }, 10_000, 10)).toBe(
      "[█████░░░░░]  50% 512.0 MB / 1.0 GB · 51.2 MB/s",
    );
    expect(formatBytes(1536)).toBe("1.5 KB");
  });

  it("redraws in place on a terminal and prints every 10 % otherwise", () => {
    let tty = "";
    const a = uploadProgressPrinter(
      "up",
      (t) => (tty += t),
      true,
      () => 1000,
    );
    a.onProgress({ loaded: 1, total: 10 });
    a.end();
    expect(tty.startsWith("\r\x1b[2Kup [")).toBe(true);
    expect(tty.endsWith("\n")).toBe(true);
    let plain = "";
    const b = uploadProgressPrinter(
      "up",
      (t) => (plain += t),
      false,
      () => 1000,
    );
    for (let loaded = 0; loaded <= 100; loaded += 1) b.onProgress({ loaded, total: 100 });
    expect(plain.split("\n").filter(Boolean)).toHaveLength(11);
  });
});
