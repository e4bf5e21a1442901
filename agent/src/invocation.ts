import type {
  AgentEvent,
  AgentName,
  ArtifactRef,
  EventInput,
  InvocationPayload,
} from "agentcore-vpc-platform-contract";
import type { Model } from "@strands-agents/sdk";
import { ModelError } from "@strands-agents/sdk";
import type { AgentConfig } from "./config.js";
import { EventSealer, toSseMessage } from "./events.js";
import { ExecutorError } from "./executor/client.js";
import { ExecutorSession, SessionUnavailableError } from "./executor/session.js";
import { LocalDirStorage, S3Storage, type Storage } from "./executor/storage.js";
import type { Logger } from "./log.js";
import { resolveLanguage } from "./payload.js";
import { describeError } from "./retry.js";
import { createModels } from "./workflow/models.js";
import { runWorkflow, type WorkflowResult } from "./workflow/workflow.js";

export class RunTimeoutError extends Error {
  override name = "RunTimeoutError";
}
export class ClientGoneError extends Error {
  override name = "ClientGoneError";
}
export class ShutdownError extends Error {
  override name = "ShutdownError";
}

/** A push/pull queue: producers push events at any time, the SSE generator pulls them in order. */
class EventQueue {
  private readonly items: AgentEvent[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;

  push(event: AgentEvent): void {
    if (this.ended) return;
    this.items.push(event);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  async *drain(): AsyncGenerator<AgentEvent> {
    for (;;) {
      const item = this.items.shift();
      if (item) {
        yield item;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

export interface InvocationDeps {
  config: AgentConfig;
  log: Logger;
  /** Marks the runtime busy for /ping (HealthyBusy) until the returned function is called. */
  busy: () => () => void;
  /** Aborts every running invocation (SIGTERM); registered here, removed when the run ends. */
  runs: Set<AbortController>;
  /** Test seam: models for this invocation (defaults to createModels(config)). */
  models?: () => Record<AgentName, Model>;
}

export function storageFor(config: AgentConfig): Storage {
  return config.localS3Dir
    ? new LocalDirStorage(config.localS3Dir, config.dataBucket)
    : new S3Storage(config.dataBucket);
}

/** Maps whatever ended a run to the error event's code and message. */
function classify(err: unknown): { code: string; message: string } {
  if (err instanceof RunTimeoutError) return { code: "RUN_TIMEOUT", message: err.message };
  if (err instanceof ClientGoneError) return { code: "CLIENT_DISCONNECTED", message: err.message };
  if (err instanceof ShutdownError) return { code: "SHUTDOWN", message: err.message };
  if (err instanceof SessionUnavailableError)
    return { code: "EXECUTOR_SESSION_UNAVAILABLE", message: err.message };
  if (err instanceof ExecutorError) return { code: "EXECUTOR_ERROR", message: err.message };
  if (err instanceof TypeError && /fetch failed/.test(err.message))
    return {
      code: "EXECUTOR_UNREACHABLE",
      message: `executor unreachable: ${describeError(err.cause ?? err)}`,
    };
  if (err instanceof ModelError) return { code: "MODEL_ERROR", message: describeError(err) };
  return { code: "INTERNAL_ERROR", message: describeError(err) };
}

/**
 * One invocation as an SSE event stream. The workflow runs beside the stream and pushes events into a queue;
 * a heartbeat timer pushes too, so the client hears from us at least every heartbeatMs whatever the model is
 * doing. The generator's `finally` runs when the stream ends for any reason — including the runtime SDK
 * breaking its loop because the client disconnected — and it aborts the workflow and waits until the
 * executor session is deleted.
 */
export async function* runInvocation(
  payload: InvocationPayload,
  ids: { sessionId: string; requestId: string },
  deps: InvocationDeps,
): AsyncGenerator<{ data: AgentEvent }, void, undefined> {
  const { config } = deps;
  const log = deps.log.child({ sessionId: ids.sessionId, requestId: ids.requestId });
  const started = Date.now();
  const deadline = started + config.maxRunMs;
  const language = resolveLanguage(payload);
  const queue = new EventQueue();
  const sealer = new EventSealer();
  const emit = (input: EventInput) => queue.push(sealer.seal(input));
  const controller = new AbortController();
  deps.runs.add(controller);
  const done = deps.busy();
  let current: { agent: AgentName | undefined; activity: string; stage: string } = {
    agent: undefined,
    activity: "starting",
    stage: "setup",
  };

  const deadlineTimer = setTimeout(
    () => controller.abort(new RunTimeoutError(`the run exceeded its limit of ${config.maxRunMs / 1000} s`)),
    config.maxRunMs,
  );
  const heartbeat = setInterval(() => {
    emit({
      type: "heartbeat",
      elapsedMs: Date.now() - started,
      ...(current.agent ? { agent: current.agent } : {}),
      activity: current.activity,
    });
  }, config.heartbeatMs);

  const session = new ExecutorSession({
    executorUrl: config.executorUrl,
    storage: storageFor(config),
    runId: ids.sessionId,
    dataUri: payload.data?.s3Uri,
    emit,
    log,
    signal: controller.signal,
  });

  emit({
    type: "start",
    sessionId: ids.sessionId,
    requestId: ids.requestId,
    language,
    ...(payload.data ? { dataUri: payload.data.s3Uri } : {}),
  });
  log.info({ language, dataUri: payload.data?.s3Uri }, "invocation started");

  const work = (async () => {
    let outcome: ({ ok: true; artifacts: ArtifactRef[] } & WorkflowResult) | { ok: false; err: unknown };
    try {
      const result = await runWorkflow({
        config,
        prompt: payload.prompt,
        language,
        dataUri: payload.data?.s3Uri,
        models: (deps.models ?? (() => createModels(config)))(),
        session,
        emit,
        signal: controller.signal,
        deadline,
        log,
        sessionId: ids.sessionId,
        progress: (agent, activity) => {
          current = { agent, activity, stage: agent ?? activity };
        },
      });
      current = { agent: undefined, activity: "saving artifacts", stage: "artifacts" };
      const artifacts = await session.saveArtifacts(controller.signal);
      outcome = { ok: true, ...result, artifacts };
    } catch (err) {
      outcome = { ok: false, err: controller.signal.aborted ? controller.signal.reason : err };
    } finally {
      await session.close();
    }
    // The terminal event is always the last one: after the session is gone and the artifacts are stored.
    if (outcome.ok) {
      emit({
        type: "done",
        artifacts: outcome.artifacts,
        summary: outcome.summary,
        verified: outcome.verified,
        route: outcome.route,
        usage: outcome.usage,
        cost: outcome.cost,
        durationMs: Date.now() - started,
      });
      log.info({ artifacts: outcome.artifacts.length, durationMs: Date.now() - started }, "invocation done");
    } else {
      const { code, message } = classify(outcome.err);
      emit({
        type: "error",
        ...(current.agent ? { agent: current.agent } : {}),
        stage: current.stage,
        code,
        message,
      });
      log.error({ code, message, stage: current.stage, agent: current.agent }, "invocation failed");
    }
  })().finally(() => queue.end());

  try {
    for await (const event of queue.drain()) yield toSseMessage(event);
  } finally {
    clearInterval(heartbeat);
    clearTimeout(deadlineTimer);
    if (!controller.signal.aborted) controller.abort(new ClientGoneError("the client disconnected"));
    await work;
    deps.runs.delete(controller);
    done();
  }
}
