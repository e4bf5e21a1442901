import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Socket } from "node:net";
import { FrameDecoder, encodeFrame } from "./framing";
import { zygoteEvent, type ZygoteEvent, type ZygoteInfo } from "./protocol";

/** Where the Python side lives: executor/python, from both src/sessions and dist/sessions. */
export const PYTHON_DIR = path.resolve(__dirname, "..", "..", "python");

export interface WorkerExit {
  pid: number;
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
  /** Run a pandas and matplotlib warm-up before connecting (spares: nobody waits for them). */
  warm: boolean;
}

/** What the zygote may send us: small events; anything larger is a bug there. */
const ZYGOTE_FRAME_LIMIT = 1024 * 1024;

/**
 * The pre-started Python parent. Spawns `python zygote.py <config>` with fd 3 as a control socket and the
 * allow-listed environment it is given; workers are forked from it on request. Exit events of workers are
 * delivered to `onWorkerExit`.
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
    private readonly env: Record<string, string>,
    private readonly readyTimeoutMs = 120_000,
  ) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
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
      const decoder = new FrameDecoder(ZYGOTE_FRAME_LIMIT);
      const timer = setTimeout(() => {
        reject(new Error(`Python zygote (${this.python}) was not ready within ${this.readyTimeoutMs} ms`));
        child.kill("SIGKILL");
      }, this.readyTimeoutMs);
      control.on("data", (chunk: Buffer) => {
        let events: ZygoteEvent[];
        try {
          events = decoder.push(chunk).map((message) => zygoteEvent.parse(message));
        } catch (err) {
          reject(new Error(`Python zygote broke the protocol: ${(err as Error).message}`));
          child.kill("SIGKILL");
          return;
        }
        for (const event of events) {
          if (event.event === "ready") {
            clearTimeout(timer);
            const { event: _event, ...info } = event;
            this.info = info;
            resolve(info);
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
      this.onWorkerExit({ pid: event.pid, code: event.code, signal: event.signal });
      return;
    }
    if (event.event === "ready" || event.reqId === undefined || event.reqId === null) return;
    const waiter = this.pending.get(event.reqId);
    if (!waiter) return;
    this.pending.delete(event.reqId);
    if (event.event === "spawned" || event.event === "uidkilled") waiter.resolve(event);
    else waiter.reject(new Error(`zygote could not fork: ${event.message}`));
  }

  /** Sends a request and resolves with the zygote's answer to it. */
  private async request(message: object): Promise<ZygoteEvent> {
    await this.start();
    const reqId = this.nextReqId++;
    return new Promise<ZygoteEvent>((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      try {
        if (!this.control || !this.running) throw new Error("Python zygote is not running");
        this.control.write(encodeFrame({ ...message, reqId }));
      } catch (err) {
        this.pending.delete(reqId);
        reject(err as Error);
      }
    });
  }

  /** Forks a worker; resolves with its pid (the worker then connects to the hub by itself). */
  async spawnWorker(request: SpawnRequest): Promise<number> {
    const event = await this.request({ op: "spawn", ...request });
    if (event.event !== "spawned") throw new Error("zygote answered a spawn without a pid");
    return event.pid;
  }

  /**
   * Kills every process of a per-session uid and removes its files from shared folders. Resolves once that
   * is done: a new worker must not take the uid before, or the kill would hit it.
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
