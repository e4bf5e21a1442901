import path from "node:path";
import { DEFAULT_MODEL_ID, PORTS, RUNTIME_ENV } from "agentcore-vpc-platform-contract";
import { z } from "zod";
import { resolveUserPath } from "./paths.js";

/** Everything the agent reads from its environment, parsed once at start-up. */
export interface AgentConfig {
  port: number;
  host: string;
  /** Base URL of the executor (the internal ALB in AWS, a local server in dev mode). */
  executorUrl: string;
  /** Where artifacts go: s3://<bucket>/sessions/<id>/artifacts/. */
  dataBucket: string;
  /**
   * When set, a local directory stands in for S3: s3://<bucket>/<key> is <localS3Dir>/<bucket>/<key>, data
   * is uploaded into the executor session and artifacts are downloaded from it (no S3 calls at all).
   */
  localS3Dir: string | undefined;
  region: string;
  models: { coder: string; validator: string; reporter: string };
  /** Path of a scripted-model file: replays recorded model turns instead of calling Bedrock. */
  scriptedModelPath: string | undefined;
  heartbeatMs: number;
  maxRunMs: number;
  executionTimeoutSeconds: number;
  /** Characters of tool output fed back to the model. */
  toolOutputMaxChars: number;
  /** Characters of tool input/output carried by a stream event. */
  eventOutputMaxChars: number;
  maxRevisions: number;
  retry: { maxAttempts: number; baseMs: number; maxMs: number };
  logLevel: string;
}

/** The longest gap between heartbeats the contract allows (the issue: at least every 15 s). */
export const MAX_HEARTBEAT_MS = 15_000;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment the agent reads, by variable name. */
export const envSchema = z.object({
  PORT: int(0, 65535).default(PORTS.agent),
  HOST: z.string().min(1).default("0.0.0.0"),
  // What the component sets on the runtime (RUNTIME_ENV); a test checks every name is read here.
  [RUNTIME_ENV.executorUrl]: z
    .url({ protocol: /^https?$/, error: `${RUNTIME_ENV.executorUrl} must be an http(s) URL` })
    .optional(),
  [RUNTIME_ENV.dataBucket]: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, `${RUNTIME_ENV.dataBucket} must be an S3 bucket name`)
    .optional(),
  [RUNTIME_ENV.region]: z.string().min(1).optional(),
  [RUNTIME_ENV.defaultModel]: z.string().min(1).optional(),
  [RUNTIME_ENV.coderModel]: z.string().min(1).optional(),
  [RUNTIME_ENV.validatorModel]: z.string().min(1).optional(),
  [RUNTIME_ENV.reporterModel]: z.string().min(1).optional(),
  AGENT_LOCAL_S3_DIR: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AGENT_SCRIPTED_MODEL: z.string().min(1).optional(),
  AGENT_HEARTBEAT_MS: int(10, MAX_HEARTBEAT_MS).default(10_000),
  AGENT_MAX_RUN_SECONDS: int(1, 8 * 3600).default(3600),
  AGENT_EXECUTION_TIMEOUT_SECONDS: int(1, 3600).default(300),
  AGENT_TOOL_OUTPUT_MAX_CHARS: int(200, 200_000).default(8_000),
  AGENT_EVENT_OUTPUT_MAX_CHARS: int(100, 100_000).default(2_000),
  AGENT_MAX_REVISIONS: int(0, 5).default(1),
  AGENT_RETRY_MAX_ATTEMPTS: int(1, 20).default(6),
  AGENT_RETRY_BASE_MS: int(1, 60_000).default(1_000),
  AGENT_RETRY_MAX_MS: int(1, 600_000).default(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid agent configuration: ${problems}`);
  }
  const e = parsed.data;
  // No bucket configured means local mode: the directory stand-in, defaulting beside the working directory.
  // Paths are meant from where the user ran the command (npm's INIT_CWD), not the workspace npm runs in.
  const localS3Dir =
    e.AGENT_LOCAL_S3_DIR !== undefined
      ? resolveUserPath(e.AGENT_LOCAL_S3_DIR, env)
      : e[RUNTIME_ENV.dataBucket] === undefined
        ? path.resolve(".local-s3")
        : undefined;
  const fallbackModel = e[RUNTIME_ENV.defaultModel] ?? DEFAULT_MODEL_ID;
  return {
    port: e.PORT,
    host: e.HOST,
    executorUrl: (e[RUNTIME_ENV.executorUrl] ?? `http://127.0.0.1:${PORTS.localExecutor}`).replace(
      /\/+$/,
      "",
    ),
    dataBucket: e[RUNTIME_ENV.dataBucket] ?? "local",
    localS3Dir,
    region: e[RUNTIME_ENV.region] ?? e.AWS_DEFAULT_REGION ?? "us-east-1",
    models: {
      coder: e[RUNTIME_ENV.coderModel] ?? fallbackModel,
      validator: e[RUNTIME_ENV.validatorModel] ?? fallbackModel,
      reporter: e[RUNTIME_ENV.reporterModel] ?? fallbackModel,
    },
    scriptedModelPath: e.AGENT_SCRIPTED_MODEL ? resolveUserPath(e.AGENT_SCRIPTED_MODEL, env) : undefined,
    heartbeatMs: e.AGENT_HEARTBEAT_MS,
    maxRunMs: e.AGENT_MAX_RUN_SECONDS * 1000,
    executionTimeoutSeconds: e.AGENT_EXECUTION_TIMEOUT_SECONDS,
    toolOutputMaxChars: e.AGENT_TOOL_OUTPUT_MAX_CHARS,
    eventOutputMaxChars: e.AGENT_EVENT_OUTPUT_MAX_CHARS,
    maxRevisions: e.AGENT_MAX_REVISIONS,
    retry: {
      maxAttempts: e.AGENT_RETRY_MAX_ATTEMPTS,
      baseMs: e.AGENT_RETRY_BASE_MS,
      maxMs: Math.max(e.AGENT_RETRY_MAX_MS, e.AGENT_RETRY_BASE_MS),
    },
    logLevel: e.LOG_LEVEL,
  };
}
