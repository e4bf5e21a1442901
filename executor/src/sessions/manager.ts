import { randomBytes, randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ExecutorConfig } from "../config";
import { HttpError, sessionGone } from "../errors";
import type { Owner } from "../files";
import { WorkerHub } from "./hub";
import { Session, type ExecuteRequest, type ExecuteResponse } from "./session";
import { killGroup, WorkerHandle } from "./worker";
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
    const sweepMs = Math.min(60_000, Math.max(1000, (this.config.idleTimeoutSeconds * 1000) / 4));
    this.sweeper = setInterval(() => void this.expireIdle(), sweepMs);
    this.sweeper.unref();
  }

  private allocateSlot(): number {
    for (let slot = 0; ; slot++) if (!this.usedSlots.has(slot)) return slot;
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
      for (const d of [dir, path.join(dir, "data"), path.join(dir, "artifacts"), tmpDir]) {
        await fs.mkdir(d, { mode: 0o755 });
        if (owner) await fs.chown(d, owner.uid, owner.gid);
      }
      if (owner) await fs.chmod(dir, 0o700);
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

  private async spawnWorker(session: Session): Promise<WorkerHandle> {
    if (!this.zygote || !this.hub) throw new Error("session manager is not started");
    const token = randomBytes(24).toString("hex");
    const wait = this.hub.expect(token, this.config.workerStartTimeoutSeconds * 1000);
    const { limits } = this.config;
    let pid: number;
    try {
      pid = await this.zygote.spawnWorker({
        sessionId: session.id,
        token,
        socketPath: this.hub.socketPath,
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
        limits: { ...limits },
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
    if (session.owner && result.stateLost) this.zygote?.killUid(session.owner.uid);
    return result;
  }

  async delete(id: string, reason = "session deleted"): Promise<void> {
    const session = this.get(id);
    session.closed = true;
    this.sessions.delete(id);
    session.worker?.kill(reason);
    if (session.owner) this.zygote?.killUid(session.owner.uid);
    await this.removeDirs(session);
    this.usedSlots.delete(session.slot);
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
    for (const session of this.list()) await this.delete(session.id, "executor stopped").catch(() => {});
    await this.zygote?.stop();
    await this.hub?.close();
    if (this.socketDir) await fs.rm(this.socketDir, { recursive: true, force: true }).catch(() => {});
  }
}
