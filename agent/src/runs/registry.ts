import type { InvocationPayload } from "agentcore-vpc-platform-contract";
import { CancelledError, ShutdownError } from "./errors.js";
import { Run, type RunDeps } from "./run.js";

/** A run was started for a session that already has one running. */
export class RunConflictError extends Error {
  override name = "RunConflictError";
  constructor(readonly running: Run) {
    super(
      `session ${running.sessionId} already has a running run (${running.runId}, started ` +
        `${running.startedAt.toISOString()}): attach to it with --attach ${running.sessionId}, or cancel it first`,
    );
  }
}

export interface RegistryDeps extends RunDeps {
  /** Marks the runtime busy (/ping HealthyBusy) for one run; call the result when the run has ended. */
  busy: (sessionId: string) => () => void;
}

/**
 * The runs of this agent process, by session id: at most one running per session. A run lives here from start
 * to its terminal event, whoever is (or is not) connected to it; /ping reports HealthyBusy meanwhile, so
 * AgentCore does not reap the session under a run whose client has gone.
 */
export class RunRegistry {
  private readonly live = new Map<string, Run>();

  constructor(private readonly deps: RegistryDeps) {}

  /** The session's run while it has not ended (runs started for it now are refused). */
  running(sessionId: string): Run | undefined {
    const run = this.live.get(sessionId);
    return run?.running ? run : undefined;
  }

  /**
   * The session's run in this process, running or just ended: an ended run stays here until its log and
   * record are written, so a client attaching right after `done` reads it from memory, not a half-written log.
   */
  latest(sessionId: string): Run | undefined {
    return this.live.get(sessionId);
  }

  get size(): number {
    return this.live.size;
  }

  start(payload: InvocationPayload, sessionId: string, requestId: string): Run {
    const existing = this.running(sessionId);
    if (existing) throw new RunConflictError(existing);
    const idle = this.deps.busy(sessionId);
    const run = new Run(payload, sessionId, requestId, this.deps);
    this.live.set(sessionId, run);
    void run.settled().finally(() => {
      if (this.live.get(sessionId) === run) this.live.delete(sessionId);
      idle();
    });
    return run;
  }

  /** Cancels the session's running run; undefined when none is running. */
  cancel(sessionId: string): Run | undefined {
    const run = this.running(sessionId);
    run?.cancel(new CancelledError("the run was cancelled"));
    return run;
  }

  /** Aborts every run (SIGTERM) and waits until each has ended and deleted its executor session. */
  async shutdown(): Promise<void> {
    const runs = [...this.live.values()];
    for (const run of runs) run.cancel(new ShutdownError("the agent is shutting down"));
    await Promise.all(runs.map((run) => run.settled()));
  }
}
