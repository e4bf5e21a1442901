/**
 * Rendering: the change summary and outputs for the terminal, and the Markdown summary for
 * $GITHUB_STEP_SUMMARY and the pull-request comment.
 */
import type { OpMap, OutputMap } from "../pulumi/engine";
import type { ResourceStep } from "../pulumi/event-log";
import { describeUrn } from "../pulumi/urn";

const CHANGE_ORDER: { ops: string[]; label: string; symbol: string }[] = [
  { ops: ["create"], label: "to create", symbol: "+" },
  { ops: ["update"], label: "to update", symbol: "~" },
  { ops: ["replace", "create-replacement"], label: "to replace", symbol: "+-" },
  { ops: ["delete"], label: "to delete", symbol: "-" },
  { ops: ["import"], label: "to import", symbol: "=" },
];

export interface ChangeCount {
  symbol: string;
  label: string;
  count: number;
}

/** Non-zero change counts in a fixed order; "same" is reported separately as unchanged. */
export function countChanges(changes: OpMap): ChangeCount[] {
  const counts: ChangeCount[] = [];
  for (const row of CHANGE_ORDER) {
    const count = row.ops.reduce((n, op) => n + (changes[op as keyof OpMap] ?? 0), 0);
    if (count > 0) counts.push({ symbol: row.symbol, label: row.label, count });
  }
  return counts;
}

export function hasChanges(changes: OpMap): boolean {
  return countChanges(changes).length > 0;
}

/** "+3 to create, ~1 to update, 40 unchanged" / "no changes (40 unchanged)". */
export function formatChanges(changes: OpMap): string {
  const same = changes.same ?? 0;
  const counts = countChanges(changes);
  if (counts.length === 0) return same > 0 ? `no changes (${same} unchanged)` : "no changes";
  const parts = counts.map((c) => `${c.symbol}${c.count} ${c.label}`);
  if (same > 0) parts.push(`${same} unchanged`);
  return parts.join(", ");
}

export function formatOutputValue(value: unknown, secret: boolean): string {
  if (secret) return "[secret]";
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "undefined";
}

/** `  key: value` lines, sorted by key. */
export function formatOutputs(outputs: OutputMap): string[] {
  return Object.keys(outputs)
    .sort()
    .map((key) => {
      const o = outputs[key] as { value: unknown; secret: boolean };
      return `  ${key}: ${formatOutputValue(o.value, o.secret)}`;
    });
}

export interface RunSummary {
  stack: string;
  /** What ran: preview, up, refresh, destroy (or "destroy preview"). */
  action: string;
  succeeded: boolean;
  changes: OpMap | undefined;
  changedResources: readonly ResourceStep[];
  outputs: OutputMap | undefined;
  failure: string | undefined;
}

const MAX_LISTED_RESOURCES = 50;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function renderMarkdown(s: RunSummary): string {
  const lines: string[] = [];
  const status = s.succeeded ? "✅ succeeded" : "❌ failed";
  lines.push(`### Pulumi ${s.action}: \`${s.stack}\` — ${status}`, "");
  if (s.failure) lines.push(`> **Reason:** ${s.failure.replace(/\r?\n/g, " ")}`, "");

  if (s.changes) {
    const counts = countChanges(s.changes);
    if (counts.length === 0) {
      lines.push(`No changes${s.changes.same ? ` (${s.changes.same} unchanged)` : ""}.`, "");
    } else {
      lines.push("| change | resources |", "|---|---:|");
      for (const c of counts) lines.push(`| \`${c.symbol}\` ${c.label} | ${c.count} |`);
      if (s.changes.same) lines.push(`| unchanged | ${s.changes.same} |`);
      lines.push("");
    }
  }

  if (s.changedResources.length > 0) {
    lines.push(`<details><summary>Changed resources (${s.changedResources.length})</summary>`, "");
    for (const r of s.changedResources.slice(0, MAX_LISTED_RESOURCES)) {
      lines.push(`- \`${r.op}\` ${describeUrn(r.urn)}`);
    }
    if (s.changedResources.length > MAX_LISTED_RESOURCES) {
      lines.push(`- … and ${s.changedResources.length - MAX_LISTED_RESOURCES} more`);
    }
    lines.push("", "</details>", "");
  }

  const keys = s.outputs ? Object.keys(s.outputs).sort() : [];
  if (s.outputs && keys.length > 0) {
    lines.push(`<details><summary>Stack outputs (${keys.length})</summary>`, "");
    lines.push("| output | value |", "|---|---|");
    for (const key of keys) {
      const o = s.outputs[key] as { value: unknown; secret: boolean };
      lines.push(`| \`${key}\` | \`${cell(formatOutputValue(o.value, o.secret))}\` |`);
    }
    lines.push("", "</details>", "");
  }
  return lines.join("\n");
}
