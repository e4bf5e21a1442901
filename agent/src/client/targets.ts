import { type ArtifactRef, runKeys, SESSION_HEADER } from "agentcore-vpc-platform-contract";
import { createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { S3Client } from "@aws-sdk/client-s3";
import { LocalDirStore, type ObjectStore, parseS3Uri, S3Store } from "./store.js";
import { copyFileWithProgress, type UploadProgress, uploadFileToS3 } from "./upload.js";

/** A run, attach or cancel body for /invocations. */
export type InvocationBody =
  { prompt: string; data?: { s3Uri: string }; language?: "ko" | "en" } | { attach: true } | { cancel: true };

/** An invocation the agent refused (400, 409 for a session that is already running, …). */
export class InvokeRefusedError extends Error {
  override name = "InvokeRefusedError";
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** Where invocations go for one session: a deployed runtime (AWS) or a local agent (npm run dev). */
export interface Target {
  readonly sessionId: string;
  /** The data bucket (or its local stand-in): run records, logs, artifacts, inputs. */
  readonly store: ObjectStore;
  /** Sends a body to /invocations and returns the response's SSE byte stream. */
  invoke(body: InvocationBody, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array | string>>;
  /** Puts a local file where the agent can read it (`data/<session>/<name>`); returns its s3:// URI. */
  upload(
    file: string,
    onProgress?: (progress: UploadProgress) => void,
    signal?: AbortSignal,
  ): Promise<string>;
  /** Fetches one artifact to a local file. */
  download(artifact: ArtifactRef, to: string): Promise<void>;
}

export interface AwsTargetOptions {
  readonly arn: string;
  /** The data bucket; needed to upload inputs and download artifacts. */
  readonly bucket: string | undefined;
  readonly sessionId: string;
  /** @default the runtime ARN's region, else the SDK's default */
  readonly region?: string;
}

/** The region inside a bedrock-agentcore runtime ARN. */
export function regionOfArn(arn: string): string | undefined {
  return /^arn:aws[\w-]*:bedrock-agentcore:([\w-]+):/.exec(arn)?.[1];
}

async function downloadFrom(store: ObjectStore, artifact: ArtifactRef, to: string): Promise<void> {
  const { bucket, key } = parseS3Uri(artifact.uri);
  if (bucket !== store.bucket) throw new Error(`${artifact.uri} is not in the data bucket ${store.bucket}`);
  const opened = await store.open(key);
  if (!opened) throw new Error(`${artifact.uri} does not exist`);
  await fs.mkdir(path.dirname(to), { recursive: true });
  await pipeline(opened.body as Readable, createWriteStream(to));
}

function invocationError(status: number | undefined, text: string): InvokeRefusedError {
  let message = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") message = parsed.error;
  } catch {
    // not JSON: keep the text
  }
  return new InvokeRefusedError(
    `the agent refused the invocation${status ? ` (${status})` : ""}: ${message}`,
    status,
  );
}

/** A deployed runtime: InvokeAgentRuntime for the stream, the data bucket for files. */
export function awsTarget(
  options: AwsTargetOptions,
  clients: { agentcore?: BedrockAgentCoreClient; s3?: S3Client } = {},
): Target {
  const region = options.region ?? regionOfArn(options.arn);
  const config = region ? { region } : {};
  const agentcore = clients.agentcore ?? new BedrockAgentCoreClient(config);
  const s3 = clients.s3 ?? new S3Client(config);
  const bucket = options.bucket;
  const needBucket = (): string => {
    if (!bucket) throw new Error("no data bucket: give --stack, --outputs-file or --bucket");
    return bucket;
  };
  return {
    sessionId: options.sessionId,
    get store() {
      return new S3Store(s3, needBucket());
    },
    async invoke(body, signal) {
      try {
        const res = await agentcore.send(
          new InvokeAgentRuntimeCommand({
            agentRuntimeArn: options.arn,
            runtimeSessionId: options.sessionId,
            payload: new TextEncoder().encode(JSON.stringify(body)),
            contentType: "application/json",
            accept: "text/event-stream",
          }),
          signal ? { abortSignal: signal } : {},
        );
        if (!res.response) throw new Error("InvokeAgentRuntime returned no response stream");
        return res.response as AsyncIterable<Uint8Array>;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== undefined && status >= 400 && status < 500)
          throw invocationError(status, (err as Error).message);
        throw err;
      }
    },
    async upload(file, onProgress, signal) {
      const key = runKeys.input(options.sessionId, path.basename(file));
      await uploadFileToS3(s3, needBucket(), key, file, {
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
      });
      return `s3://${needBucket()}/${key}`;
    },
    download: (artifact, to) => downloadFrom(new S3Store(s3, needBucket()), artifact, to),
  };
}

export interface LocalTargetOptions {
  /** The local agent's base URL. */
  url: string;
  /** The folder standing in for S3 (the agent's AGENT_LOCAL_S3_DIR). */
  localS3: string;
  /** The stand-in bucket's name. @default "local" */
  bucket?: string;
  sessionId: string;
}

/** A local agent (npm run dev): POST /invocations, with a folder standing in for S3. */
export function localTarget(options: LocalTargetOptions): Target {
  const store = new LocalDirStore(options.localS3, options.bucket ?? "local");
  return {
    sessionId: options.sessionId,
    store,
    async invoke(body, signal) {
      const res = await fetch(`${options.url.replace(/\/+$/, "")}/invocations`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          [SESSION_HEADER]: options.sessionId,
        },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
      if (!res.ok || !res.body) throw invocationError(res.status, await res.text());
      return res.body as unknown as AsyncIterable<Uint8Array>;
    },
    async upload(file, onProgress) {
      const key = runKeys.input(options.sessionId, path.basename(file));
      await copyFileWithProgress(file, store.file(key), onProgress);
      return store.uri(key);
    },
    download: (artifact, to) => downloadFrom(store, artifact, to),
  };
}
