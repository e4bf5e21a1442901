import { type AgentEvent, runKeys } from "agentcore-vpc-platform-contract";
import type { ObjectStore } from "../client/store.js";
import type { Logger } from "../log.js";

export interface EventLogOptions {
  /** Longest time an event waits before its segment is written. @default 1000 */
  flushMs?: number;
}

const isTerminal = (event: AgentEvent) => event.type === "done" || event.type === "error";

/**
 * Appends a run's events to its log in the store as they happen. S3 has no append, so the log is a series of
 * segment objects (one per flush, named by the first seq they hold); a flush happens at most `flushMs` after
 * an event arrives, and at once for the terminal event. `close()` also writes the whole log as one object,
 * which readers prefer. A failed write is retried with the next flush and logged; it never ends the run.
 */
export class EventLogWriter {
  private pending: AgentEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly flushMs: number;

  constructor(
    private readonly store: ObjectStore,
    private readonly sessionId: string,
    private readonly runId: string,
    private readonly log: Logger,
    options: EventLogOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1000;
  }

  append(event: AgentEvent): void {
    this.pending.push(event);
    if (isTerminal(event)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes what is pending as one segment; resolves when every earlier write has finished too. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.chain = this.chain.then(async () => {
      const batch = this.pending;
      const first = batch[0];
      if (!first) return;
      this.pending = [];
      try {
        await this.store.put(
          runKeys.eventSegment(this.sessionId, this.runId, first.seq),
          batch.map((e) => JSON.stringify(e)).join("\n") + "\n",
          "application/x-ndjson",
        );
      } catch (err) {
        this.pending = [...batch, ...this.pending];
        this.log.error({ err: String(err), events: batch.length }, "event log write failed; will retry");
      }
    });
    return this.chain;
  }

  /** Flushes, then writes the complete log (every event of the run, in order). */
  async close(all: readonly AgentEvent[]): Promise<void> {
    await this.flush();
    if (this.pending.length) await this.flush();
    try {
      await this.store.put(
        runKeys.completeLog(this.sessionId, this.runId),
        all.map((e) => JSON.stringify(e)).join("\n") + "\n",
        "application/x-ndjson",
      );
    } catch (err) {
      this.log.error({ err: String(err) }, "writing the complete event log failed (the segments remain)");
    }
  }
}
