/**
 * The readable pass/fail list.
 */
import type { CheckResult, CheckStatus } from "./types";

const LABEL: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };

export interface ReportHeader {
  stack: string;
  region: string;
  account: string | undefined;
}

export function renderReport(header: ReportHeader, results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.title.length), 0);
  const indent = " ".repeat(2 + 4 + 2 + width + 2);
  const out: string[] = [];
  const account = header.account ? `, account ${header.account}` : "";
  out.push(`doctor: stack ${header.stack} (${header.region}${account})`, "");
  for (const r of results) {
    out.push(`  ${LABEL[r.status]}  ${r.title.padEnd(width)}  ${r.detail}`);
    for (const line of r.lines ?? []) out.push(`${indent}${line}`);
    if (r.fix && (r.status === "fail" || r.status === "warn")) out.push(`${indent}fix: ${r.fix}`);
  }
  out.push("", summaryLine(results));
  return out.join("\n") + "\n";
}

export function summaryLine(results: readonly CheckResult[]): string {
  const n = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  const parts = [`${n("pass")} passed`, `${n("fail")} failed`];
  if (n("warn") > 0) parts.push(`${n("warn")} warning${n("warn") === 1 ? "" : "s"}`);
  if (n("skip") > 0) parts.push(`${n("skip")} skipped`);
  return parts.join(", ");
}

export function exitCodeFor(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}
