import {
  type AgentEvent,
  type AgentName,
  type ArtifactRef,
  type EventInput,
  type InvocationPayload,
  newRunId,
  runKeys,
  type RunRecord,
} from "agentcore-vpc-platform-contract";
import type { Model } from "@strands-agents/sdk";
import type { ObjectStore } from "../client/store.js";
import type { AgentConfig } from "../config.js";
import { EventSealer } from "../events.js";
import { ExecutorSession } from "../executor/session.js";
import { LocalDirStorage, S3Storage, type Storage } from "../executor/storage.js";
import { probeExecutor } from "../health.js";
import type { Logger } from "../log.js";
import { resolveLanguage } from "../payload.js";
import { createModels } from "../workflow/models.js";
import { loadScript, scriptMismatch, ScriptMismatchError } from "../workflow/scripted-model.js";
import { runWorkflow, type WorkflowResult } from "../workflow/workflow.js";
import { ArtifactUploader, type ArtifactSource } from "./artifacts.js";
import { classifyRunError, ExecutorUnreachableError, RunTimeoutError } from "./errors.js";
import { EventLogWriter } from "./event-log.js";

export interface RunDeps {
  config: AgentConfig;
  log: Logger;
  /** Where the run's record, event log and artifacts go. */
  store: ObjectStore;
  /** Test seam: models for this run. @default createModels(config) */
  models?: () => Record<AgentName, Model>;
  /** How long an event may wait before the log is written. @default 1000 */
  logFlushMs?: number;
}

/** How the executor session loads the run's input (S3 through the executor's sync, or the local folder). */
export function inputStorageFor(config: AgentConfig): Storage {
  return config.localS3Dir
    ? new LocalDirStorage(config.localS3Dir, config.dataBucket)
    : new S3Storage(config.dataBucket);
}

type Outcome =
  | ({ ok: true; artifacts: ArtifactRef[] } & WorkflowResult)
  | { ok: false; err: unknown; artifacts: ArtifactRef[] };

/**
 * One run of the workflow, independent of any client connection: it starts when constructed, keeps every
 * event in memory for the clients that follow it (`follow()`), appends them to its log in the store as they
 * happen, uploads artifacts as they appear, and ends with exactly one `done` or `error` event after its
 * executor session is deleted. `cancel()` aborts it: the running tool call and model call stop at once.
 */
export class Run {
  readonly runId: string;
  readonly startedAt = new Date();
  readonly finished: Promise<void>;
  private readonly events: AgentEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly controller = new AbortController();
  private readonly sealer = new EventSealer();
  private readonly logWriter: EventLogWriter;
  private readonly uploader: ArtifactUploader;
  private readonly log: Logger;
  private current: { agent: AgentName | undefined; activity: string; stage: string } = {
    agent: undefined,
    activity: "starting",
    stage: "setup",
  };
  private ended = false;

  constructor(
    private readonly payload: InvocationPayload,
    readonly sessionId: string,
    private readonly requestId: string,
    private readonly deps: RunDeps,
  ) {
    this.runId = newRunId(this.startedAt);
    this.log = deps.log.child({ sessionId, requestId, runId: this.runId });
    this.logWriter = new EventLogWriter(deps.store, sessionId, this.runId, this.log, {
      flushMs: deps.logFlushMs ?? 1000,
    });
    this.uploader = new ArtifactUploader(deps.store, sessionId, this.runId, this.log);
    this.finished = this.execute();
  }

  get running(): boolean {
    return !this.ended;
  }

