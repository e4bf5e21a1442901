import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ExecutorConfig } from "../config";
import { HttpError, sessionGone } from "../errors";
import type { Owner } from "../files";
import { WorkerHub } from "./hub";
import { Session, type ExecuteRequest, type ExecuteResponse } from "./session";
import { killGroup, WorkerHandle, type AssignRequest } from "./worker";
import { Zygote, type ZygoteInfo } from "./zygote";

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Owns the zygote, the worker hub and every session; enforces counts, idle expiry and draining. */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly byPid = new Map<number, WorkerHandle>();
  private readonly starting = new Map<number, (reason: string) => void>();
  private readonly usedSlots = new Set<number>();
  /** Per-session uids whose processes are being killed: no new worker may take the uid until done. */
  private readonly uidKills = new Map<number, Promise<void>>();
  private readonly spares: WorkerHandle[] = [];
  private sparesStarting = 0;
  private reserved = 0;
  private sweeper: NodeJS.Timeout | null = null;
  private hub: WorkerHub | null = null;
  private zygote: Zygote | null = null;
  private socketDir: string | null = null;
  readonly sessionsRoot: string;
  readonly tmpRoot: string;
  draining = false;

  constructor(
    readonly config: ExecutorConfig,
    private readonly log: Logger,
  ) {
    this.sessionsRoot = path.join(config.workDir, "sessions");
    this.tmpRoot = path.join(config.workDir, "tmp");
  }

  get count(): number {
    return this.sessions.size;
  }

  get zygoteInfo(): ZygoteInfo | null {
    return this.zygote?.info ?? null;
  }

  async start(): Promise<void> {
    const perUid = this.config.workerUidBase !== null;
    for (const dir of [this.config.workDir, this.sessionsRoot, this.tmpRoot]) {
      await fs.mkdir(dir, { recursive: true });
      if (perUid) await fs.chmod(dir, 0o711); // workers may traverse to their own directory only
    }
    await fs.mkdir(this.config.mplConfigDir, { recursive: true, mode: 0o755 });
    if (this.config.mplConfigSeedDir) {
      // the image's pre-built font cache: saves rebuilding it on every task start (read-only root fs)
      await fs.cp(this.config.mplConfigSeedDir, this.config.mplConfigDir, { recursive: true, force: false });
    }
    this.socketDir = await fs.mkdtemp(path.join(os.tmpdir(), "executor-sock-"));
    this.hub = new WorkerHub(path.join(this.socketDir, "workers.sock"));
    await this.hub.listen();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MPLBACKEND: "Agg",
      MPLCONFIGDIR: this.config.mplConfigDir,
      OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? "1",
      OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? "1",
      MKL_NUM_THREADS: process.env.MKL_NUM_THREADS ?? "1",
      PYTHONDONTWRITEBYTECODE: "1",
      PYTHONUNBUFFERED: "1",
    };
    const zygote = new Zygote(this.config.python, this.config.preload, env);
    zygote.onWorkerExit = ({ pid, code, signal }) => {
      this.starting.get(pid)?.(`worker ${pid} exited before connecting (code ${code}, signal ${signal})`);
      this.byPid.get(pid)?.noteExit(code, signal);
      this.byPid.delete(pid);
    };
    zygote.onUnexpectedExit = (reason) =>
      this.log.error({ reason }, "python zygote died; restarting on demand");
    this.zygote = zygote;
    const info = await zygote.start();
    if (info.failed.length > 0)
      this.log.warn({ failed: info.failed }, "some preload modules failed to import");
    this.log.info(
      { python: info.python, preloaded: info.preloaded, preloadMs: info.preloadMs },
      "zygote ready",
    );
    this.refillSpares();
    const sweepMs = Math.min(60_000, Math.max(1000, (this.config.idleTimeoutSeconds * 1000) / 4));
    this.sweeper = setInterval(() => void this.expireIdle(), sweepMs);
    this.sweeper.unref();
  }

  /**
   * The lowest free slot whose uid is not still being cleaned up after its previous session (so a
   * create right after a delete does not wait for that); terminates since few kills are pending.
   */
  private allocateSlot(): number {
    const base = this.config.workerUidBase;
    for (let slot = 0; ; slot++) {
      if (this.usedSlots.has(slot)) continue;
      if (base !== null && this.uidKills.has(base + slot)) continue;
      return slot;
    }
  }

  async create(requestedId?: string): Promise<Session> {
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
    const slot = this.allocateSlot();
    this.usedSlots.add(slot);
    const base = this.config.workerUidBase;
    const owner: Owner | undefined = base === null ? undefined : { uid: base + slot, gid: base + slot };
    const dir = path.join(this.sessionsRoot, id);
    const tmpDir = path.join(this.tmpRoot, id);
    const session = new Session(id, dir, tmpDir, slot, owner, (s) => this.spawnWorker(s));
    try {
      // A handful of local syscalls: done synchronously, a thread-pool round trip each would cost more.
      for (const d of [dir, path.join(dir, "data"), path.join(dir, "artifacts"), tmpDir]) {
        mkdirSync(d, { mode: 0o755 });
        if (owner) chownSync(d, owner.uid, owner.gid);
      }
      if (owner) chmodSync(dir, 0o700);
      await session.ensureWorker();
      if (this.draining) throw new HttpError(503, "DRAINING", "executor is shutting down");
      this.sessions.set(id, session);
      return session;
    } catch (err) {
      session.closed = true;
      session.worker?.kill("session creation failed");
      this.usedSlots.delete(slot);
      await this.removeDirs(session);
      throw err;
    } finally {
      this.reserved -= 1;
    }
  }

  /** Forks a worker from the zygote and waits for it to connect (it is not yet anyone's). */
  private async forkWorker(sessionId?: string): Promise<WorkerHandle> {
    if (!this.zygote || !this.hub) throw new Error("session manager is not started");
    const token = randomBytes(24).toString("hex");
    const wait = this.hub.expect(token, this.config.workerStartTimeoutSeconds * 1000);
    let pid: number;
    try {
      pid = await this.zygote.spawnWorker({
        token,
        socketPath: this.hub.socketPath,
        outputBytes: this.config.limits.outputBytes,
        ...(sessionId === undefined ? {} : { sessionId }),
      });
    } catch (err) {
      wait.cancel(String(err));
      await wait.connection.catch(() => {});
      throw new HttpError(
        503,
        "WORKER_START_FAILED",
        `could not start a Python worker: ${(err as Error).message}`,
      );
    }
    this.starting.set(pid, wait.cancel);
    try {
      const conn = await wait.connection;
      const handle = new WorkerHandle(conn);
      this.byPid.set(pid, handle);
      return handle;
    } catch (err) {
      killGroup(pid);
      throw new HttpError(
        503,
        "WORKER_START_FAILED",
        `Python worker did not start: ${(err as Error).message}`,
      );
    } finally {
      this.starting.delete(pid);
    }
  }

  /** Keeps `config.spareWorkers` forked workers waiting, so a session starts without a fork. */
  private refillSpares(): void {
    while (
      !this.draining &&
      this.zygote?.running &&
      this.spares.length + this.sparesStarting < this.config.spareWorkers
    ) {
      this.sparesStarting += 1;
      this.forkWorker()
        .then((handle) => {
          if (this.draining) handle.kill("executor stopping");
          else this.spares.push(handle);
        })
        .catch((err: unknown) => this.log.warn({ err }, "could not fork a spare worker"))
        .finally(() => {
          this.sparesStarting -= 1;
        });
    }
  }

  private takeSpare(): WorkerHandle | null {
    for (let spare = this.spares.shift(); spare; spare = this.spares.shift()) {
      if (spare.isAlive) return spare;
    }
    return null;
  }

  /** A worker for the session: a spare if one is ready (else a fresh fork), given the session. */
  private async spawnWorker(session: Session): Promise<WorkerHandle> {
    if (session.owner) await this.uidKills.get(session.owner.uid); // the worker takes this uid
    const assign: AssignRequest = {
      sessionId: session.id,
      cwd: session.dir,
      ...(session.owner ? { uid: session.owner.uid, gid: session.owner.gid } : {}),
      env: {
        HOME: session.tmpDir,
        TMPDIR: session.tmpDir,
        MPLBACKEND: "Agg",
        EXECUTOR_SESSION_ID: session.id,
        EXECUTOR_SESSION_DIR: session.dir,
        PWD: session.dir,
      },
      limits: { ...this.config.limits },
    };
    const timeoutMs = this.config.workerStartTimeoutSeconds * 1000;
    const spare = this.takeSpare();
    if (spare) {
      try {
        await spare.assign(assign, timeoutMs);
        this.refillSpares(); // after, not during: the fork would compete with this worker for the CPU
        return spare;
      } catch (err) {
        spare.kill("spare failed to start");
        this.log.warn({ err }, "a spare worker failed to start; forking a fresh one");
      }
    }
    this.refillSpares();
    const handle = await this.forkWorker(session.id);
    try {
      await handle.assign(assign, timeoutMs);
    } catch (err) {
      handle.kill("worker failed to start");
      throw new HttpError(
        503,
        "WORKER_START_FAILED",
        `Python worker did not start: ${(err as Error).message}`,
      );
    }
    return handle;
  }

  get spareCount(): number {
    return this.spares.filter((s) => s.isAlive).length;
  }

  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session || session.closed) throw sessionGone(id);
    return session;
  }

  list(): Session[] {
    return [...this.sessions.values()];
  }

  async execute(id: string, request: ExecuteRequest): Promise<ExecuteResponse> {
    const session = this.get(id);
    if (this.draining) {
      throw new HttpError(503, "DRAINING", "executor is shutting down and takes no new executions");
    }
    const result = await session.execute(request);
    if (session.owner && result.stateLost) this.killUid(session.owner.uid);
    return result;
  }

  async delete(id: string, reason = "session deleted"): Promise<void> {
    const session = this.get(id);
    session.closed = true;
    this.sessions.delete(id);
    session.worker?.kill(reason);
    if (session.owner) this.killUid(session.owner.uid);
    await this.removeDirs(session);
    this.usedSlots.delete(session.slot);
  }

  /** Kills what is left of a uid (children that escaped the process group); spawns on it wait. */
  private killUid(uid: number): void {
    const zygote = this.zygote;
    if (!zygote) return;
    const previous = this.uidKills.get(uid) ?? Promise.resolve();
    const done: Promise<void> = previous
      .then(() => zygote.killUid(uid))
      .finally(() => {
        if (this.uidKills.get(uid) === done) this.uidKills.delete(uid);
      });
    this.uidKills.set(uid, done);
  }

  private async removeDirs(session: Session): Promise<void> {
    await fs.rm(session.dir, { recursive: true, force: true }).catch(() => {});
    await fs.rm(session.tmpDir, { recursive: true, force: true }).catch(() => {});
  }

  async expireIdle(now = Date.now()): Promise<string[]> {
    const expired: string[] = [];
    for (const session of this.list()) {
      if (!session.busy && now - session.lastActivity > this.config.idleTimeoutSeconds * 1000) {
        expired.push(session.id);
        await this.delete(session.id, "session expired").catch(() => {});
      }
    }
    if (expired.length) this.log.info({ expired }, "expired idle sessions");
    return expired;
  }

  /** Stop taking work; wait up to graceMs for running executions, then stop what is still running. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + graceMs;
    while (this.list().some((s) => s.busy) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const session of this.list()) {
      if (session.busy) session.worker?.kill("the executor shut down before the execution finished");
    }
    // let the killed executions' responses go out
    while (this.list().some((s) => s.busy)) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    this.draining = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const spare of this.spares.splice(0)) spare.kill("executor stopped");
    for (const session of this.list()) await this.delete(session.id, "executor stopped").catch(() => {});
    await this.zygote?.stop();
    await this.hub?.close();
    if (this.socketDir) await fs.rm(this.socketDir, { recursive: true, force: true }).catch(() => {});
  }
}
