import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Socket } from "node:net";
import { FrameDecoder, encodeFrame } from "./framing";

/** Where zygote.py and worker.py live: executor/python, from both src/sessions and dist/sessions. */
export const PYTHON_DIR = path.resolve(__dirname, "..", "..", "python");

export interface ZygoteInfo {
  pid: number;
  python: string;
  executable: string;
  preloaded: string[];
  failed: { module: string; error: string }[];
  preloadMs: number;
}

export interface WorkerExit {
  pid: number;
  sessionId: string;
  code: number | null;
  signal: number | null;
}

/** A fork: the worker connects to socketPath with token; its session is assigned over that socket. */
export interface SpawnRequest {
  token: string;
  socketPath: string;
  /** For the zygote's exit reports only; absent for spares. */
  sessionId?: string;
  /** Capture cap per stream (the capture pipes are set up before the worker has a session). */
  outputBytes: number;
}

interface ZygoteEvent {
  event: string;
  reqId?: number;
  pid?: number;
  message?: string;
  [key: string]: unknown;
}

/**
 * The pre-started Python parent. Spawns `python zygote.py <config>` with fd 3 as a control socket;
 * workers are forked from it on request. Exit events of workers are delivered to `onWorkerExit`.
 */
export class Zygote {
  private child: ChildProcess | null = null;
  private control: Socket | null = null;
  private readonly pending = new Map<
    number,
    { resolve: (event: ZygoteEvent) => void; reject: (e: Error) => void }
  >();
  private nextReqId = 1;
  private readyPromise: Promise<ZygoteInfo> | null = null;
  info: ZygoteInfo | null = null;
  onWorkerExit: (exit: WorkerExit) => void = () => {};
  onUnexpectedExit: (reason: string) => void = () => {};
  private stopping = false;

  constructor(
    private readonly python: string,
    private readonly preload: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly readyTimeoutMs = 120_000,
  ) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the zygote (once) and resolves when the preload imports are done. */
  start(): Promise<ZygoteInfo> {
    if (this.readyPromise && this.running) return this.readyPromise;
    this.stopping = false;
    this.readyPromise = new Promise<ZygoteInfo>((resolve, reject) => {
      const child = spawn(
        this.python,
        ["-u", path.join(PYTHON_DIR, "zygote.py"), JSON.stringify({ preload: this.preload })],
        { cwd: PYTHON_DIR, env: this.env, stdio: ["ignore", "inherit", "inherit", "pipe"] },
      );
      this.child = child;
      const control = child.stdio[3] as Socket;
      this.control = control;
      const decoder = new FrameDecoder();
      const timer = setTimeout(() => {
        reject(new Error(`Python zygote (${this.python}) was not ready within ${this.readyTimeoutMs} ms`));
        child.kill("SIGKILL");
      }, this.readyTimeoutMs);
      control.on("data", (chunk: Buffer) => {
        for (const message of decoder.push(chunk)) {
          const event = message as ZygoteEvent;
          if (event.event === "ready") {
            clearTimeout(timer);
            this.info = event as unknown as ZygoteInfo;
            resolve(this.info);
          } else this.handle(event);
        }
      });
      control.on("error", () => {});
      child.on("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start Python zygote with ${this.python}: ${err.message}`));
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        const reason = `Python zygote exited (code ${code}, signal ${signal})`;
        reject(new Error(reason));
        for (const [id, waiter] of this.pending) {
          waiter.reject(new Error(reason));
          this.pending.delete(id);
        }
        if (this.child === child) {
          this.child = null;
          this.control = null;
        }
        if (!this.stopping) this.onUnexpectedExit(reason);
      });
    });
    return this.readyPromise;
  }

  private handle(event: ZygoteEvent): void {
    if (event.event === "exit") {
      this.onWorkerExit(event as unknown as WorkerExit);
      return;
    }
    const waiter = event.reqId === undefined ? undefined : this.pending.get(event.reqId);
    if (!waiter || event.reqId === undefined) return;
    this.pending.delete(event.reqId);
    if (event.event === "spawned" || event.event === "uidkilled") waiter.resolve(event);
    else waiter.reject(new Error(`zygote could not fork: ${event.message ?? event.event}`));
  }

  /** Sends a request and resolves with the zygote's answer to it. */
  private async request(message: object): Promise<ZygoteEvent> {
    await this.start();
    const reqId = this.nextReqId++;
    return new Promise<ZygoteEvent>((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      try {
        this.send({ ...message, reqId });
      } catch (err) {
        this.pending.delete(reqId);
        reject(err as Error);
      }
    });
  }

  private send(message: object): void {
    if (!this.control || !this.running) throw new Error("Python zygote is not running");
    this.control.write(encodeFrame(message));
  }

  /** Forks a worker; resolves with its pid (the worker then connects to the hub by itself). */
  async spawnWorker(request: SpawnRequest): Promise<number> {
    const event = await this.request({ op: "spawn", ...request });
    if (typeof event.pid !== "number") throw new Error("zygote answered a spawn without a pid");
    return event.pid;
  }

  /**
   * Kills every process of a per-session uid (catches children that left the worker's process group).
   * Resolves once that is done: a new worker must not take the uid before, or the kill would hit it.
   */
  async killUid(uid: number): Promise<void> {
    if (!this.running) return; // zygote gone: its workers died with it (parent-death signal)
    await this.request({ op: "killuid", uid }).catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.control?.end(); // EOF on fd 3: the zygote kills its workers and exits
    });
  }
}
