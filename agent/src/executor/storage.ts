import type { ArtifactRef } from "agentcore-vpc-platform-contract";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ExecutorClient } from "./client.js";

/**
 * Data in and artifacts out. With a bucket, the executor moves the bytes itself through its sync route (the
 * agent never touches S3 data). In local mode a directory stands in for S3 — s3://<bucket>/<key> is
 * <root>/<bucket>/<key> — and the agent copies files through the executor's file routes instead.
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

/** S3 keys from an AgentCore session id: anything outside a conservative set becomes "_". */
export function safeRunId(runId: string): string {
  return runId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
}

export function artifactsPrefix(bucket: string, runId: string): string {
  return `s3://${bucket}/sessions/${safeRunId(runId)}/artifacts/`;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1] as string, key: m[2] ?? "" };
}

export class S3Storage implements Storage {
  readonly mode = "s3" as const;
  constructor(private readonly bucket: string) {}

  async loadData(client: ExecutorClient, sessionId: string, dataUri: string, signal?: AbortSignal) {
    const result = await client.sync(sessionId, { direction: "pull", s3Uri: dataUri }, signal);
    return result.files.map((f) => ({ path: f.path, size: f.size }));
  }

  async saveArtifacts(client: ExecutorClient, sessionId: string, runId: string, signal?: AbortSignal) {
    const files = await client.listFiles(sessionId, signal);
    if (!files.some((f) => f.type === "file" && f.path.startsWith("artifacts/"))) return [];
    const s3Uri = artifactsPrefix(this.bucket, runId);
    const result = await client.sync(sessionId, { direction: "push", s3Uri }, signal);
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
