import type { SessionBudgets } from "../config/config";
import type { Session } from "../sessions/session";

/** One session's processes as measured in one round. */
export interface MeasuredSession {
  session: Pick<Session, "id" | "busy" | "usage">;
  pids: number[];
  /** Sum of the resident set sizes: an upper bound of the PSS, cheap to read. */
  rss: number;
  /** Sum of the proportional set sizes, read only when the RSS says it may matter. */
  pss?: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

/** Why the session must stop now (its PSS is above its budget), or undefined. */
export function budgetProblem(
  entry: MeasuredSession,
  budgets: Pick<SessionBudgets, "memoryBytes">,
): string | undefined {
  if (entry.pss === undefined || entry.pss <= budgets.memoryBytes) return undefined;
  return (
    `the session's processes used ${mb(entry.pss)} MB of memory, above its budget of ` +
    `${mb(budgets.memoryBytes)} MB (EXECUTOR_SESSION_MEMORY_MB)`
  );
}

/**
 * When the task is above 90 % of its memory: the session using the most (by PSS) and why it must stop, so the
 * other sessions and the server keep running.
 */
export function largestOverTask<T extends MeasuredSession>(
  measured: T[],
  taskUsed: number,
  taskMemoryBytes: number,
): { session: T["session"]; reason: string } | undefined {
  if (taskUsed <= 0.9 * taskMemoryBytes || measured.length === 0) return undefined;
  const largest = measured.reduce((a, b) => ((b.pss ?? b.rss) > (a.pss ?? a.rss) ? b : a));
  const size = largest.pss ?? largest.rss;
  if (size === 0) return undefined;
  return {
    session: largest.session,
    reason:
      `the executor task is using ${Math.round((100 * taskUsed) / taskMemoryBytes)} % of its ${mb(taskMemoryBytes)} MB ` +
      `of memory and this session used the most (${mb(size)} MB)`,
  };
}
