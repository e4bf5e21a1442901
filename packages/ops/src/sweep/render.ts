/** Turns a sweep report into the lines the CLI prints, and decides the exit code. */
import type { BlockedResource, ResourceKind, ResourceRef, SweepReport } from "./types";

const KIND_LABEL: Record<ResourceKind, string> = {
  "security-group": "security group",
  subnet: "subnet",
  "route-table": "route table",
  vpc: "VPC",
};

function label(r: ResourceRef): string {
  return `${KIND_LABEL[r.kind]} ${r.id}${r.name ? ` (${r.name})` : ""}`;
}

function where(r: ResourceRef): string {
  return r.vpcId && r.vpcId !== r.id ? ` in ${r.vpcId}` : "";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function blockedLines(b: BlockedResource): string[] {
  const lines = [`  ${label(b)}${where(b)}: ${b.reason}`];
  if (b.enis.length > 0) {
    const enis = b.enis.map((e) => `${e.id} (${[e.interfaceType, e.status].filter(Boolean).join(", ")})`);
    lines.push(`    ENIs: ${enis.join(", ")}`);
  }
  lines.push(`    ${b.hint}`);
  return lines;
}

/** Exit code: 1 when anything failed; blocked resources are expected and not a failure. */
export function sweepExitCode(report: SweepReport): 0 | 1 {
  return report.errors.length > 0 ? 1 : 0;
}

/**
 * The report as readable lines (no trailing newlines).
 * @param report what the sweep found and did
 */
export function renderReport(report: SweepReport): string[] {
  const scope = `stack ${report.stack} (project ${report.project}${
    report.component ? `, component ${report.component}` : ""
  }, region ${report.region})`;
  const lines = [`Sweep of ${scope} at ${report.checkedAt}${report.dryRun ? ", dry run" : ""}`];
  const { deleted, blocked, skippedLive, errors } = report;

  if (deleted.length + blocked.length + errors.length === 0) {
    if (skippedLive.length === 0) {
      lines.push(`Nothing to sweep: no retained resources tagged for ${scope} remain.`);
    } else {
      lines.push(
        `Nothing to sweep: the ${plural(skippedLive.length, "retained resource")} found ` +
          `${skippedLive.length === 1 ? "is" : "are"} still in the stack's state (destroy the stack first).`,
      );
    }
    for (const r of skippedLive) lines.push(`  ${label(r)}`);
    return lines;
  }

  if (deleted.length > 0) {
    lines.push(`${report.dryRun ? "Would delete" : "Deleted"} (${deleted.length}):`);
    for (const d of deleted) lines.push(`  ${label(d)}${where(d)}${d.alreadyGone ? ": already gone" : ""}`);
  }
  if (blocked.length > 0) {
    lines.push(`Blocked (${blocked.length}), left for a later sweep:`);
    for (const b of blocked) lines.push(...blockedLines(b));
  }
  if (skippedLive.length > 0) {
    lines.push(`Left alone, still in the stack's state (${skippedLive.length}):`);
    for (const r of skippedLive) lines.push(`  ${label(r)}`);
  }
  if (errors.length > 0) {
    lines.push(`Errors (${errors.length}):`);
    for (const e of errors) lines.push(`  ${label(e)}${where(e)}: ${e.operation} failed: ${e.message}`);
  }
  const counts = [
    `${deleted.length} ${report.dryRun ? "would be deleted" : "deleted"}`,
    `${blocked.length} blocked`,
    plural(errors.length, "error"),
  ].join(", ");
  const next =
    errors.length > 0
      ? " Fix the errors and run the sweep again."
      : blocked.length > 0
        ? " Safe to run again: it picks up where this one stopped."
        : report.dryRun
          ? " Run without --dry-run to delete."
          : "";
  lines.push(`Result: ${counts}.${next}`);
  return lines;
}
