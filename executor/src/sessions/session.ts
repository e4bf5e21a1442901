import type { Owner } from "../files";
import { diffSnapshots, snapshot, type Snapshot } from "../files";
import { HttpError } from "../errors";
import { describeDeath, type RunOutcome, type WorkerHandle } from "./worker";

export type Language = "python" | "bash";

export interface ExecuteRequest {
  code: string;
  language: Language;
  timeoutSeconds: number;
}

export interface ExecuteResponse {
  status: "ok" | "error" | "timeout";
  stdout: string;
  stderr: string;
  error?: string;
  durationMs: number;
  truncated: boolean;
  /** Files under the session directory created or modified by this execution. */
  artifacts: { path: string; size: number }[];
  /** This execution ended with the worker gone: variables and imports are lost (files are kept). */
  stateLost: boolean;
  /** This execution ran in a fresh interpreter because the previous one was lost. */
  restarted: boolean;
  executionCount: number;
}

const STATE_LOST =
  "Python state (variables, imports) is lost; files in the session directory are kept. " +
  "The next execution starts a fresh interpreter.";

/** One agent session: a working directory and (at most) one live worker process. */
export class Session {
  readonly createdAt = new Date();
  lastActivity = Date.now();
  busy = false;
  closed = false;
  executionCount = 0;
  worker: WorkerHandle | null = null;
  private hadWorker = false;
  /**
   * The session directory as the last execution left it: the "before" of the next execution, so each
   * execution scans the tree once. Anything the server itself writes into the directory (uploads, S3
   * pulls) must call `filesChanged()` so those files are not reported as the next execution's artifacts.
   */
  private lastSnapshot: Snapshot | null = null;
  private filesGeneration = 0;

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly tmpDir: string,
    readonly slot: number,
    readonly owner: Owner | undefined,
    private readonly spawn: (session: Session) => Promise<WorkerHandle>,
  ) {}

  /** Returns a live worker, starting a fresh one if there is none (first use, or after a loss). */
  async ensureWorker(): Promise<{ worker: WorkerHandle; restarted: boolean }> {
    if (this.worker?.isAlive) return { worker: this.worker, restarted: false };
    const restarted = this.hadWorker;
    this.worker = await this.spawn(this);
    this.hadWorker = true;
    if (this.closed) {
      this.worker.kill("session closed");
      throw new HttpError(409, "SESSION_CLOSED", `session ${this.id} was closed`);
    }
    return { worker: this.worker, restarted };
  }

  /** The server wrote into the session directory: the next execution takes a fresh "before" snapshot. */
  filesChanged(): void {
    this.lastSnapshot = null;
    this.filesGeneration += 1;
  }

  async execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    if (this.busy) {
      throw new HttpError(
        409,
        "SESSION_BUSY",
        `session ${this.id} is already running an execution; wait for it to finish (one at a time per session)`,
      );
    }
    this.busy = true;
    this.lastActivity = Date.now();
    try {
      const started = performance.now();
      const { worker, restarted } = await this.ensureWorker();
      const before = this.lastSnapshot ?? (await snapshot(this.dir));
      this.lastSnapshot = null;
      const outcome = await worker.run(request.code, request.language, request.timeoutSeconds * 1000);
      const durationMs = Math.round(performance.now() - started);
      let artifacts: ExecuteResponse["artifacts"] = [];
      if (!this.closed) {
        const generation = this.filesGeneration;
        const after = await snapshot(this.dir);
        artifacts = diffSnapshots(before, after);
        if (generation === this.filesGeneration) this.lastSnapshot = after;
      }
      this.executionCount += 1;
      return {
        ...this.render(outcome, request),
        durationMs,
        artifacts,
        restarted,
        executionCount: this.executionCount,
      };
    } finally {
      this.busy = false;
      this.lastActivity = Date.now();
    }
  }

  private render(
    outcome: RunOutcome,
    request: ExecuteRequest,
  ): Pick<ExecuteResponse, "status" | "stdout" | "stderr" | "error" | "truncated" | "stateLost"> {
    switch (outcome.kind) {
      case "result": {
        const { status, stdout, stderr, error, truncated } = outcome.result;
        return { status, stdout, stderr, truncated, stateLost: false, ...(error ? { error } : {}) };
      }
      case "timeout":
        return {
          status: "timeout",
          stdout: "",
          stderr: "",
          truncated: false,
          stateLost: true,
          error:
            `Execution timed out after ${request.timeoutSeconds} s; the session's worker process was killed ` +
            `(other sessions are unaffected). ${STATE_LOST}`,
        };
      case "died":
        return {
          status: "error",
          stdout: "",
          stderr: "",
          truncated: false,
          stateLost: true,
          error: `The session's worker process ${describeDeath(outcome.code, outcome.signal)} during this execution. ${STATE_LOST}`,
        };
      case "killed":
        return {
          status: "error",
          stdout: "",
          stderr: "",
          truncated: false,
          stateLost: true,
          error: `Execution stopped: ${outcome.reason}.`,
        };
    }
  }

  summary(): object {
    return {
      sessionId: this.id,
      createdAt: this.createdAt.toISOString(),
      lastActivity: new Date(this.lastActivity).toISOString(),
      busy: this.busy,
      executionCount: this.executionCount,
      workerPid: this.worker?.isAlive ? this.worker.pid : null,
    };
  }
}
