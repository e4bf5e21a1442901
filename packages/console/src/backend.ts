import { runKeys } from "agentcore-vpc-platform-contract";
import type { Readable } from "node:stream";
import { BedrockAgentCoreClient } from "@aws-sdk/client-bedrock-agentcore";
import { S3Client } from "@aws-sdk/client-s3";
import {
  awsTarget,
  LocalDirStore,
  localTarget,
  type ObjectStore,
  regionOfArn,
  S3Store,
  type Target,
  uploadStreamToS3,
  writeStreamToFile,
} from "agent/client";

/** Where the console's runs happen: a local agent with its folder, or a deployed runtime with its bucket. */
export interface Backend {
  /** Shown in the page header. */
  readonly label: string;
  readonly mode: "local" | "aws";
  /** Run records, logs and artifacts. */
  readonly store: ObjectStore;
  target(sessionId: string): Target;
  /** Stores an uploaded input for a session (`data/<session>/<name>`); returns its s3:// URI and size. */
  putInput(sessionId: string, name: string, body: Readable): Promise<{ uri: string; size: number }>;
}

export function localBackend(options: { agentUrl: string; localS3: string; bucket?: string }): Backend {
  const bucket = options.bucket ?? "local";
  const store = new LocalDirStore(options.localS3, bucket);
  return {
    label: `local agent ${options.agentUrl}`,
    mode: "local",
    store,
    target: (sessionId) =>
      localTarget({ url: options.agentUrl, localS3: options.localS3, bucket, sessionId }),
    async putInput(sessionId, name, body) {
      const key = runKeys.input(sessionId, name);
      const size = await writeStreamToFile(body, store.file(key));
      return { uri: store.uri(key), size };
    },
  };
}

export interface AwsBackendOptions {
  arn: string;
  bucket: string;
  region?: string;
  /** Shown in the page header, e.g. "stack dev". */
  label?: string;
}

/** A deployed stack: the user's AWS credentials stay in this process, the browser only talks to it. */
export function awsBackend(
  options: AwsBackendOptions,
  clients: { agentcore?: BedrockAgentCoreClient; s3?: S3Client } = {},
): Backend {
  const region = options.region ?? regionOfArn(options.arn);
  const config = region ? { region } : {};
  const agentcore = clients.agentcore ?? new BedrockAgentCoreClient(config);
  const s3 = clients.s3 ?? new S3Client(config);
  return {
    label: options.label ?? `runtime ${options.arn}`,
    mode: "aws",
    store: new S3Store(s3, options.bucket),
    target: (sessionId) =>
      awsTarget({ arn: options.arn, bucket: options.bucket, sessionId }, { agentcore, s3 }),
    async putInput(sessionId, name, body) {
      const key = runKeys.input(sessionId, name);
      const size = await uploadStreamToS3(s3, options.bucket, key, body);
      return { uri: `s3://${options.bucket}/${key}`, size };
    },
  };
}
