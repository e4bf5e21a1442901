import type { ExecutorBudget } from "agentcore-vpc-platform-contract";
import type { SessionBudgets } from "../config/config";
import { diskUsage } from "../fs/tree";
import { childrenOf, descendantsOf, processesOfUids, processState, pssBytes, rssBytes } from "../proc/proc";
import { killPid } from "../proc/sweep";
import type { Session } from "../sessions/session";
import { budgetProblem, largestOverTask, type MeasuredSession } from "./rules";

type Measured = MeasuredSession & { session: Session };

/** What the monitor needs from the session manager. */
export interface MonitorHost {
  sessions(): Session[];
  /** The zygote and the spare workers: the task's memory beyond its sessions. */
  poolPids(): number[];
  /** Whether the zygote has adopted processes that are no known worker (detached session processes). */
  zygoteHasStrays(): boolean;
  /** Ends the session's running execution or helper (or, when idle, its worker) with `reason`. */
  stopSession(session: Session, reason: string, budget: ExecutorBudget): void;
}

/** A worker has its main thread and the output drainer; more means session code left threads running. */
const WORKER_THREADS = 2;

/**
 * Enforces the session budgets by watching /proc and the session folders every `pollMs` (the platform gives
 * no cgroups or quotas per session). Between executions a session has only its idle worker, which can
 * neither grow nor write, so a session is measured while it is busy, while its worker has extra threads, or
 * while it has processes besides its worker (those are killed at once: nothing outlives an execution).
 */
export class BudgetMonitor {
  private timer: NodeJS.Timeout | null = null;
  private walking = new Set<string>();
  private running = false;

  constructor(
    private readonly budgets: SessionBudgets,
    private readonly perUid: boolean,
    private readonly host: MonitorHost,
    /** PSS is readable (CAP_SYS_PTRACE); without it the RSS stands in and the task-wide check is off. */
    private readonly pssReadable: boolean,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.budgets.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round of checks (exported for tests through the manager). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const sessions = this.host.sessions().filter((s) => !s.closed && (s.busy || s.worker?.isAlive));
      // A cell is checked once it has run half a poll interval: shorter cells cannot grow much before they end
      // (their processes are swept and their files measured then), and trivial ones cost no scan at all.
      const now = Date.now();
      const settled = this.budgets.pollMs / 2;
      const active = sessions.filter((s) => (s.busy ? now - s.busySince >= settled : this.mayBeRunning(s)));
      // Nothing running and nothing adopted: every session is an idle worker alone, so /proc is not scanned.
      const scan = active.length > 0 || this.host.zygoteHasStrays();
      const byUid =
        scan && this.perUid
          ? processesOfUids(new Set(sessions.flatMap((s) => (s.owner ? [s.owner.uid] : []))))
          : new Map<number, number[]>();
      const measured: Measured[] = [];
      for (const session of sessions) {
        const worker = session.worker?.isAlive ? session.worker.pid : undefined;
        const pids = scan ? this.processesOf(session, byUid) : worker === undefined ? [] : [worker];
        if (!session.busy && scan) {
          for (const pid of pids) if (pid !== worker) killPid(pid);
          if (!active.includes(session) && pids.every((pid) => pid === worker)) {
            measured.push({
              session,
              rss: worker === undefined ? 0 : rssBytes(worker),
              pids: worker ? [worker] : [],
            });
            continue;
          }
        }
        measured.push({ session, rss: pids.reduce((sum, pid) => sum + rssBytes(pid), 0), pids });
      }
      this.enforceMemory(measured);
      for (const session of active) if (!session.closed) void this.checkDisk(session);
    } finally {
      this.running = false;
    }
  }

  /** An idle worker with threads of its own, or with child processes: something of the session still runs. */
  private mayBeRunning(session: Session): boolean {
    const worker = session.worker;
    if (!worker?.isAlive) return false;
    if ((processState(worker.pid)?.threads ?? 0) > WORKER_THREADS) return true;
    const children = childrenOf(worker.pid);
    return children === undefined || children.length > 0;
  }

  private processesOf(session: Session, byUid: Map<number, number[]>): number[] {
    if (session.owner) return byUid.get(session.owner.uid) ?? [];
    const worker = session.worker;
    if (!worker?.isAlive) return [];
    return [worker.pid, ...(descendantsOf(worker.pid) ?? [])];
  }

  private enforceMemory(measured: Measured[]): void {
    for (const entry of measured) {
      // The RSS never falls below the PSS: under the budget it settles the question without reading smaps.
      entry.pss =
        entry.rss > this.budgets.memoryBytes
          ? entry.pids.reduce((s, pid) => s + pssBytes(pid), 0)
          : undefined;
      entry.session.usage.memoryBytes = entry.pss ?? entry.rss;
      const problem = budgetProblem(entry, this.budgets);
      if (problem) this.host.stopSession(entry.session, problem, "memory");
    }
    // RSS counts the zygote's shared pages once per process: summed over a task it would stop sessions for
    // memory nobody uses twice.
    if (!this.pssReadable) return;
    const others = [process.pid, ...this.host.poolPids()];
    const rssTotal =
      others.reduce((s, pid) => s + rssBytes(pid), 0) + measured.reduce((s, m) => s + m.rss, 0);
    if (rssTotal <= 0.9 * this.budgets.taskMemoryBytes) return;
    for (const entry of measured) entry.pss ??= entry.pids.reduce((s, pid) => s + pssBytes(pid), 0);
    const pssTotal =
      others.reduce((s, pid) => s + pssBytes(pid), 0) + measured.reduce((s, m) => s + (m.pss ?? 0), 0);
    const victim = largestOverTask(measured, pssTotal, this.budgets.taskMemoryBytes);
    if (victim) this.host.stopSession(victim.session, victim.reason, "memory");
  }

  private async checkDisk(session: Session): Promise<void> {
    if (this.walking.has(session.id)) return;
    this.walking.add(session.id);
    // The walk yields to the event loop: what it finds must only stop the run it was measuring.
    const run = () => (session.busy ? session.busySince : -1);
    const measuring = run();
    try {
      const usage = await diskUsage([session.root, session.tmp], this.budgets.files);
      session.usage.diskBytes = usage.bytes;
      if (session.closed || run() !== measuring) return;
      if (usage.truncated) {
        this.host.stopSession(session, filesMessage(this.budgets.files), "files");
      } else if (usage.bytes > this.budgets.diskBytes) {
        this.host.stopSession(session, diskMessage(usage.bytes, this.budgets.diskBytes), "disk");
      }
    } catch {
      // the session went away while its folders were walked
    } finally {
      this.walking.delete(session.id);
    }
  }
}

const MB = 1024 * 1024;

export function filesMessage(limit: number): string {
  return `the session has more than ${limit} files and folders (EXECUTOR_SESSION_MAX_FILES); delete some to continue`;
}

export function diskMessage(used: number, budget: number): string {
  return (
    `the session's files take ${Math.round(used / MB)} MB, above its disk budget of ${Math.round(budget / MB)} MB ` +
    "(EXECUTOR_SESSION_DISK_MB); delete files to continue"
  );
}
