/**
 * Every default of the component and its resources, in one place. `normalizeArgs` applies them; each
 * argument's `@default` points here. Plain values only, so this module is safe to load anywhere (the dynamic
 * providers' code included).
 */
import { DEFAULT_MODEL_ID } from "agentcore-vpc-platform-contract";

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
} as const;

/** Defaults of the executor tier (`executor` argument and the values the platform fixes). */
export const EXECUTOR_DEFAULTS = {
  cpu: 2048,
  memory: 4096,
  minTasks: 1,
  maxTasks: 4,
  logRetentionDays: 7,
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
