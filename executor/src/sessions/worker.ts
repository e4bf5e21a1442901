import os from "node:os";
import { threadIds } from "../proc/proc";
import { killGroup } from "../proc/sweep";
import { encodeFrame } from "./framing";
import type { WorkerConnection } from "./hub";
import { workerMessage, type WorkerMessage, type WorkerResult } from "./protocol";

/** What one execution on a worker came to. */
export type RunOutcome =
  | { kind: "result"; result: WorkerResult }
  | { kind: "timeout" }
  | { kind: "died"; code: number | null; signal: number | null }
  | { kind: "killed"; reason: string };

function signalName(signal: number): string {
  const entry = Object.entries(os.constants.signals).find(([, n]) => n === signal);
  return entry ? entry[0] : `signal ${signal}`;
}

export function describeDeath(code: number | null, signal: number | null): string {
  if (signal !== null) {
    const name = signalName(signal);
    const hint =
      name === "SIGSEGV" || name === "SIGBUS"
        ? " (a crash in native code)"
        : name === "SIGXCPU"
          ? " (CPU time limit exceeded)"
          : name === "SIGKILL"
            ? " (killed, possibly out of memory)"
            : "";
    return `killed by ${name}${hint}`;
  }
  if (code !== null) return `exited with code ${code}`;
  return "exited";
}

/** What turns a forked (possibly spare) worker, or a helper process, into one of a session's (confine.py). */
export interface AssignRequest {
  sessionId: string;
  cwd: string;
  uid?: number;
  gid?: number;
  env: Record<string, string>;
  limits: Record<string, number>;
}

/** Node's handle on one forked Python worker: one execution at a time over its socket. */
export class WorkerHandle {
  /** Its thread ids once it is ready (main and output drainer), so the sweep need not list them. */
  threads: readonly number[] = [];
  private alive = true;
  private exitInfo: { code: number | null; signal: number | null } | null = null;
  private current: { id: number; settle: (outcome: RunOutcome) => void } | null = null;
  private nextId = 1;
  private exitWaiters: (() => void)[] = [];
  private assigning: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly conn: WorkerConnection) {
    conn.socket.on("data", (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = conn.decoder.push(chunk);
      } catch (err) {
        this.protocolError((err as Error).message);
        return;
      }
      for (const message of messages) {
        if (!this.alive) return;
        const parsed = workerMessage.safeParse(message);
        if (!parsed.success) {
          this.protocolError(`unexpected message ${describeMessage(message)}`);
          return;
        }
        this.onMessage(parsed.data);
      }
    });
    conn.socket.on("close", () => this.onGone());
    conn.socket.on("error", () => {});
  }

  get pid(): number {
    return this.conn.pid;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === "ready") {
      const assigning = this.assigning;
      if (!assigning) return this.protocolError("a ready message it was not asked for");
      this.assigning = null;
      assigning.resolve();
      return;
    }
    if (!this.current || message.id !== this.current.id) {
      return this.protocolError(`a result for execution ${message.id}, which is not running`);
    }
    const { settle } = this.current;
    this.current = null;
    const { type: _type, id: _id, ...result } = message;
    settle({ kind: "result", result });
  }

  /** The worker broke the protocol (session code can write to its socket): it is stopped, nothing else. */
  private protocolError(what: string): void {
    this.kill(`the session's worker sent ${what} and was stopped`);
  }

  /** The zygote reaped this worker. */
  noteExit(code: number | null, signal: number | null): void {
    this.exitInfo = { code, signal };
    for (const wake of this.exitWaiters.splice(0)) wake();
    this.onGone();
  }

  private failAssign(): void {
    const assigning = this.assigning;
    this.assigning = null;
    assigning?.reject(new Error(`worker ${this.pid} exited while starting`));
  }

  private onGone(): void {
    this.failAssign();
    if (!this.alive && !this.current) return;
    this.alive = false;
    this.conn.socket.destroy();
    killGroup(this.pid); // its children go with it
    const current = this.current;
    if (!current) return;
    this.current = null;
    // The socket usually closes a moment before the zygote reports the exit status: wait briefly for it.
    const deliver = () => {
      const info = this.exitInfo ?? { code: null, signal: null };
      current.settle({ kind: "died", code: info.code, signal: info.signal });
    };
    if (this.exitInfo) deliver();
    else {
      const timer = setTimeout(deliver, 5000);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        deliver();
      });
    }
  }

  /** Stop the worker now; a running execution ends with `{ kind: "killed" }`. */
  kill(reason: string): void {
    const current = this.current;
    this.current = null;
    this.alive = false;
    killGroup(this.pid);
    this.conn.socket.destroy();
    this.failAssign();
    current?.settle({ kind: "killed", reason });
  }

  /** Hands the worker its session (directory, uid, environment, limits); resolves once it is ready. */
  assign(request: AssignRequest, timeoutMs: number): Promise<void> {
    if (!this.alive) return Promise.reject(new Error(`worker ${this.pid} is gone`));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.assigning = null;
        this.kill("did not get ready");
        reject(new Error(`worker ${this.pid} did not get ready within ${timeoutMs} ms`));
      }, timeoutMs);
      this.assigning = {
        resolve: () => {
          clearTimeout(timer);
          this.threads = threadIds(this.pid);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.conn.socket.write(encodeFrame({ type: "assign", ...request }));
    });
  }

  run(code: string, language: "python" | "bash", timeoutMs: number): Promise<RunOutcome> {
    if (!this.alive) return Promise.resolve({ kind: "died", code: null, signal: null });
    if (this.current) throw new Error("worker is busy");
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        if (this.current?.id !== id) return;
        this.current = null;
        this.alive = false;
        killGroup(this.pid);
        this.conn.socket.destroy();
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.current = {
        id,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.conn.socket.write(encodeFrame({ type: "execute", id, code, language }));
    });
  }
}

function describeMessage(message: unknown): string {
  const text = JSON.stringify(message) ?? String(message);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
