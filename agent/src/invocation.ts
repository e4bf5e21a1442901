import type { AgentEvent, EventInput } from "agentcore-vpc-platform-contract";
import { S3Client } from "@aws-sdk/client-s3";
import { listRunIds, readRunEvents } from "./client/runs.js";
import { LocalDirStore, type ObjectStore, S3Store } from "./client/store.js";
import type { AgentConfig } from "./config.js";
import { EventSealer, toSseMessage } from "./events.js";
import type { RunRegistry } from "./runs/registry.js";
import type { Run } from "./runs/run.js";

type SseStream = AsyncGenerator<{ data: AgentEvent }, void, undefined>;

/** The store a run writes to: the data bucket, or the local folder standing in for it. */
export function storeFor(config: AgentConfig): ObjectStore {
  return config.localS3Dir
    ? new LocalDirStore(config.localS3Dir, config.dataBucket)
    : new S3Store(new S3Client({ region: config.region }), config.dataBucket);
}

/**
 * A run's events as an SSE stream. Ending the stream (the client disconnected: the runtime SDK stops
 * iterating) detaches this client only; the run goes on, and its log lets any client attach again.
 */
export async function* followRun(run: Run): SseStream {
  for await (const event of run.follow()) yield toSseMessage(event);
}

/**
 * `{ attach: true }`: the session's running run from its first event, followed live; otherwise the latest
 * run's log replayed. A log without a terminal event (its runtime session ended mid-run) ends with a
 * RUN_LOST error, so a client always sees how the run ended.
 */
export async function* attachToRun(registry: RunRegistry, store: ObjectStore, sessionId: string): SseStream {
  const live = registry.latest(sessionId);
  if (live) {
    yield* followRun(live);
    return;
  }
  const runIds = await listRunIds(store, sessionId);
  const latest = runIds[runIds.length - 1];
  if (!latest) {
    yield single({
      type: "error",
      stage: "attach",
      code: "NO_RUN",
      message: `session ${sessionId} has no runs`,
    });
    return;
  }
  const events = await readRunEvents(store, sessionId, latest);
  for (const event of events) yield toSseMessage(event);
  const last = events[events.length - 1];
  if (last?.type !== "done" && last?.type !== "error") {
    const lost: EventInput = {
      type: "error",
      stage: "attach",
      code: "RUN_LOST",
      message:
        `run ${latest} of session ${sessionId} is not running here and its log ends without done or error: ` +
        "the runtime session that ran it ended before the run did",
    };
    yield toSseMessage({ ...lost, seq: (last?.seq ?? -1) + 1, ts: new Date().toISOString() } as AgentEvent);
  }
}

/** `{ cancel: true }`: `requested`, then `stopped` once the run has ended (its executor session deleted). */
export async function* cancelRun(registry: RunRegistry, sessionId: string): SseStream {
  const sealer = new EventSealer();
  const run = registry.cancel(sessionId);
  if (!run) {
    yield toSseMessage(
      sealer.seal({
        type: "cancel",
        sessionId,
        state: "not_running",
        message: `session ${sessionId} has no running run`,
      }),
    );
    return;
  }
  yield toSseMessage(
    sealer.seal({
      type: "cancel",
      sessionId,
      runId: run.runId,
      state: "requested",
      message: `cancelling run ${run.runId}`,
    }),
  );
  await run.settled();
  yield toSseMessage(
    sealer.seal({
      type: "cancel",
      sessionId,
      runId: run.runId,
      state: "stopped",
      message: `run ${run.runId} stopped; its executor session is deleted`,
    }),
  );
}

function single(input: EventInput): { data: AgentEvent } {
  return toSseMessage(new EventSealer().seal(input));
}
