import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import {
  EXECUTOR_LOG_EVENTS,
  EXECUTOR_LOG_FIELDS,
  type ExecuteResponse,
  type ExecutorBudget,
} from "agentcore-vpc-platform-contract";
import { BudgetMonitor, diskMessage, filesMessage } from "../budgets/monitor";
import type { ExecutorConfig } from "../config/config";
import { sessionEnvironment } from "../confine/environment";
import { HttpError, sessionGone } from "../errors";
import { createOwnedFolder, removeFolder, SESSION_SUBFOLDERS } from "../fs/session-files";
import { spawnHelper, type HelperRequest, type HelperResult } from "../helpers/run-helper";
import { diskUsage, type DiskUsage } from "../fs/tree";
import { childrenOf, descendantsOf, processesOfUids, pssBytes, uidOf } from "../proc/proc";
import { canReadSessionPss } from "../proc/capabilities";
import { killDescendantsExcept, killGroup, killUidExcept, mayHaveStrays } from "../proc/sweep";
import { Session, type ExecuteRequest } from "./session";
import { authorizes, newSessionToken } from "./token";
import { UidSlots } from "./uid-slots";
import type { AssignRequest, WorkerHandle } from "./worker";
import { WorkerPool, type PoolLogger } from "./worker-pool";

/** Owns the worker pool and every session: counts, capabilities, budgets, expiry and draining. */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly pool: WorkerPool;
  private readonly slots: UidSlots;
  private readonly monitor: BudgetMonitor;
  private reserved = 0;
  /** Session memory is measured by PSS (the server has CAP_SYS_PTRACE), else by RSS. */
  readonly memoryAccounting: "pss" | "rss" = canReadSessionPss() ? "pss" : "rss";
  private sweeper: NodeJS.Timeout | null = null;
  readonly sessionsRoot: string;
  readonly tmpRoot: string;
  draining = false;

  constructor(
    readonly config: ExecutorConfig,
    private readonly log: PoolLogger,
  ) {
    this.sessionsRoot = path.join(config.workDir, "sessions");
    this.tmpRoot = path.join(config.workDir, "tmp");
    this.pool = new WorkerPool(config, log);
    this.slots = new UidSlots(config.workerUidBase, (uid) => this.pool.killUid(uid));
    this.monitor = new BudgetMonitor(
      config.budgets,
      config.workerUidBase !== null,
      {
        sessions: () => this.list(),
        poolPids: () => [
          ...(this.pool.zygotePid === undefined ? [] : [this.pool.zygotePid]),
          ...this.pool.sparePids,
        ],
        zygoteHasStrays: () => this.zygoteHasStrays(),
        stopSession: (session, reason, budget) => this.stop(session, reason, budget),
      },
      this.memoryAccounting === "pss",
    );
    // A dead zygote leaves no one to adopt detached processes: kill whatever the sessions still run.
    this.pool.onZygoteDeath = () => {
      for (const session of this.list()) if (session.owner) killUidExcept(session.owner.uid, new Set());
    };
  }

  get count(): number {
    return this.sessions.size;
  }

  get zygoteInfo() {
    return this.pool.info;
  }

  get spareCount(): number {
    return this.pool.spareCount;
  }

  async start(): Promise<void> {
    const perUid = this.config.workerUidBase !== null;
    for (const dir of [this.config.workDir, this.sessionsRoot, this.tmpRoot]) {
      await fs.mkdir(dir, { recursive: true });
      // Sessions may pass through to their own folders, and see nothing else here.
      if (perUid) await fs.chmod(dir, 0o711);
    }
    await fs.mkdir(this.config.mplConfigDir, { recursive: true, mode: 0o755 });
    if (this.config.mplConfigSeedDir) {
      // the image's pre-built font cache: saves rebuilding it on every task start (read-only root fs)
      await fs.cp(this.config.mplConfigSeedDir, this.config.mplConfigDir, { recursive: true, force: false });
    }
    if (this.memoryAccounting === "rss") {
      this.log.warn(
        {},
        "no CAP_SYS_PTRACE: session memory is measured by RSS (shared pages count per process) and the " +
          "task-wide memory check is off; add SYS_PTRACE to the container",
      );
    }
    await this.pool.start();
    this.monitor.start();
    const periodMs = Math.min(this.config.idleTimeoutSeconds, this.config.maxLifetimeSeconds) * 250;
    this.sweeper = setInterval(() => void this.expire(), Math.min(60_000, Math.max(250, periodMs)));
    this.sweeper.unref();
  }

  /** Creates a session; the token is returned once, here, and only its digest is kept. */
  async create(requestedId?: string): Promise<{ session: Session; token: string }> {
    if (this.draining)
      throw new HttpError(503, "DRAINING", "executor is shutting down; create the session elsewhere");
    if (requestedId !== undefined && this.sessions.has(requestedId)) {
      throw new HttpError(409, "SESSION_EXISTS", `session ${requestedId} already exists`);
    }
    if (this.sessions.size + this.reserved >= this.config.maxSessions) {
      throw new HttpError(
        429,
        "TOO_MANY_SESSIONS",
        `this executor already holds ${this.config.maxSessions} sessions`,
      );
    }
    this.reserved += 1;
    const id = requestedId ?? randomUUID();
    const { slot, owner } = this.slots.allocate();
    const { token, digest } = newSessionToken();
    let session: Session | undefined;
    try {
      createOwnedFolder(this.sessionsRoot, id, owner, SESSION_SUBFOLDERS);
      createOwnedFolder(this.tmpRoot, id, owner);
      session = new Session(
        id,
        digest,
        path.join(this.sessionsRoot, id),
        path.join(this.tmpRoot, id),
        slot,
        owner,
        this.config.maxLifetimeSeconds,
        {
          spawnWorker: (s) => this.spawnWorker(s),
          sweep: (s) => this.sweep(s),
          budgetKilled: (s, budget) => this.logBudgetKill(s, budget, "the execution exceeded its budget"),
          diskProblem: (s, bytes) => this.diskProblem(s, bytes),
        },
      );
      await session.ensureWorker();
      if (this.draining) throw new HttpError(503, "DRAINING", "executor is shutting down");
      this.sessions.set(id, session);
      // The component's metric filters count these lines (executorLogEvent in the contract).
      this.log.info(
        {
          [EXECUTOR_LOG_FIELDS.event]: EXECUTOR_LOG_EVENTS.sessionCreated,
          [EXECUTOR_LOG_FIELDS.sessionId]: id,
        },
        "session created",
      );
      return { session, token };
    } catch (err) {
      session?.worker?.kill("session creation failed");
      session?.close();
      if (owner) await this.slots.kill(owner.uid);
      this.removeFolders(id);
      this.slots.release(slot);
      throw err;
    } finally {
      this.reserved -= 1;
    }
  }

  /** What makes a process one of the session's (confine.py): folder, uid, environment, limits. */
  private assignment(session: Session): AssignRequest {
    return {
      sessionId: session.id,
      cwd: session.dir,
      ...(session.owner ? { uid: session.owner.uid, gid: session.owner.gid } : {}),
      env: sessionEnvironment(this.pool.zygoteEnv, session),
      limits: { ...this.config.limits },
    };
  }

  private async spawnWorker(session: Session): Promise<WorkerHandle> {
    if (session.owner) await this.slots.settled(session.owner.uid); // the worker takes this uid
    return this.pool.assign(this.assignment(session));
  }

  /** The zygote adopted a process that is no worker of ours (a spare being forked runs as root). */
  private zygoteHasStrays(): boolean {
    const zygote = this.pool.zygotePid;
    if (zygote === undefined) return false;
    const known = this.pool.knownPids;
    const children = childrenOf(zygote, [zygote]);
    const perUid = this.config.workerUidBase !== null;
    return children === undefined || children.some((pid) => !known.has(pid) && (!perUid || uidOf(pid) !== 0));
  }

  /**
   * Kills every process of the session except its worker (nothing a cell starts outlives it). After an
   * execution, processes it left are the worker's children or were adopted by the zygote, so two reads say
   * whether to scan /proc at all; after a helper (not the zygote's descendant) the scan always runs.
   */
  private sweep(session: Session, always = false): void {
    const worker = session.worker?.isAlive ? session.worker.pid : undefined;
    const maybe =
      always ||
      worker === undefined ||
      mayHaveStrays(
        session.worker as WorkerHandle,
        this.pool.zygotePid,
        this.pool.knownPids,
        session.owner?.uid,
      );
    if (!maybe) return;
    const keep = new Set(worker === undefined ? [] : [worker]);
    if (session.owner) killUidExcept(session.owner.uid, keep);
    else if (worker !== undefined) killDescendantsExcept(worker, this.pool.zygotePid, this.pool.knownPids);
  }

  /** A budget kill, as the line the component's metric filters count (executorLogEvent in the contract). */
  private logBudgetKill(session: Session, budget: ExecutorBudget, reason: string): void {
    this.log.warn(
      {
        [EXECUTOR_LOG_FIELDS.event]: EXECUTOR_LOG_EVENTS.budgetKill,
        [EXECUTOR_LOG_FIELDS.sessionId]: session.id,
        [EXECUTOR_LOG_FIELDS.budget]: budget,
        reason,
      },
      "budget exceeded",
    );
  }

  /** Ends what the session runs now with `reason` (a budget, or shutdown); an idle session loses its worker. */
  private stop(session: Session, reason: string, budget?: ExecutorBudget): void {
    if (budget) this.logBudgetKill(session, budget, reason);
    else this.log.warn({ sessionId: session.id, reason }, "session stopped");
    if (session.helperPid !== null) killGroup(session.helperPid);
    session.worker?.kill(reason);
    if (session.owner) void this.slots.kill(session.owner.uid);
  }

  /** The session with this id, if `authorization` carries its token: 404 for an unknown id, else 401. */
  authorize(id: string, authorization: string | undefined): Session {
    const session = this.get(id);
    if (!authorizes(authorization, session.tokenDigest)) {
      throw new HttpError(
        401,
        "UNAUTHORIZED",
        `session ${id} needs its token: send "Authorization: Bearer <token>" with the token POST /sessions returned`,
      );
    }
    session.lastActivity = Date.now();
    return session;
  }

  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session || session.closed) throw sessionGone(id);
    return session;
  }

  list(): Session[] {
    return [...this.sessions.values()];
  }

  async execute(session: Session, request: ExecuteRequest): Promise<ExecuteResponse> {
    if (this.draining) {
      throw new HttpError(503, "DRAINING", "executor is shutting down and takes no new executions");
    }
    const result = await session.execute(request);
    if (session.owner && result.stateLost) void this.slots.kill(session.owner.uid);
    return result;
  }

  /**
   * Runs a helper Python script of the server (a report renderer, say) in a fresh process confined exactly
   * like the session's worker, in the session folder; see README "Helper processes".
   */
  runHelper(session: Session, request: HelperRequest): Promise<HelperResult> {
    return session.exclusively("a helper", async () => {
      if (session.owner) await this.slots.settled(session.owner.uid);
      const helper = spawnHelper(this.config.python, this.assignment(session), request);
      session.helperPid = helper.pid ?? null;
      try {
        return await helper.result;
      } finally {
        session.helperPid = null;
        if (helper.pid !== undefined) killGroup(helper.pid);
        if (!session.closed) this.sweep(session, true);
      }
    });
  }

  async delete(id: string, reason = "session deleted"): Promise<void> {
    const session = this.get(id);
    this.sessions.delete(id);
    session.close();
    if (session.helperPid !== null) killGroup(session.helperPid);
    session.worker?.kill(reason);
    if (session.owner) await this.slots.kill(session.owner.uid);
    else if (session.worker) killDescendantsExcept(session.worker.pid, undefined, new Set());
    this.removeFolders(id);
    this.slots.release(session.slot);
  }

  private removeFolders(id: string): void {
    for (const parent of [this.sessionsRoot, this.tmpRoot]) {
      try {
        removeFolder(parent, id);
      } catch (err) {
        this.log.warn({ err, sessionId: id }, "could not remove a session folder");
      }
    }
  }

  /** Deletes sessions idle for too long (no request from outside) or past their absolute lifetime. */
  async expire(now = Date.now()): Promise<string[]> {
    const expired: string[] = [];
    for (const session of this.list()) {
      const idle = !session.busy && now - session.lastActivity > this.config.idleTimeoutSeconds * 1000;
      const tooOld = now >= session.expiresAt.getTime();
      if (!idle && !tooOld) continue;
      expired.push(session.id);
      const reason = tooOld ? "the session reached its maximum lifetime" : "session expired";
      await this.delete(session.id, reason).catch(() => {});
    }
    if (expired.length) this.log.info({ expired }, "expired sessions");
    return expired;
  }

  /** Bytes in the session's TMPDIR; an empty one whose mtime has not changed is not walked again. */
  private async tmpUsage(session: Session): Promise<number> {
    const stats = session.tmp.stat();
    if (session.tmpEmptyAt === stats.mtimeMs) return stats.blocks * 512;
    const usage = await diskUsage([session.tmp], this.config.budgets.files);
    session.tmpEmptyAt = usage.entries === 0 ? stats.mtimeMs : null;
    return usage.bytes;
  }

  /** Disk use of the session's folder and TMPDIR, as the budget counts it. */
  async diskUsageOf(session: Session): Promise<DiskUsage> {
    const usage = await diskUsage([session.root, session.tmp], this.config.budgets.files);
    session.usage.diskBytes = usage.bytes;
    return usage;
  }

  private async diskProblem(session: Session, folderBytes: number | undefined): Promise<string | undefined> {
    let bytes: number;
    if (folderBytes === undefined) {
      const usage = await this.diskUsageOf(session);
      if (usage.truncated) return filesMessage(this.config.budgets.files);
      bytes = usage.bytes;
    } else {
      bytes = folderBytes + (await this.tmpUsage(session));
    }
    session.usage.diskBytes = bytes;
    return bytes > this.config.budgets.diskBytes
      ? diskMessage(bytes, this.config.budgets.diskBytes)
      : undefined;
  }

  /** Bytes the session may still add before it is over its disk budget. */
  async diskRoom(session: Session): Promise<number> {
    const usage = await this.diskUsageOf(session);
    return usage.truncated ? 0 : this.config.budgets.diskBytes - usage.bytes;
  }

  /** The session's memory (PSS of its processes) and disk use, measured now. */
  async measure(session: Session): Promise<{ memoryBytes: number; diskBytes: number }> {
    const worker = session.worker?.isAlive ? session.worker.pid : undefined;
    const pids = session.owner
      ? (processesOfUids(new Set([session.owner.uid])).get(session.owner.uid) ?? [])
      : worker === undefined
        ? []
        : [worker, ...(descendantsOf(worker) ?? [])];
    const memoryBytes = pids.reduce((sum, pid) => sum + pssBytes(pid), 0);
    const { bytes } = await this.diskUsageOf(session);
    return { memoryBytes, diskBytes: bytes };
  }

  /** PSS of the server, the zygote, the spares and every session's processes: what the task uses. */
  taskMemory(): number {
    const sessions = this.list().flatMap((session) => {
      if (session.owner) return processesOfUids(new Set([session.owner.uid])).get(session.owner.uid) ?? [];
      return session.worker?.isAlive
        ? [session.worker.pid, ...(descendantsOf(session.worker.pid) ?? [])]
        : [];
    });
    const pool = [
      ...(this.pool.zygotePid === undefined ? [] : [this.pool.zygotePid]),
      ...this.pool.sparePids,
    ];
    return [process.pid, ...pool, ...sessions].reduce((sum, pid) => sum + pssBytes(pid), 0);
  }

  /** One round of budget checks now (the monitor runs them every poll interval). */
  checkBudgets(): Promise<void> {
    return this.monitor.tick();
  }

  /** Stop taking work; wait up to graceMs for running executions, then stop what is still running. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + graceMs;
    while (this.list().some((s) => s.busy) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const session of this.list()) {
      if (session.busy) this.stop(session, "the executor shut down before the execution finished");
    }
    // let the stopped executions' responses go out
    while (this.list().some((s) => s.busy)) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    this.draining = true;
    this.monitor.stop();
    if (this.sweeper) clearInterval(this.sweeper);
    for (const session of this.list()) await this.delete(session.id, "executor stopped").catch(() => {});
    await this.pool.stop();
  }
}
