import { createReadStream, createWriteStream } from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  artifactsS3Prefix,
  parseS3Uri,
  s3PullProblems,
  s3PushProblems,
  type SyncRequest,
  type SyncResponse,
} from "agentcore-vpc-platform-contract";
import type { S3Config } from "../config/config";
import { HttpError } from "../errors";
import { safeSegments } from "../fs/paths";
import { isRefusedLookup, symlinkRefused, type SafeDir } from "../fs/safe-dir";
import { openForRead, openForWrite, type Owner } from "../fs/session-files";
import { walk } from "../fs/tree";
import { contentTypeFor } from "../mime";
import { s3ErrorStatus } from "./client";

/** The session as sync sees it: its folder (held open), owner, and how much disk it may still fill. */
export interface SyncTarget {
  id: string;
  root: SafeDir;
  owner: Owner | undefined;
  /** Bytes the session may still add before its disk budget is exceeded. */
  diskRoom(): Promise<number>;
}

function tooMuch(what: string): HttpError {
  return new HttpError(413, "SYNC_TOO_LARGE", what);
}

export function overDiskBudget(needed: number, room: number): HttpError {
  const mb = (n: number) => Math.ceil(n / (1024 * 1024));
  return new HttpError(
    507,
    "DISK_BUDGET_EXCEEDED",
    `this needs ${mb(needed)} MB but the session has ${mb(Math.max(0, room))} MB left of its disk budget ` +
      "(EXECUTOR_SESSION_DISK_MB); delete files in the session first",
  );
}

/** A Transform that counts bytes and fails once they pass `limit` (with the error `overflow` makes). */
export function byteLimit(limit: number, overflow: (seen: number) => Error): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback(counter.bytes > limit ? overflow(counter.bytes) : null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

function rethrowS3(err: unknown, s3Uri: string): never {
  const s3 = s3ErrorStatus(err);
  if (!s3) throw err;
  const code = s3.status === 404 ? "S3_NOT_FOUND" : s3.status === 403 ? "S3_ACCESS_DENIED" : "S3_ERROR";
  throw new HttpError(s3.status, code, `S3 request for ${s3Uri} failed: ${s3.name}: ${s3.message}`);
}

async function listAll(client: S3Client, bucket: string, prefix: string, limits: S3Config) {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const obj of page.Contents ?? []) {
      if (!obj.Key || obj.Key.endsWith("/")) continue;
      objects.push({ key: obj.Key, size: obj.Size ?? 0 });
      if (objects.length > limits.maxObjects) {
        throw tooMuch(`more than ${limits.maxObjects} objects under s3://${bucket}/${prefix}`);
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

function configuredBucket(limits: S3Config): string {
  if (!limits.bucket) {
    throw new HttpError(
      503,
      "S3_NOT_CONFIGURED",
      "this executor has no data bucket (DATA_BUCKET) to sync with",
    );
  }
  return limits.bucket;
}

/**
 * Copies an object, or every object under a prefix, into a session folder. Each object streams from S3 to
 * its file (never held in memory) and counts against the session's disk budget as it arrives.
 */
export async function pull(
  client: S3Client,
  limits: S3Config,
  session: SyncTarget,
  request: Extract<SyncRequest, { direction: "pull" }>,
): Promise<SyncResponse> {
  const bucket = configuredBucket(limits);
  const problems = s3PullProblems(request.s3Uri, { bucket, sessionId: session.id });
  if (problems.length > 0) throw new HttpError(403, "S3_OUT_OF_SCOPE", problems.join("; "));
  const { key } = parseS3Uri(request.s3Uri) as { key: string };
  const targetDir = safeSegments(request.path ?? "data").join("/");
  try {
    const listed = await listAll(client, bucket, key, limits);
    const exact = listed.find((o) => o.key === key);
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    const chosen = exact
      ? [{ ...exact, rel: key.slice(key.lastIndexOf("/") + 1) }]
      : listed
          .filter((o) => o.key.startsWith(prefix))
          .map((o) => ({ ...o, rel: o.key.slice(prefix.length) }));
    if (chosen.length === 0) throw new HttpError(404, "S3_NOT_FOUND", `no objects at ${request.s3Uri}`);
    const total = chosen.reduce((sum, o) => sum + o.size, 0);
    if (total > limits.maxBytes)
      throw tooMuch(`${request.s3Uri} holds ${total} bytes; the limit is ${limits.maxBytes}`);
    const room = await session.diskRoom();
    if (total > room) throw overDiskBudget(total, room);
    const files: SyncResponse["files"] = [];
    let bytes = 0;
    for (const obj of chosen) {
      const writer = openForWrite(session.root, `${targetDir}/${obj.rel}`, session.owner);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: obj.key }));
        if (!response.Body) throw new HttpError(502, "S3_ERROR", `S3 returned no body for ${obj.key}`);
        const counter = byteLimit(room - bytes, (seen) => overDiskBudget(bytes + seen, room));
        await pipeline(
          response.Body as Readable,
          counter,
          createWriteStream("", { fd: writer.fd, highWaterMark: 1024 * 1024 }),
        );
        writer.commit();
        bytes += counter.bytes;
        files.push({ path: writer.path, key: obj.key, size: counter.bytes });
      } catch (err) {
        writer.abort();
        throw err;
      }
    }
    return { direction: "pull", s3Uri: request.s3Uri, files, count: files.length, bytes };
  } catch (err) {
    rethrowS3(err, request.s3Uri);
  }
}

