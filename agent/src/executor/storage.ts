import { CopyObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  parseS3Uri as parseContractS3Uri,
  S3_DATA_PREFIX,
  s3PullProblems,
  sessionS3Prefix,
  type ArtifactRef,
} from "agentcore-vpc-platform-contract";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ExecutorClient } from "./client.js";

/**
 * Data in and artifacts out. With a bucket, the executor moves the bytes itself through its sync route: it
 * may read the bucket's `data/` (where the CLIs and the console upload) and the session's own
 * `sessions/<id>/`, and writes artifacts to `sessions/<id>/artifacts/`. In local mode a directory stands in
 * for S3 — s3://<bucket>/<key> is <root>/<bucket>/<key> — and the agent copies files through the executor's
 * file routes instead.
 */
export interface Storage {
  readonly mode: "s3" | "local";
  /** Puts the object (or every object under the prefix) into the session's data/ directory. */
  loadData(
    client: ExecutorClient,
    sessionId: string,
    dataUri: string,
    signal?: AbortSignal,
  ): Promise<{ path: string; size: number }[]>;
  /** Copies the session's artifacts/ to s3://<bucket>/sessions/<runId>/artifacts/. */
  saveArtifacts(
    client: ExecutorClient,
    sessionId: string,
    runId: string,
    signal?: AbortSignal,
  ): Promise<ArtifactRef[]>;
}

/** S3 keys from an AgentCore session id (local mode): anything outside a conservative set becomes "_". */
export function safeRunId(runId: string): string {
  return runId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
}

export function artifactsPrefix(bucket: string, runId: string): string {
  return `s3://${bucket}/sessions/${safeRunId(runId)}/artifacts/`;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const parsed = parseContractS3Uri(uri);
  if (!parsed) throw new Error(`not an s3:// URI: ${uri}`);
  return parsed;
}

/** Where an input the executor may not read directly is copied first (inside the session's own prefix). */
export function inputKey(sessionId: string, key: string): string {
  return `${sessionS3Prefix(sessionId)}inputs/${key.slice(key.lastIndexOf("/") + 1)}`;
}

export class S3Storage implements Storage {
  readonly mode = "s3" as const;
  private s3: S3Client | undefined;

  constructor(
    private readonly bucket: string,
    /** Copies inputs into the session's prefix; built on first use. @default an S3Client from the environment */
    s3?: S3Client,
  ) {
    this.s3 = s3;
  }

  /**
   * Pulls `dataUri` into the session's data/. An object of the data bucket outside `data/` is first copied
   * into the session's own prefix (the runtime's role may read the whole bucket, the executor's sessions may
   * not); a prefix there, or another bucket, is refused with where to upload instead.
   */
  async loadData(client: ExecutorClient, sessionId: string, dataUri: string, signal?: AbortSignal) {
    let s3Uri = dataUri;
    const problems = s3PullProblems(dataUri, { bucket: this.bucket, sessionId });
    if (problems.length > 0) {
      const { bucket, key } = parseS3Uri(dataUri);
      if (bucket !== this.bucket || key === "" || key.endsWith("/")) {
        throw new Error(
          `${dataUri} is outside what the executor may read (${problems.join("; ")}): upload inputs under ` +
            `s3://${this.bucket}/${S3_DATA_PREFIX} (the invoke CLI and the console do)`,
        );
      }
      const target = inputKey(sessionId, key);
      this.s3 ??= new S3Client({});
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: target,
          CopySource: `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`,
        }),
        { abortSignal: signal },
      );
      s3Uri = `s3://${this.bucket}/${target}`;
    }
    const result = await client.sync(sessionId, { direction: "pull", s3Uri }, signal);
    return result.files.map((f) => ({ path: f.path, size: f.size }));
  }

  /** The executor pushes artifacts/ to sessions/<executor session id>/artifacts/ of the bucket, its only choice. */
  async saveArtifacts(client: ExecutorClient, sessionId: string, _runId: string, signal?: AbortSignal) {
    const files = await client.listFiles(sessionId, signal);
    if (!files.some((f) => f.type === "file" && f.path.startsWith("artifacts/"))) return [];
    const result = await client.sync(sessionId, { direction: "push" }, signal);
    return result.files.map((f) => ({ path: f.path, size: f.size, uri: `s3://${this.bucket}/${f.key}` }));
  }
}

export class LocalDirStorage implements Storage {
  readonly mode = "local" as const;
  constructor(
    readonly root: string,
    private readonly bucket: string,
  ) {}

  /** Where an s3:// URI lives in the stand-in directory. */
  localPath(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    const resolved = path.resolve(this.root, bucket, ...key.split("/").filter(Boolean));
    if (!resolved.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`${uri} escapes ${this.root}`);
    return resolved;
  }

  async loadData(client: ExecutorClient, sessionId: string, dataUri: string, signal?: AbortSignal) {
    const source = this.localPath(dataUri);
    const stat = await fs.stat(source).catch(() => null);
    if (!stat) throw new Error(`no objects at ${dataUri} (local stand-in: ${source})`);
    const files = stat.isDirectory()
      ? (await listTree(source)).map((rel) => ({ abs: path.join(source, rel), rel }))
      : [{ abs: source, rel: path.basename(source) }];
    const loaded: { path: string; size: number }[] = [];
    for (const file of files) {
      const bytes = await fs.readFile(file.abs);
      const target = `data/${file.rel.split(path.sep).join("/")}`;
      await client.putFile(sessionId, target, bytes, signal);
      loaded.push({ path: target, size: bytes.length });
    }
    return loaded;
  }

  async saveArtifacts(client: ExecutorClient, sessionId: string, runId: string, signal?: AbortSignal) {
    const prefix = artifactsPrefix(this.bucket, runId);
    const files = (await client.listFiles(sessionId, signal)).filter(
      (f) => f.type === "file" && f.path.startsWith("artifacts/"),
    );
    const saved: ArtifactRef[] = [];
    for (const file of files) {
      const rel = file.path.slice("artifacts/".length);
      const uri = prefix + rel;
      const target = this.localPath(uri);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const bytes = await client.getFile(sessionId, file.path, signal);
      await fs.writeFile(target, bytes);
      saved.push({ path: file.path, size: bytes.length, uri });
    }
    return saved;
  }
}

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}
