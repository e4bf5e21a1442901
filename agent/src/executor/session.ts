import type { ArtifactRef, EventInput } from "agentcore-vpc-platform-contract";
import type { Logger } from "../log.js";
import { ExecutorClient, SessionGoneError, type ExecutorClientOptions } from "./client.js";
import type { Storage } from "./storage.js";

export interface ExecutorSessionOptions {
  executorUrl: string;
  storage: Storage;
  /** The AgentCore session id: names the artifacts prefix. */
  runId: string;
  dataUri: string | undefined;
  emit: (event: EventInput) => void;
  log: Logger;
  /** The run's signal: aborts in-flight executor calls when the client goes away or the deadline passes. */
  signal: AbortSignal;
  clientOptions?: ExecutorClientOptions;
}

/** The executor session could not be kept alive (second loss, or data could not be loaded). */
export class SessionUnavailableError extends Error {
  override name = "SessionUnavailableError";
}

/**
 * One executor session for one invocation: created on the first tool call (a run that fails before needing
 * the executor costs the executor nothing), data pulled in first, and recreated once if the executor reports
 * it gone (its task was replaced). `close()` always deletes it; callers put it in a `finally`.
 */
export class ExecutorSession {
  private client: ExecutorClient | undefined;
  private id: string | undefined;
  private opening: Promise<string> | undefined;
  private recreations = 0;
  private notice: string | undefined;
  private closed = false;

  constructor(private readonly opts: ExecutorSessionOptions) {}

  get sessionId(): string | undefined {
    return this.id;
  }

  /** Runs `op` against the live session; one loss is survived by recreating the session and retrying once. */
  async use<T>(op: (client: ExecutorClient, sessionId: string) => Promise<T>): Promise<T> {
    const id = await this.ensure();
    try {
      return await op(this.client as ExecutorClient, id);
    } catch (err) {
      if (!(err instanceof SessionGoneError)) throw err;
      await this.replaceLost(id, err.message);
      const fresh = await this.ensure();
      try {
        return await op(this.client as ExecutorClient, fresh);
      } catch (again) {
        if (again instanceof SessionGoneError) await this.replaceLost(fresh, again.message); // throws
        throw again;
      }
    }
  }

  /** A note for the model after a recreation (state and earlier files are gone); returned once. */
  takeNotice(): string | undefined {
    const n = this.notice;
    this.notice = undefined;
    return n;
  }

  /** Copies artifacts out; nothing to do when no session was ever created. */
  async saveArtifacts(signal?: AbortSignal): Promise<ArtifactRef[]> {
    if (!this.id || !this.client) return [];
    return this.opts.storage.saveArtifacts(this.client, this.id, this.opts.runId, signal);
  }

  /** Deletes the session (idempotent). Uses its own timeout: the run's signal is usually aborted by now. */
  async close(): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    const { client, id } = this;
    this.id = undefined;
    if (!client || !id) return;
    try {
      const deleted = await client.deleteSession(id, AbortSignal.timeout(30_000));
      this.opts.emit({ type: "session", action: "deleted", executorSessionId: id });
      this.opts.log.info({ executorSessionId: id, existed: deleted }, "executor session deleted");
    } catch (err) {
      // The executor's idle reaper frees it eventually; say so loudly rather than failing the response.
      this.opts.log.error({ executorSessionId: id, err: String(err) }, "executor session delete failed");
    }
  }

  private ensure(): Promise<string> {
    if (this.id) return Promise.resolve(this.id);
    if (this.closed) return Promise.reject(new SessionUnavailableError("the run has ended"));
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<string> {
    // A fresh client means a fresh cookie jar: a recreated session must not be steered to the dead task.
    const client = new ExecutorClient(this.opts.executorUrl, this.opts.clientOptions);
    // Not the run's signal: a create aborted mid-flight may still make a session nobody knows to delete.
    // A run cancelled meanwhile finds the session in close(), which waits for this and deletes it.
    const id = await client.createSession(AbortSignal.timeout(30_000));
    this.client = client;
    this.id = id;
    this.opts.emit({
      type: "session",
      action: this.recreations ? "recreated" : "created",
      executorSessionId: id,
    });
    this.opts.log.info({ executorSessionId: id }, "executor session created");
    if (this.closed) {
      // close() raced with creation: it waits for us, then deletes what we just made.
      throw new SessionUnavailableError("the run has ended");
    }
    if (this.opts.dataUri) {
      try {
        const files = await this.opts.storage.loadData(client, id, this.opts.dataUri, this.opts.signal);
        this.opts.emit({
          type: "session",
          action: "data_loaded",
          executorSessionId: id,
          message: files.map((f) => `${f.path} (${f.size} bytes)`).join(", "),
        });
      } catch (err) {
        if (err instanceof SessionGoneError) throw err;
        throw new SessionUnavailableError(`could not load ${this.opts.dataUri}: ${String(err)}`);
      }
    }
    return id;
  }

  private async replaceLost(id: string, message: string): Promise<void> {
    this.opts.emit({ type: "session", action: "lost", executorSessionId: id, message });
    this.opts.log.warn({ executorSessionId: id, message }, "executor session lost");
    if (this.recreations >= 1) {
      this.id = undefined;
      throw new SessionUnavailableError(`executor session lost twice (last: ${message})`);
    }
    this.recreations++;
    this.id = undefined;
    this.client = undefined;
    this.notice =
      "NOTE: the executor session was lost (its task was replaced) and has been recreated. Python variables " +
      "and files written earlier are gone; the input data was loaded again. Re-run any setup code you need.";
  }
}
