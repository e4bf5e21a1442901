import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

export interface UploadProgress {
  loaded: number;
  total: number;
}

const MiB = 1024 * 1024;

/** S3 multipart limits (Amazon S3 User Guide, "Amazon S3 multipart upload limits"). */
export const S3_MULTIPART = {
  minPartBytes: 5 * MiB,
  maxPartBytes: 5 * 1024 * MiB,
  maxParts: 10_000,
  maxObjectBytes: 5 * 1024 * 1024 * MiB,
} as const;

/**
 * The part size for an upload of `bytes`: at least `preferred` (big enough that a 1 GB file takes 64 parts
 * and few requests), at least S3's 5 MiB minimum, and big enough to stay within 10,000 parts.
 */
export function partSizeFor(bytes: number, preferred = 16 * MiB): number {
  if (bytes > S3_MULTIPART.maxObjectBytes)
    throw new Error(`${bytes} bytes is more than S3 allows in one object`);
  const needed = Math.ceil(bytes / S3_MULTIPART.maxParts);
  return Math.min(S3_MULTIPART.maxPartBytes, Math.max(S3_MULTIPART.minPartBytes, preferred, needed));
}

export interface S3UploadOptions {
  /** Bytes per part. @default partSizeFor(file size) */
  partSize?: number;
  /** Parts in flight at once (memory ≈ partSize × queueSize). @default 4 */
  queueSize?: number;
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Streams a local file to S3 with multipart upload (`@aws-sdk/lib-storage`): parts go up in parallel, memory
 * stays at about partSize × queueSize whatever the file's size, and a failed upload aborts its parts.
 */
export async function uploadFileToS3(
  s3: S3Client,
  bucket: string,
  key: string,
  file: string,
  options: S3UploadOptions = {},
): Promise<void> {
  const total = (await fs.stat(file)).size;
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentType: options.contentType ?? "text/csv",
    },
    partSize: options.partSize ?? partSizeFor(total),
    queueSize: options.queueSize ?? 4,
    leavePartsOnError: false,
  });
  upload.on("httpUploadProgress", (p) => options.onProgress?.({ loaded: p.loaded ?? 0, total }));
  await finishUpload(upload, options.signal);
  options.onProgress?.({ loaded: total, total });
}

/** Waits for a multipart upload; an abort of `signal` aborts it (and its uploaded parts are removed). */
async function finishUpload(upload: Upload, signal: AbortSignal | undefined): Promise<void> {
  const abort = () => void upload.abort();
  signal?.addEventListener("abort", abort, { once: true });
  try {
    await upload.done();
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

/** Copies a file into the local stand-in for S3, reporting progress like the S3 upload does. */
export async function copyFileWithProgress(
  from: string,
  to: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<void> {
  const total = (await fs.stat(from)).size;
  await fs.mkdir(path.dirname(to), { recursive: true });
  let loaded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      loaded += chunk.length;
      onProgress?.({ loaded, total });
      callback(null, chunk);
    },
  });
  const temp = `${to}.${process.pid}.part`;
  await pipeline(createReadStream(from), counter, createWriteStream(temp));
  await fs.rename(temp, to);
  onProgress?.({ loaded: total, total });
}

/**
 * Streams bytes of unknown length (an HTTP request body) to S3 with multipart upload: memory stays at about
 * partSize × queueSize. Returns the bytes written.
 */
export async function uploadStreamToS3(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Readable,
  options: Omit<S3UploadOptions, "onProgress"> & { onProgress?: (loaded: number) => void } = {},
): Promise<number> {
  let loaded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      loaded += chunk.length;
      callback(null, chunk);
    },
  });
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: body.pipe(counter),
      ContentType: options.contentType ?? "text/csv",
    },
    partSize: options.partSize ?? 16 * MiB,
    queueSize: options.queueSize ?? 4,
    leavePartsOnError: false,
  });
  upload.on("httpUploadProgress", () => options.onProgress?.(loaded));
  await finishUpload(upload, options.signal);
  return loaded;
}

/** Streams bytes into the local stand-in for S3 (write, then rename). Returns the bytes written. */
export async function writeStreamToFile(body: Readable, to: string): Promise<number> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  let loaded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      loaded += chunk.length;
      callback(null, chunk);
    },
  });
  const temp = `${to}.${process.pid}.part`;
  try {
    await pipeline(body, counter, createWriteStream(temp));
    await fs.rename(temp, to);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  return loaded;
}
