import { type ArtifactRef, runKeys } from "agentcore-vpc-platform-contract";
import { contentTypeOf } from "../client/content-type.js";
import type { ObjectStore } from "../client/store.js";
import type { Logger } from "../log.js";

/** A file of the executor session as its listing reports it. */
export interface SessionFile {
  path: string;
  size: number;
  /** ISO time of the last change, when the executor reports it. */
  modified?: string;
}

export interface ArtifactSource {
  /** The bytes of a session file (`artifacts/…`). */
  read(path: string, signal: AbortSignal): Promise<Buffer>;
  /** Every file of the session. */
  list(signal: AbortSignal): Promise<SessionFile[]>;
}

/**
 * Copies a run's artifacts from the executor session to the store as they appear, so a run that is cut short
 * (its microVM reaped, the executor task replaced) still leaves what it had made. Uploads run one at a time in
 * order; `finish()` then uploads whatever changed since (a final listing) and returns every artifact.
 */
export class ArtifactUploader {
  private readonly uploaded = new Map<string, { size: number; fetchedAt: number; uri: string }>();
  private chain: Promise<void> = Promise.resolve();
  private readonly prefix: string;

  constructor(
    private readonly store: ObjectStore,
    sessionId: string,
    runId: string,
    private readonly log: Logger,
  ) {
    this.prefix = runKeys.artifactsPrefix(sessionId, runId);
  }

  /** Queues the upload of one artifact the run just wrote. */
  schedule(path: string, source: ArtifactSource, signal: AbortSignal): void {
    if (!path.startsWith("artifacts/")) return;
    this.chain = this.chain.then(() =>
      this.upload(path, source, signal).catch((err: unknown) => {
        if (!signal.aborted)
          this.log.warn({ path, err: String(err) }, "artifact upload failed; retried at the end");
      }),
    );
  }

  /** Waits for queued uploads, uploads anything new or changed, and lists every stored artifact. */
  async finish(source: ArtifactSource, signal: AbortSignal): Promise<ArtifactRef[]> {
    await this.chain;
    const files = (await source.list(signal)).filter((f) => f.path.startsWith("artifacts/"));
    for (const file of files) {
      const done = this.uploaded.get(file.path);
      const changedSince =
        file.modified !== undefined && done && Date.parse(file.modified) >= done.fetchedAt - 2000;
      if (!done || done.size !== file.size || changedSince) await this.upload(file.path, source, signal);
    }
    const present = new Set(files.map((f) => f.path));
    return [...this.uploaded.entries()]
      .filter(([path]) => present.has(path))
      .map(([path, { size, uri }]) => ({ path, size, uri }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  private async upload(path: string, source: ArtifactSource, signal: AbortSignal): Promise<void> {
    const fetchedAt = Date.now();
    const bytes = await source.read(path, signal);
    const key = this.prefix + path.slice("artifacts/".length);
    await this.store.put(key, bytes, contentTypeOf(path));
    this.uploaded.set(path, { size: bytes.length, fetchedAt, uri: this.store.uri(key) });
  }
}
