import { type ArtifactRef, SESSION_HEADER } from "agentcore-vpc-platform-contract";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/** Where an invocation goes: a deployed runtime (AWS) or a local agent (npm run dev). */
export interface Target {
  /** Sends the payload and returns the response's SSE byte stream. */
  events(payload: Uint8Array): Promise<AsyncIterable<Uint8Array | string>>;
  /** Puts a local file where the agent can read it; returns its s3:// URI. */
  upload(file: string): Promise<string>;
  /** Fetches one artifact to a local file. */
  download(artifact: ArtifactRef, to: string): Promise<void>;
}

export interface AwsTargetOptions {
  readonly arn: string;
  /** The data bucket; needed only to upload a local file. */
  readonly bucket: string | undefined;
  readonly sessionId: string;
  /** @default the runtime ARN's region, else the SDK's default */
  readonly region?: string;
}

/** The region inside a bedrock-agentcore runtime ARN. */
export function regionOfArn(arn: string): string | undefined {
  return /^arn:aws[\w-]*:bedrock-agentcore:([\w-]+):/.exec(arn)?.[1];
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
  return {
    async events(payload) {
      const res = await agentcore.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: options.arn,
          runtimeSessionId: options.sessionId,
          payload,
          contentType: "application/json",
          accept: "text/event-stream",
        }),
      );
      if (!res.response) throw new Error("InvokeAgentRuntime returned no response stream");
      return res.response as AsyncIterable<Uint8Array>;
    },
    async upload(file) {
      if (!options.bucket) throw new Error("no data bucket: give --stack, --outputs-file or --bucket");
      const key = `data/${options.sessionId}/${path.basename(file)}`;
      await s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: readFileSync(file),
          ContentType: "text/csv",
        }),
      );
      return `s3://${options.bucket}/${key}`;
    },
    async download(artifact, to) {
      const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(artifact.uri);
      if (!m) throw new Error(`not an s3 uri: ${artifact.uri}`);
      const res = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
      if (!res.Body) throw new Error(`${artifact.uri} has no body`);
      writeFileSync(to, await res.Body.transformToByteArray());
    },
  };
}

/** A local agent (npm run dev): POST /invocations, with a folder standing in for S3. */
export function localTarget(options: { url: string; localS3: string; sessionId: string }): Target {
  const local = (uri: string) => path.join(options.localS3, ...uri.replace(/^s3:\/\//, "").split("/"));
  return {
    async events(payload) {
      const res = await fetch(`${options.url.replace(/\/+$/, "")}/invocations`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          [SESSION_HEADER]: options.sessionId,
        },
        body: payload,
      });
      if (!res.ok || !res.body) throw new Error(`invoke failed: ${res.status} ${await res.text()}`);
      return res.body as unknown as AsyncIterable<Uint8Array>;
    },
    async upload(file) {
      const uri = `s3://local/data/${options.sessionId}/${path.basename(file)}`;
      mkdirSync(path.dirname(local(uri)), { recursive: true });
      copyFileSync(file, local(uri));
      return uri;
    },
    async download(artifact, to) {
      copyFileSync(local(artifact.uri), to);
    },
  };
}
