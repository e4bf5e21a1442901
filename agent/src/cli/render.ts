import type { AgentEvent } from "agentcore-vpc-platform-contract";

const oneLine = (text: string, max = 110) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A byte count for people: B, KB, MB, GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * The last `count` non-empty lines of a tool's output: where a Python traceback keeps the exception. Says how
 * many lines were left out above them.
 */
export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, "").split("\n");
  if (lines.length <= count) return lines.join("\n");
  return [`… ${lines.length - count} earlier lines (--verbose shows them)`, ...lines.slice(-count)].join(
    "\n",
  );
}

const indent = (text: string, by = "     ") =>
  text
    .split("\n")
    .map((line) => by + line)
    .join("\n");

/** Lines of a failed tool's output shown without --verbose. */
export const ERROR_TAIL_LINES = 8;

/**
 * Readable progress for one event (text deltas stream inline; heartbeats print nothing unless `verbose`: the
 * status line shows them). Returns the exact text to write, or "" for nothing.
 */
export function renderEvent(event: AgentEvent, verbose = false): string {
  switch (event.type) {
    case "start":
      return (
        `▶ session ${event.sessionId} · run ${event.runId} · language ${event.language}` +
        `${event.dataUri ? ` · data ${event.dataUri}` : ""}\n`
      );
    case "agent_start":
      return `\n━━ ${event.agent}${event.round > 1 ? ` (round ${event.round})` : ""} · ${event.model}\n`;
    case "text":
      return event.delta;
    case "tool_call":
      return `\n  → ${event.name} ${verbose ? event.input : oneLine(event.input)}\n`;
    case "tool_result":
      return event.status === "success"
        ? `  ← ok: ${verbose ? `\n${indent(event.output)}` : oneLine(event.output)}\n`
        : `  ← ERROR:\n${indent(verbose ? event.output : lastLines(event.output, ERROR_TAIL_LINES))}\n`;
    case "artifact":
      return `  + ${event.path} (${formatBytes(event.size)})\n`;
    case "session":
      return `  · executor session ${event.action} (${event.executorSessionId})${event.message ? `: ${oneLine(event.message)}` : ""}\n`;
    case "validation":
      return event.verdict === "pass"
        ? `\n✔ verification passed: ${event.checks.length} values re-computed independently\n`
        : `\n✘ verification failed (round ${event.round}):\n${event.findings.map((f) => `   - ${f}`).join("\n")}\n`;
    case "render":
      return event.status === "ok"
        ? `\n▣ report rendered: ${event.files.map((f) => `${f.path} (${formatBytes(f.size)})`).join(", ")}\n`
        : `\n✘ report rendering failed: ${event.message ?? "unknown error"}\n`;
    case "retry":
      return `  ↻ ${event.agent ?? "model"} retry ${event.attempt} in ${(event.waitMs / 1000).toFixed(1)} s: ${oneLine(event.reason)}\n`;
    case "heartbeat":
      return verbose
        ? `  … ${(event.elapsedMs / 1000).toFixed(0)} s, ${event.agent ?? ""} ${event.activity}\n`
        : "";
    case "usage":
      return `\n  tokens ${event.agent}: ${event.inputTokens} in / ${event.outputTokens} out / ${event.cacheReadInputTokens} cache read / ${event.cacheWriteInputTokens} cache write\n`;
    case "plan":
      return (
        `\n☰ plan (${event.route === "direct" ? "direct answer" : "full analysis"}): ${oneLine(event.reason)}\n` +
        event.steps.map((s) => `  ${s.n}. [${s.kind}] ${s.title}\n`).join("")
      );
    case "progress":
      return event.status === "running"
        ? `\n  ▸ step ${event.step}/${event.of} (${event.agent}): ${event.title}\n`
        : "";
    case "agent_end":
      return `  (${event.agent} finished in ${(event.durationMs / 1000).toFixed(1)} s, ${event.stopReason})\n`;
    case "done":
      return (
        `\n■ done in ${(event.durationMs / 1000).toFixed(1)} s · ${event.route === "direct" ? "direct answer, not independently verified" : event.verified ? "verified" : "NOT verified"}` +
        `${event.cost ? ` · est. $${event.cost.totalUsd.toFixed(4)}` : ""}\n` +
        `${event.summary}\n` +
        event.artifacts.map((a) => `  ${a.uri} (${formatBytes(a.size)})\n`).join("")
      );
    case "health":
      return (
        `♥ ${event.status}: executor ${event.executor.url} ` +
        `${event.executor.error ?? `answered ${event.executor.httpStatus}`} in ${event.executor.durationMs} ms\n`
      );
    case "cancel":
      return `■ cancel ${event.state}: ${event.message}\n`;
    case "error":
      return `\n✘ ${event.code} in ${event.agent ?? event.stage}: ${event.message}\n`;
  }
}
