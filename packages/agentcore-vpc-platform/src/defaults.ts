/**
 * Every default of the component and its resources, in one place. `normalizeArgs` applies them; each
 * argument's `@default` points here. Plain values only, so this module is safe to load anywhere (the dynamic
 * providers' code included).
 */
import { DEFAULT_MAX_TOKENS, DEFAULT_MODEL_ID } from "agentcore-vpc-platform-contract";

/** Defaults of {@link AgentCoreVpcPlatformArgs} at the top level and under `network`. */
export const PLATFORM_DEFAULTS = {
  cidrBlock: "10.0.0.0/16",
  availabilityZoneCount: 2,
  natGateways: "single",
  /** The VPC, private subnets and runtime security group outlive a destroy (runtime ENIs linger up to 8 h). */
  retainNetworkOnDelete: true,
  /** Bedrock model of every agent without its own. */
  model: DEFAULT_MODEL_ID,
  retainDataOnDelete: false,
  /** Days every log group of the platform keeps events (the executor's, and the runtime's it adopts). */
  logRetentionDays: 7,
} as const;

/** Defaults of each agent's inference settings (`models.maxTokens`, `models.thinkingBudgetTokens`). */
export const MODEL_DEFAULTS = {
  /** Output tokens per model call. */
  maxTokens: DEFAULT_MAX_TOKENS,
  /** Extended thinking off. */
  thinkingBudgetTokens: 0,
} as const;

/** Defaults of the `observability` argument and the fixed settings of the dashboard and alarms. */
export const OBSERVABILITY_DEFAULTS = {
  /** The agent exports OpenTelemetry spans to AgentCore observability (X-Ray, CloudWatch). */
  traces: true,
  alarmEmails: [] as readonly string[],
  /** Seconds per datapoint of every alarm: AgentCore batches its metrics per minute. */
  alarmPeriodSeconds: 60,
  /** An alarm looks at this many datapoints... */
  alarmEvaluationPeriods: 5,
  /** ...and fires when this many of them breach (so one bad minute is not a page). */
  alarmDatapointsToAlarm: 3,
  /** Percent of the ALB's requests answered with a 5xx (by the ALB or by a task) that is an incident. */
  http5xxRatePercent: 5,
  /** AgentCore server-side errors (SystemErrors) per minute that breach. */
  runtimeSystemErrors: 1,
  /** Seconds per datapoint on the dashboard. */
  dashboardPeriodSeconds: 60,
} as const;

/** Defaults of the `audit` argument: all off, so a stack stays destroyable in one run; prod turns them on. */
export const AUDIT_DEFAULTS = {
  albAccessLogs: false,
  albDeletionProtection: false,
  dataBucketAccessLogs: false,
  /** Days access logs stay in the log bucket. */
  logExpirationDays: 365,
  /** Key prefixes in the log bucket. */
  albLogPrefix: "alb",
  dataBucketLogPrefix: "s3/data/",
  /** The only default encryption ALB access logs accept (SSE-S3). */
  encryption: "AES256",
} as const;

/** Defaults of the executor tier (`executor` argument and the values the platform fixes). */
export const EXECUTOR_DEFAULTS = {
  cpu: 2048,
  memory: 4096,
  minTasks: 1,
  maxTasks: 4,
  /** Fargate task storage for the image, session folders and input data (1 GB inputs and their work files). */
  ephemeralStorageGiB: 50,
  /** Seconds between SIGTERM and SIGKILL; Fargate allows at most 120. */
  stopTimeoutSeconds: 120,
  /** Lifetime of the ALB stickiness cookie that keeps a session on its task. */
  stickinessSeconds: 86400,
  /** Target of the ALBRequestCountPerTarget scaling policy (requests per task per minute). */
  requestsPerTarget: 100,
  /** Target of the average-CPU scaling policy (percent). */
  cpuTargetPercent: 60,
} as const;

/** Defaults of the data bucket (`dataBucket` argument). */
export const DATA_BUCKET_DEFAULTS = {
  versioning: false,
  sessionExpirationDays: 30,
  /** Default encryption with S3-managed keys. */
  encryption: "AES256",
} as const;

/** Defaults of the ECR repositories the images are pushed to. */
export const ECR_IMAGE_DEFAULTS = {
  dockerfile: "Dockerfile",
  /** Images a repository keeps; older ones expire. */
  keepImages: 20,
} as const;

/** Defaults of {@link AgentCoreRuntimeArgs} (AgentCore's own, made explicit so every request is complete). */
export const RUNTIME_DEFAULTS = {
  protocol: "HTTP",
  /** Seconds an idle session lives (AgentCore's default), clamped to `maxLifetime`. */
  idleRuntimeSessionTimeout: 900,
  /** Seconds a session instance lives at most (AgentCore's default and maximum). */
  maxLifetime: 28800,
} as const;

/** Defaults of {@link SweepMarkerArgs}. */
export const SWEEP_MARKER_DEFAULTS = {
  /** AWS documents that a deleted runtime's ENIs may stay "for up to 8 hours". */
  lingerHours: 8,
} as const;

/**
 * Tunables of the runtime provider's waits and retries, read from the environment of the process running
 * the provider (see `readSettings`), so changing a timeout never shows up as a diff on the runtime.
 */
export const RUNTIME_OPERATION_DEFAULTS = {
  pollIntervalMs: 2000,
  /** The poll interval grows 1.5× up to min(this, 8 × pollIntervalMs). */
  maxPollIntervalMs: 15_000,
  timeoutMinutes: 30,
  retryBaseMs: 1000,
  retryMaxDelayMs: 20_000,
  maxAttempts: 10,
} as const;
