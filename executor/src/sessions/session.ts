import * as os from "node:os";
import type { ExecuteResponse, Language } from "agentcore-vpc-platform-contract";
import { HttpError } from "../errors";
import { SafeDir } from "../fs/safe-dir";
import type { Owner } from "../fs/session-files";
import { diffSnapshots, snapshot, type Snapshot } from "../fs/tree";
import { describeDeath, type RunOutcome, type WorkerHandle } from "./worker";

export interface ExecuteRequest {
  code: string;
  language: Language;
  timeoutSeconds: number;
}

/** What a session needs from the manager. */
export interface SessionHooks {
  /** A live worker assigned to the session (a warm spare, or a fresh fork). */
  spawnWorker(session: Session): Promise<WorkerHandle>;
  /** Kills every process of the session but its worker; runs after every execution, before the reply. */
  sweep(session: Session): void;
  /** The execution's worker was killed for exceeding its time or CPU budget. */
  budgetKilled(session: Session, budget: "time" | "cpu"): void;
  /**
   * After every execution: why the session is now over its disk budget, if it is. `folderBytes` is what its
   * folder's files occupy (from the walk that finds artifacts), undefined when that walk was cut short.
   */
  diskProblem(session: Session, folderBytes: number | undefined): Promise<string | undefined>;
}

const STATE_LOST =
  "Python state (variables, imports) is lost; files in the session directory are kept. " +
  "The next execution starts a fresh interpreter.";

/** One agent session: its folders, its capability, and (at most) one live worker process. */
export class Session {
  readonly createdAt = new Date();
  readonly expiresAt: Date;
  /** The last request from outside (what idle expiry counts); nothing the session's own code does moves it. */
  lastActivity = Date.now();
  /** Running an execution or a helper: one at a time. */
  busy = false;
  /** When the running execution or helper started (ms since the epoch). */
  busySince = 0;
  closed = false;
  executionCount = 0;
  worker: WorkerHandle | null = null;
  /** Measured by the budget monitor. */
  usage = { memoryBytes: 0, diskBytes: 0 };
  /** Process group of a running helper (helpers/run-helper.ts), killed with the session. */
  helperPid: number | null = null;
  /** The session folder, held open: every server-side file operation starts from this descriptor. */
  readonly root: SafeDir;
  /** Its TMPDIR (and HOME), held open too. */
  readonly tmp: SafeDir;
  /** The TMPDIR's mtime when it was last found empty (it usually is): no walk while that holds. */
  tmpEmptyAt: number | null = null;
  private hadWorker = false;
  /**
   * The session folder as the last execution left it: the "before" of the next execution, so each
   * execution scans the tree once. Anything the server itself writes into the folder (uploads, S3 pulls)
   * calls `filesChanged()` so those files are not reported as the next execution's artifacts.
   */
  private lastSnapshot: Snapshot | null = null;
  private filesGeneration = 0;

  constructor(
    readonly id: string,
    readonly tokenDigest: Buffer,
    readonly dir: string,
    readonly tmpDir: string,
    readonly slot: number,
    readonly owner: Owner | undefined,
    maxLifetimeSeconds: number,
    private readonly hooks: SessionHooks,
  ) {
    this.expiresAt = new Date(this.createdAt.getTime() + maxLifetimeSeconds * 1000);
    this.root = SafeDir.open(dir);
    this.tmp = SafeDir.open(tmpDir);
  }

  /** Returns a live worker, starting a fresh one if there is none (first use, or after a loss). */
  async ensureWorker(): Promise<{ worker: WorkerHandle; restarted: boolean }> {
    if (this.worker?.isAlive) return { worker: this.worker, restarted: false };
    const restarted = this.hadWorker;
    this.worker = await this.hooks.spawnWorker(this);
    this.hadWorker = true;
    if (this.closed) {
      this.worker.kill("session closed");
      throw new HttpError(409, "SESSION_CLOSED", `session ${this.id} was closed`);
    }
    return { worker: this.worker, restarted };
  }

  /** The server wrote into the session folder: the next execution takes a fresh "before" snapshot. */
  filesChanged(): void {
    this.lastSnapshot = null;
    this.filesGeneration += 1;
  }

  /** Marks the session busy for `work` (409 if it already is); nothing else may run in it meanwhile. */
  async exclusively<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.busy) {
      throw new HttpError(
        409,
        "SESSION_BUSY",
        `session ${this.id} is already running an execution or a helper; wait for it to finish (${what} runs one at a time)`,
      );
    }
    this.busy = true;
    this.busySince = Date.now();
    try {
      return await work();
    } finally {
      this.busy = false;
      this.lastActivity = Date.now();
    }
  }

  execute(request: ExecuteRequest): Promise<ExecuteResponse> {
    return this.exclusively("an execution", async () => {
      const started = performance.now();
      const { worker, restarted } = await this.ensureWorker();
      const before = this.lastSnapshot ?? (await snapshot(this.root)).files;
      this.lastSnapshot = null;
      const outcome = await worker.run(request.code, request.language, request.timeoutSeconds * 1000);
      if (!this.closed) this.hooks.sweep(this);
      if (outcome.kind === "timeout") this.hooks.budgetKilled(this, "time");
      else if (outcome.kind === "died" && outcome.signal === os.constants.signals.SIGXCPU) {
        this.hooks.budgetKilled(this, "cpu");
      }
      const durationMs = Math.round(performance.now() - started);
      let artifacts: ExecuteResponse["artifacts"] = [];
      let overBudget: string | undefined;
      if (!this.closed) {
        const generation = this.filesGeneration;
        const after = await snapshot(this.root);
        artifacts = diffSnapshots(before, after.files);
        if (generation === this.filesGeneration) this.lastSnapshot = after.files;
        overBudget = await this.hooks.diskProblem(this, after.truncated ? undefined : after.bytes);
      }
      this.executionCount += 1;
      const result = render(outcome, request);
      // A cell shorter than a budget check can still end over the budget: then it ends with the error.
      if (overBudget && outcome.kind === "result") {
        result.error = result.error
          ? `${result.error}; and ${overBudget}`
          : `The execution finished, but ${overBudget}.`;
        result.status = "error";
      }
      return { ...result, durationMs, artifacts, restarted, executionCount: this.executionCount };
    });
  }

  close(): void {
    this.closed = true;
    this.root.close();
    this.tmp.close();
  }
}

function render(
  outcome: RunOutcome,
  request: ExecuteRequest,
): Pick<ExecuteResponse, "status" | "stdout" | "stderr" | "error" | "truncated" | "stateLost"> {
  const lost = { stdout: "", stderr: "", truncated: false, stateLost: true } as const;
  switch (outcome.kind) {
    case "result": {
      const { status, stdout, stderr, error, truncated } = outcome.result;
      return { status, stdout, stderr, truncated, stateLost: false, ...(error ? { error } : {}) };
    }
    case "timeout":
      return {
        status: "timeout",
        ...lost,
        error:
          `Execution timed out after ${request.timeoutSeconds} s; the session's worker process was killed ` +
          `(other sessions are unaffected). ${STATE_LOST}`,
      };
    case "died":
      return {
        status: "error",
        ...lost,
        error: `The session's worker process ${describeDeath(outcome.code, outcome.signal)} during this execution. ${STATE_LOST}`,
      };
    case "killed":
      return { status: "error", ...lost, error: `Execution stopped: ${outcome.reason}. ${STATE_LOST}` };
  }
}