function openArtifacts(root: SafeDir): SafeDir {
  try {
    return root.child("artifacts");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new HttpError(404, "FILE_NOT_FOUND", "the session has no artifacts folder");
    }
    if (isRefusedLookup(err)) throw symlinkRefused("artifacts");
    throw err;
  }
}

/** Uploads every regular file under the session's `artifacts/` to `sessions/<id>/artifacts/` of the bucket. */
export async function push(
  client: S3Client,
  limits: S3Config,
  session: SyncTarget,
  request: Extract<SyncRequest, { direction: "push" }>,
): Promise<SyncResponse> {
  const bucket = configuredBucket(limits);
  const prefix = artifactsS3Prefix(session.id);
  const s3Uri = request.s3Uri ?? `s3://${bucket}/${prefix}`;
  const problems = s3PushProblems(s3Uri, { bucket, sessionId: session.id });
  if (problems.length > 0) throw new HttpError(403, "S3_OUT_OF_SCOPE", problems.join("; "));
  const regular: { path: string; size: number }[] = [];
  const artifacts = openArtifacts(session.root);
  try {
    await walk(
      artifacts,
      ({ path, type, stats }) => {
        if (type === "file" && stats) regular.push({ path, size: stats.size });
      },
      { maxEntries: limits.maxObjects * 4, stat: (type) => type === "file" },
    );
  } finally {
    artifacts.close();
  }
  if (regular.length > limits.maxObjects) throw tooMuch(`more than ${limits.maxObjects} files in artifacts`);
  const total = regular.reduce((sum, e) => sum + e.size, 0);
  if (total > limits.maxBytes)
    throw tooMuch(`artifacts holds ${total} bytes; the limit is ${limits.maxBytes}`);
  const files: SyncResponse["files"] = [];
  try {
    for (const entry of regular) {
      let opened: ReturnType<typeof openForRead>;
      try {
        opened = openForRead(session.root, `artifacts/${entry.path}`, session.owner);
      } catch {
        continue; // replaced or removed since the walk: not pushed
      }
      const size = opened.stats.size;
      const objectKey = `${prefix}${entry.path}`;
      const body = createReadStream("", { fd: opened.fd, start: 0, end: Math.max(0, size - 1) });
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          Body: size === 0 ? Buffer.alloc(0) : body,
          ContentLength: size,
          ContentType: contentTypeFor(entry.path),
        }),
      );
      if (size === 0) body.destroy();
      files.push({ path: `artifacts/${entry.path}`, key: objectKey, size });
    }
  } catch (err) {
    rethrowS3(err, s3Uri);
  }
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return { direction: "push", s3Uri, files, count: files.length, bytes };
}