  /** The run's events from the first, then live ones as they happen, until the terminal event. */
  async *follow(): AsyncGenerator<AgentEvent, void, undefined> {
    let next = 0;
    for (;;) {
      while (next < this.events.length) yield this.events[next++] as AgentEvent;
      if (this.ended) return;
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  /** Stops the run: the executing cell's request is aborted and the executor session deleted. */
  cancel(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  private emit = (input: EventInput): void => {
    const event = this.sealer.seal(input);
    this.events.push(event);
    this.logWriter.append(event);
    if (event.type === "artifact") this.uploader.schedule(event.path, this.source, this.controller.signal);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  };

  private session!: ExecutorSession;
  private readonly source: ArtifactSource = {
    read: (path, signal) => this.session.use((client, id) => client.getFile(id, path, signal)),
    list: (signal) => this.session.use((client, id) => client.listFiles(id, signal)),
  };

  private async execute(): Promise<void> {
    const { config } = this.deps;
    const signal = this.controller.signal;
    const language = resolveLanguage(this.payload);
    const dataUri = this.payload.data?.s3Uri;
    const deadlineTimer = setTimeout(
      () => this.cancel(new RunTimeoutError(`the run exceeded its limit of ${config.maxRunMs / 1000} s`)),
      config.maxRunMs,
    );
    const heartbeat = setInterval(() => {
      this.emit({
        type: "heartbeat",
        elapsedMs: Date.now() - this.startedAt.getTime(),
        ...(this.current.agent ? { agent: this.current.agent } : {}),
        activity: this.current.activity,
      });
    }, config.heartbeatMs);
    this.session = new ExecutorSession({
      executorUrl: config.executorUrl,
      storage: inputStorageFor(config),
      runId: this.sessionId,
      dataUri,
      emit: this.emit,
      log: this.log,
      signal,
    });

    this.emit({
      type: "start",
      sessionId: this.sessionId,
      runId: this.runId,
      requestId: this.requestId,
      language,
      ...(dataUri ? { dataUri } : {}),
    });
    await this.writeRecord({ status: "running" });
    this.log.info({ language, dataUri }, "run started");

    let outcome: Outcome;
    try {
      await this.preflight(dataUri);
      const result = await runWorkflow({
        config,
        prompt: this.payload.prompt,
        language,
        dataUri,
        models: (this.deps.models ?? (() => createModels(config)))(),
        session: this.session,
        emit: this.emit,
        signal,
        deadline: this.startedAt.getTime() + config.maxRunMs,
        log: this.log,
        sessionId: this.sessionId,
        progress: (agent, activity) => {
          this.current = { agent, activity, stage: agent ?? activity };
        },
      });
      this.current = { agent: undefined, activity: "saving artifacts", stage: "artifacts" };
      const artifacts = await this.uploader.finish(this.source, signal);
      outcome = { ok: true, ...result, artifacts };
    } catch (err) {
      // Cancelled, timed out or shut down: stop at once (what was uploaded as it appeared stays).
      const cause = signal.aborted ? signal.reason : err;
      outcome = { ok: false, err: cause, artifacts: await this.salvageArtifacts(signal.aborted) };
    } finally {
      clearInterval(heartbeat);
      clearTimeout(deadlineTimer);
      await this.session.close();
    }
    this.finish(outcome);
    await this.logWriter.close(this.events);
  }

  /** Refuses what cannot work before the first model call: a script asked something else, a dead executor. */
  private async preflight(dataUri: string | undefined): Promise<void> {
    const { config } = this.deps;
    if (config.scriptedModelPath && !this.deps.models) {
      const mismatch = scriptMismatch(loadScript(config.scriptedModelPath), {
        prompt: this.payload.prompt,
        dataUri,
      });
      if (mismatch) throw new ScriptMismatchError(mismatch);
    }
    this.current = { agent: undefined, activity: "checking the executor", stage: "setup" };
    const probe = await probeExecutor(config.executorUrl);
    if (probe.error) {
      throw new ExecutorUnreachableError(
        `the executor at ${probe.url} does not answer /health (${probe.error}); start it, or check EXECUTOR_URL`,
      );
    }
  }

  /** After a failure that was not an abort, keep whatever artifacts the run made (bounded in time). */
  private async salvageArtifacts(aborted: boolean): Promise<ArtifactRef[]> {
    if (aborted || !this.session.sessionId) return [];
    return this.uploader.finish(this.source, AbortSignal.timeout(30_000)).catch(() => []);
  }

  private finish(outcome: Outcome): void {
    const durationMs = Date.now() - this.startedAt.getTime();
    if (outcome.ok) {
      this.emit({
        type: "done",
        artifacts: outcome.artifacts,
        summary: outcome.summary,
        verified: outcome.verified,
        route: outcome.route,
        usage: outcome.usage,
        cost: outcome.cost,
        durationMs,
      });
      this.log.info({ artifacts: outcome.artifacts.length, durationMs }, "run done");
    } else {
      const { code, message } = classifyRunError(outcome.err);
      this.emit({
        type: "error",
        ...(this.current.agent ? { agent: this.current.agent } : {}),
        stage: this.current.stage,
        code,
        message,
      });
      this.log.error({ code, message, stage: this.current.stage }, "run failed");
    }
    this.ended = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    const last = this.events[this.events.length - 1];
    void this.writeRecord(
      last?.type === "done"
        ? {
            status: "done",
            verified: last.verified,
            summary: last.summary,
            artifacts: last.artifacts,
            endedAt: last.ts,
          }
        : {
            status: last?.type === "error" && last.code === "CANCELLED" ? "cancelled" : "error",
            ...(last?.type === "error" ? { error: { code: last.code, message: last.message } } : {}),
            artifacts: outcome.artifacts,
            endedAt: new Date().toISOString(),
          },
    );
  }

  private recordWrite: Promise<void> = Promise.resolve();

  /** run.json: what the console lists. Written in order; a failure is logged, never fatal. */
  private writeRecord(fields: Partial<RunRecord> & Pick<RunRecord, "status">): Promise<void> {
    const record: RunRecord = {
      sessionId: this.sessionId,
      runId: this.runId,
      prompt: this.payload.prompt,
      ...(this.payload.data ? { dataUri: this.payload.data.s3Uri } : {}),
      language: resolveLanguage(this.payload),
      startedAt: this.startedAt.toISOString(),
      artifacts: [],
      ...fields,
    };
    this.recordWrite = this.recordWrite.then(() =>
      this.deps.store
        .put(runKeys.record(this.sessionId, this.runId), JSON.stringify(record, null, 2), "application/json")
        .catch((err: unknown) => this.log.error({ err: String(err) }, "writing run.json failed")),
    );
    return this.recordWrite;
  }

  /** Resolves when the final run record has been written too. */
  async settled(): Promise<void> {
    await this.finished;
    await this.recordWrite;
  }
}
