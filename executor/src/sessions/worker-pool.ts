import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ExecutorConfig } from "../config/config";
import { zygoteEnvironment } from "../confine/environment";
import { HttpError } from "../errors";
import { killGroup } from "../proc/sweep";
import { WorkerHub } from "./hub";
import { workerFrameLimit, type ZygoteInfo } from "./protocol";
import { WorkerHandle, type AssignRequest } from "./worker";
import { Zygote } from "./zygote";

export interface PoolLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The zygote, the socket its workers connect back to, and the spare workers: forked, warmed and connected
 * ahead of need, so creating a session costs an assignment, not a fork.
 */
export class WorkerPool {
  private readonly byPid = new Map<number, WorkerHandle>();
  private readonly starting = new Map<number, (reason: string) => void>();
  private readonly spares: WorkerHandle[] = [];
  private sparesStarting = 0;
  private hub: WorkerHub | null = null;
  private zygote: Zygote | null = null;
  private socketDir: string | null = null;
  /** The environment the zygote (and so every worker before assignment) starts from. */
  zygoteEnv: Record<string, string> = {};
  stopped = false;
  onZygoteDeath: () => void = () => {};

  constructor(
    private readonly config: ExecutorConfig,
    private readonly log: PoolLogger,
  ) {}

  get info(): ZygoteInfo | null {
    return this.zygote?.info ?? null;
  }

  get zygotePid(): number | undefined {
    return this.zygote?.pid;
  }

  /** Every worker the server knows (spares, and forks not yet connected, included): no stray. */
  get knownPids(): ReadonlySet<number> {
    return new Set([...this.byPid.keys(), ...this.starting.keys()]);
  }

  get sparePids(): number[] {
    return this.spares.filter((s) => s.isAlive).map((s) => s.pid);
  }

  get spareCount(): number {
    return this.spares.filter((s) => s.isAlive).length;
  }

  async start(): Promise<void> {
    const home = path.join(this.config.workDir, "zygote");
    await fs.mkdir(home, { recursive: true, mode: 0o700 });
    this.socketDir = await fs.mkdtemp(path.join(this.config.workDir, "sockets-"));
    this.hub = new WorkerHub(
      path.join(this.socketDir, "workers.sock"),
      workerFrameLimit(this.config.limits.outputBytes),
    );
    await this.hub.listen();
    this.zygoteEnv = zygoteEnvironment(process.env, { home, mplConfigDir: this.config.mplConfigDir });
    const zygote = new Zygote(this.config.python, this.config.preload, this.zygoteEnv);
    zygote.onWorkerExit = ({ pid, code, signal }) => {
      this.starting.get(pid)?.(`worker ${pid} exited before connecting (code ${code}, signal ${signal})`);
      this.byPid.get(pid)?.noteExit(code, signal);
      this.byPid.delete(pid);
    };
    zygote.onUnexpectedExit = (reason) => {
      this.log.error({ reason }, "python zygote died; restarting on demand");
      this.onZygoteDeath();
    };
    this.zygote = zygote;
    const info = await zygote.start();
    if (info.failed.length > 0)
      this.log.warn({ failed: info.failed }, "some preload modules failed to import");
    this.log.info(
      { python: info.python, preloaded: info.preloaded, preloadMs: info.preloadMs },
      "zygote ready",
    );
    this.refillSpares();
  }

  /** Forks a worker from the zygote and waits for it to connect (it is not yet anyone's). */
  private async fork(warm: boolean, sessionId?: string): Promise<WorkerHandle> {
    if (!this.zygote || !this.hub) throw new Error("worker pool is not started");
    const token = randomBytes(24).toString("hex");
    const wait = this.hub.expect(token, this.config.workerStartTimeoutSeconds * 1000 + (warm ? 30_000 : 0));
    let pid: number;
    try {
      pid = await this.zygote.spawnWorker({
        token,
        socketPath: this.hub.socketPath,
        outputBytes: this.config.limits.outputBytes,
        warm,
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

  /** Keeps `config.spareWorkers` warm workers waiting. */
  refillSpares(): void {
    while (
      !this.stopped &&
      this.zygote?.running &&
      this.spares.length + this.sparesStarting < this.config.spareWorkers
    ) {
      this.sparesStarting += 1;
      this.fork(true)
        .then((handle) => {
          if (this.stopped) handle.kill("executor stopping");
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

  /** A worker given to a session: a warm spare if one is ready, else a fresh fork. */
  async assign(request: AssignRequest): Promise<WorkerHandle> {
    const timeoutMs = this.config.workerStartTimeoutSeconds * 1000;
    const spare = this.takeSpare();
    if (spare) {
      try {
        await spare.assign(request, timeoutMs);
        this.refillSpares(); // after, not during: the fork would compete with this worker for the CPU
        return spare;
      } catch (err) {
        spare.kill("spare failed to start");
        this.log.warn({ err }, "a spare worker failed to start; forking a fresh one");
      }
    }
    this.refillSpares();
    const handle = await this.fork(false, request.sessionId);
    try {
      await handle.assign(request, timeoutMs);
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

  /** Kills every process of a uid through the zygote (see Zygote.killUid). */
  killUid(uid: number): Promise<void> {
    return this.zygote?.killUid(uid) ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const spare of this.spares.splice(0)) spare.kill("executor stopped");
    await this.zygote?.stop();
    await this.hub?.close();
    if (this.socketDir) await fs.rm(this.socketDir, { recursive: true, force: true }).catch(() => {});
  }
}
