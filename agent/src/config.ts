import path from "node:path";
import {
  AGENT_MODEL_ENV,
  AGENT_NAMES,
  type AgentName,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MODEL_ID,
  type InferenceSettings,
  inferenceSettingsProblems,
  PORTS,
  RUNTIME_ENV,
} from "agentcore-vpc-platform-contract";
import { z } from "zod";
import { resolveUserPath } from "./paths.js";
import { DEFAULT_PRICES, priceTable, type PriceTable } from "./prices.js";

/**
 * Prompt caching: `auto` puts Bedrock cache points on the system prompt, the tool specs and the conversation
 * when the model id names a model known to support them (Claude); `on` always; `off` never.
 */
export type PromptCacheMode = "auto" | "on" | "off";

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
  /** Model id per agent. */
  models: Record<AgentName, string>;
  /** Output cap and extended-thinking budget (0: off) per agent, validated against Bedrock's rules. */
  modelSettings: Record<AgentName, InferenceSettings>;
  promptCache: PromptCacheMode;
  /** USD per million tokens by model-id part: the defaults with AGENT_PRICES over them. */
  prices: PriceTable;
  /**
   * Whether the runtime asked for traces (AGENT_OBSERVABILITY_ENABLED). Spans go through OpenTelemetry's
   * global API either way; they leave the process only when a tracer provider is registered (the image's
   * preloaded ADOT distribution), so locally nothing is exported unless asked.
   */
  tracing: boolean;
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
/** Any integer: the range is checked by `inferenceSettingsProblems`, which explains it in Bedrock's terms. */
const tokenCount = z.coerce.number({ error: "must be a number of tokens" }).int("must be an integer");
/** "true" or "false" in any case: what ADOT accepts for the same variable, so both read it alike. */
const flag = z
  .string()
  .regex(/^(true|false)$/i, 'must be "true" or "false"')
  .transform((v) => v.toLowerCase() === "true");

/** AGENT_PRICES: JSON, checked entry by entry. */
const pricesJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `must be JSON (${String(err)})` });
      return z.NEVER;
    }
  })
  .pipe(priceTable);

const modelVariables = Object.fromEntries(
  AGENT_NAMES.flatMap((agent) => [
    [AGENT_MODEL_ENV[agent].model, z.string().min(1).optional()],
    [AGENT_MODEL_ENV[agent].maxTokens, tokenCount.optional()],
    [AGENT_MODEL_ENV[agent].thinkingBudgetTokens, tokenCount.optional()],
  ]),
) as Record<string, z.ZodOptional<z.ZodString> | z.ZodOptional<typeof tokenCount>>;

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
  ...modelVariables,
  [RUNTIME_ENV.observabilityEnabled]: flag.optional(),
  AGENT_PROMPT_CACHE: z.enum(["auto", "on", "off"]).default("auto"),
  AGENT_PRICES: pricesJson.optional(),
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
  const models = agentModels(e);
  // No bucket configured means local mode: the directory stand-in, defaulting beside the working directory.
  // Paths are meant from where the user ran the command (npm's INIT_CWD), not the workspace npm runs in.
  const localS3Dir =
    e.AGENT_LOCAL_S3_DIR !== undefined
      ? resolveUserPath(e.AGENT_LOCAL_S3_DIR, env)
      : e[RUNTIME_ENV.dataBucket] === undefined
        ? path.resolve(".local-s3")
        : undefined;
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
    ...models,
    promptCache: e.AGENT_PROMPT_CACHE,
    prices: { ...DEFAULT_PRICES, ...e.AGENT_PRICES },
    tracing: e[RUNTIME_ENV.observabilityEnabled] ?? false,
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

/** Each agent's model id and settings; every problem of every agent in one ConfigError. */
function agentModels(e: Record<string, unknown>): Pick<AgentConfig, "models" | "modelSettings"> {
  const fallbackModel = (e[RUNTIME_ENV.defaultModel] as string | undefined) ?? DEFAULT_MODEL_ID;
  const models = {} as Record<AgentName, string>;
  const modelSettings = {} as Record<AgentName, InferenceSettings>;
  const problems: string[] = [];
  for (const agent of AGENT_NAMES) {
    const names = AGENT_MODEL_ENV[agent];
    models[agent] = (e[names.model] as string | undefined) ?? fallbackModel;
    const settings: InferenceSettings = {
      maxTokens: (e[names.maxTokens] as number | undefined) ?? DEFAULT_MAX_TOKENS,
      thinkingBudgetTokens: (e[names.thinkingBudgetTokens] as number | undefined) ?? 0,
      // What every stage sends: the planner's plan is a tool the model chooses to call, nothing is forced,
      // so extended thinking is allowed for every agent.
      toolChoice: "auto",
    };
    const variable = { maxTokens: names.maxTokens, thinkingBudgetTokens: names.thinkingBudgetTokens };
    for (const { field, reason } of inferenceSettingsProblems(settings))
      problems.push(`${variable[field as keyof typeof variable] ?? `${agent} ${field}`} ${reason}`);
    modelSettings[agent] = settings;
  }
  if (problems.length) throw new ConfigError(`invalid agent configuration: ${problems.join("; ")}`);
  return { models, modelSettings };
}
