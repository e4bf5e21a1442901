import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Config } from "./config";
import { HttpError } from "./errors";
import { insideRoot, prepareWrite, safeSegments, tempNameFor, walk, type Owner } from "./files";
import { contentTypeFor } from "./mime";

export interface SyncedFile {
  path: string;
  key: string;
  size: number;
}

export interface SyncResult {
  direction: "pull" | "push";
  s3Uri: string;
  files: SyncedFile[];
  count: number;
  bytes: number;
}

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    // Plain bodies (no aws-chunked trailers): works with S3 and with S3-compatible stores and fakes.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match) {
    throw new HttpError(
      400,
      "BAD_S3_URI",
      `s3Uri must look like s3://bucket/prefix/ or s3://bucket/key, got ${uri}`,
    );
  }
  return { bucket: match[1] as string, key: match[2] ?? "" };
}

function tooMuch(what: string): HttpError {
  return new HttpError(413, "SYNC_TOO_LARGE", what);
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

/** Copies an object or every object under a prefix into `targetDir` (relative to the session dir). */
export async function pull(
  client: S3Client,
  limits: S3Config,
  sessionDir: string,
  s3Uri: string,
  targetDir: string,
  owner?: Owner,
): Promise<SyncResult> {
  const { bucket, key } = parseS3Uri(s3Uri);
  safeSegments(targetDir);
  const listed = await listAll(client, bucket, key, limits);
  const exact = listed.find((o) => o.key === key);
  const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
  const chosen = exact
    ? [{ ...exact, rel: path.posix.basename(key) }]
    : listed.filter((o) => o.key.startsWith(prefix)).map((o) => ({ ...o, rel: o.key.slice(prefix.length) }));
  if (chosen.length === 0) throw new HttpError(404, "S3_NOT_FOUND", `no objects at ${s3Uri}`);
  const total = chosen.reduce((sum, o) => sum + o.size, 0);
  if (total > limits.maxBytes)
    throw tooMuch(`${s3Uri} holds ${total} bytes; the limit is ${limits.maxBytes}`);
  const files: SyncedFile[] = [];
  let bytes = 0;
  for (const obj of chosen) {
    const relPath = `${targetDir}/${obj.rel}`;
    const target = await prepareWrite(sessionDir, relPath, owner);
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: obj.key }));
    if (!response.Body) throw new HttpError(502, "S3_EMPTY_BODY", `S3 returned no body for ${obj.key}`);
    const temp = tempNameFor(target);
    let size = 0;
    const body = response.Body as Readable;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (bytes + size > limits.maxBytes) body.destroy(tooMuch(`pull exceeded ${limits.maxBytes} bytes`));
    });
    try {
      await pipeline(body, createWriteStream(temp, { flags: "wx", mode: 0o644 }));
      if (owner) await fs.chown(temp, owner.uid, owner.gid);
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    bytes += size;
    files.push({ path: relPath.split("/").filter(Boolean).join("/"), key: obj.key, size });
  }
  return { direction: "pull", s3Uri, files, count: files.length, bytes };
}

/** Uploads every regular file under `sourceDir` (relative to the session dir) below the s3Uri prefix. */
export async function push(
  client: S3Client,
  limits: S3Config,
  sessionDir: string,
  s3Uri: string,
  sourceDir: string,
): Promise<SyncResult> {
  const { bucket, key } = parseS3Uri(s3Uri);
  const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
  const segments = safeSegments(sourceDir);
  const realRoot = await fs.realpath(sessionDir);
  const source = await fs.realpath(path.join(realRoot, ...segments)).catch(() => null);
  if (source === null)
    throw new HttpError(404, "FILE_NOT_FOUND", `${sourceDir} does not exist in the session`);
  if (!insideRoot(realRoot, source)) {
    throw new HttpError(403, "PATH_ESCAPES_SESSION", `${sourceDir} resolves outside the session directory`);
  }
  const { entries } = await walk(source, limits.maxObjects + 1);
  const regular = entries.filter((e) => e.type === "file");
  if (regular.length > limits.maxObjects)
    throw tooMuch(`more than ${limits.maxObjects} files in ${sourceDir}`);
  const total = regular.reduce((sum, e) => sum + e.size, 0);
  if (total > limits.maxBytes)
    throw tooMuch(`${sourceDir} holds ${total} bytes; the limit is ${limits.maxBytes}`);
  const files: SyncedFile[] = [];
  for (const entry of regular) {
    const objectKey = `${prefix}${entry.path}`;
    const file = path.join(source, entry.path);
    const stat = await fs.lstat(file);
    if (!stat.isFile()) continue; // replaced by something else since the walk
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: objectKey,
        Body: createReadStream(file),
        ContentLength: stat.size,
        ContentType: contentTypeFor(entry.path),
      }),
    );
    files.push({ path: `${segments.join("/")}/${entry.path}`, key: objectKey, size: stat.size });
  }
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return { direction: "push", s3Uri, files, count: files.length, bytes };
}
