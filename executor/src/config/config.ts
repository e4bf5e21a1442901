import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXECUTOR_ENV } from "agentcore-vpc-platform-contract";
import { booleanFrom, numberFrom, stringFrom } from "./env-values";
import { detectTaskMemory } from "./task-memory";

/** Resource limits applied to every process of a session (worker, bash, helpers). */
export interface WorkerLimits {
  /** RLIMIT_AS: address space per process. @default 2048 MiB (EXECUTOR_MEMORY_LIMIT_MB) */
  addressSpaceBytes: number;
  /** RLIMIT_NPROC: processes and threads of the session. @default 64 (EXECUTOR_MAX_PROCESSES) */
  processes: number;
  /** RLIMIT_FSIZE: the largest file a session may write; always the session's disk budget. */
  fileSizeBytes: number;
  /** RLIMIT_CPU: CPU seconds per process (it is killed beyond). @default 3600 (EXECUTOR_CPU_SECONDS) */
  cpuSeconds: number;
  /** RLIMIT_NOFILE. @default 1024 (EXECUTOR_MAX_OPEN_FILES) */
  openFiles: number;
  /** Kept per stream per execution; the rest is dropped. @default 1 MiB (EXECUTOR_MAX_OUTPUT_BYTES) */
  outputBytes: number;
}

/** What the server enforces on each session by watching /proc and the session folders. */
export interface SessionBudgets {
  /** Sum of the PSS of the session's processes. @default half the task memory (EXECUTOR_SESSION_MEMORY_MB) */
  memoryBytes: number;
  /** Session folder plus its TMPDIR, in bytes on disk. @default 5120 MiB (EXECUTOR_SESSION_DISK_MB) */
  diskBytes: number;
  /** Entries in those folders (each costs the disk check a syscall). @default 50000 (EXECUTOR_SESSION_MAX_FILES) */
  files: number;
  /** The task's memory; above 90 % of it the largest session is stopped. @default see detectTaskMemory */
  taskMemoryBytes: number;
  /** How often budgets are checked, in ms (at most 500). @default 250 (EXECUTOR_BUDGET_POLL_MS) */
  pollMs: number;
}

export interface S3Config {
  /** @default us-east-1 (AWS_REGION) */
  region: string;
  /** Custom endpoint (AWS_ENDPOINT_URL_S3); undefined means the SDK default. */
  endpoint: string | undefined;
  /** @default true when an endpoint is set (EXECUTOR_S3_FORCE_PATH_STYLE) */
  forcePathStyle: boolean;
  /** The only bucket sessions may sync with (DATA_BUCKET); undefined: sync answers 503. */
  bucket: string | undefined;
  /** Objects per sync call. @default 1000 (EXECUTOR_S3_MAX_OBJECTS) */
  maxObjects: number;
  /** Bytes per sync call. @default 8192 MiB (EXECUTOR_S3_MAX_MB) */
  maxBytes: number;
}

export interface ExecutorConfig {
  /** @default 0.0.0.0 (HOST) */
  host: string;
  /** @default 8080 (PORT) */
  port: number;
  /** @default /usr/bin/python3 if present, else python3 (EXECUTOR_PYTHON) */
  python: string;
  /** @default numpy, pandas, matplotlib, matplotlib.pyplot (EXECUTOR_PRELOAD) */
  preload: string[];
  /** @default $TMPDIR/executor (EXECUTOR_WORK_DIR) */
  workDir: string;
  /** Matplotlib's config and font cache. @default <workDir>/mplconfig (MPLCONFIGDIR) */
  mplConfigDir: string;
  /** A pre-built matplotlib cache (the image's) copied into mplConfigDir at start (EXECUTOR_MPLCONFIG_SEED). */
  mplConfigSeedDir: string | undefined;
  /** @default 64 (EXECUTOR_MAX_SESSIONS) */
  maxSessions: number;
  /** @default 300 (EXECUTOR_DEFAULT_TIMEOUT_SECONDS) */
  defaultTimeoutSeconds: number;
  /** @default 3600 (EXECUTOR_MAX_TIMEOUT_SECONDS) */
  maxTimeoutSeconds: number;
  /** Sessions without a request for this long are deleted. @default 1800 (EXECUTOR_SESSION_IDLE_SECONDS) */
  idleTimeoutSeconds: number;
  /** Sessions are deleted this long after creation. @default 28800 (EXECUTOR_SESSION_MAX_LIFETIME_SECONDS) */
  maxLifetimeSeconds: number;
  /** @default 25 (EXECUTOR_DRAIN_GRACE_SECONDS) */
  drainGraceSeconds: number;
  /** How long a new worker may take to connect. @default 15 (EXECUTOR_WORKER_START_TIMEOUT_SECONDS) */
  workerStartTimeoutSeconds: number;
  /** Warm workers forked ahead of need. @default 2 (EXECUTOR_SPARE_WORKERS) */
  spareWorkers: number;
  limits: WorkerLimits;
  budgets: SessionBudgets;
  /** JSON request bodies. @default 2 MiB (EXECUTOR_MAX_BODY_BYTES) */
  bodyLimitBytes: number;
  /** `PUT …/files/…`. @default 256 MiB (EXECUTOR_MAX_UPLOAD_MB) */
  uploadLimitBytes: number;
  s3: S3Config;
  /** Session n runs as uid/gid base+n when the server is root. @default 61000 as root (EXECUTOR_WORKER_UID_BASE) */
  workerUidBase: number | null;
  /** @default the package version (EXECUTOR_VERSION) */
  version: string;
  /** @default info (LOG_LEVEL) */
  logLevel: string;
}

const MiB = 1024 * 1024;

/** Debian's interpreter has pandas/matplotlib from apt on dev machines; the image sets EXECUTOR_PYTHON. */
export function defaultPython(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function packageVersion(): string {
  try {
    const file = path.join(__dirname, "..", "..", "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

function uidBase(env: NodeJS.ProcessEnv, isRoot: boolean): number | null {
  const raw = (env.EXECUTOR_WORKER_UID_BASE ?? "auto").trim().toLowerCase();
  if (raw === "auto") return isRoot ? 61000 : null;
  if (raw === "off" || raw === "none" || raw === "") {
    // Root ignores RLIMIT_NPROC and every file permission: sessions would be neither bounded nor apart.
    if (isRoot) {
      throw new Error(
        "EXECUTOR_WORKER_UID_BASE=off is refused when the server runs as root: every session must run under " +
          "its own unprivileged uid",
      );
    }
    return null;
  }
  const value = numberFrom(env, "EXECUTOR_WORKER_UID_BASE", 0, 1);
  if (!isRoot) throw new Error("EXECUTOR_WORKER_UID_BASE needs the server to run as root");
  return value;
}

function budgetsFrom(env: NodeJS.ProcessEnv): SessionBudgets {
  const taskMb = numberFrom(env, EXECUTOR_ENV.taskMemoryMb, 0, 0);
  const taskMemoryBytes = taskMb > 0 ? taskMb * MiB : detectTaskMemory();
  const pollMs = numberFrom(env, "EXECUTOR_BUDGET_POLL_MS", 250, 20);
  if (pollMs > 500) throw new Error("EXECUTOR_BUDGET_POLL_MS must be at most 500");
  return {
    memoryBytes: Math.floor(
      numberFrom(env, "EXECUTOR_SESSION_MEMORY_MB", taskMemoryBytes / 2 / MiB, 16) * MiB,
    ),
    diskBytes: numberFrom(env, "EXECUTOR_SESSION_DISK_MB", 5120, 1) * MiB,
    files: numberFrom(env, "EXECUTOR_SESSION_MAX_FILES", 50_000, 16),
    taskMemoryBytes,
    pollMs,
  };
}

/** Reads the configuration from environment variables (all optional; see README "Configuration"). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  isRoot = process.getuid?.() === 0,
): ExecutorConfig {
  const defaultTimeoutSeconds = numberFrom(env, "EXECUTOR_DEFAULT_TIMEOUT_SECONDS", 300, 1);
  const maxTimeoutSeconds = numberFrom(env, "EXECUTOR_MAX_TIMEOUT_SECONDS", 3600, 1);
  if (defaultTimeoutSeconds > maxTimeoutSeconds) {
    throw new Error("EXECUTOR_DEFAULT_TIMEOUT_SECONDS must not exceed EXECUTOR_MAX_TIMEOUT_SECONDS");
  }
  const workDir = stringFrom(env, EXECUTOR_ENV.workDir) ?? path.join(os.tmpdir(), "executor");
  const endpoint = stringFrom(env, "AWS_ENDPOINT_URL_S3") ?? stringFrom(env, "AWS_ENDPOINT_URL");
  const budgets = budgetsFrom(env);
  return {
    host: stringFrom(env, "HOST") ?? "0.0.0.0",
    port: numberFrom(env, EXECUTOR_ENV.port, 8080),
    python: stringFrom(env, "EXECUTOR_PYTHON") ?? defaultPython(),
    preload: (env.EXECUTOR_PRELOAD ?? "numpy,pandas,matplotlib,matplotlib.pyplot")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    workDir,
    mplConfigDir: stringFrom(env, "MPLCONFIGDIR") ?? path.join(workDir, "mplconfig"),
    mplConfigSeedDir: stringFrom(env, "EXECUTOR_MPLCONFIG_SEED"),
    maxSessions: numberFrom(env, "EXECUTOR_MAX_SESSIONS", 64, 1),
    defaultTimeoutSeconds,
    maxTimeoutSeconds,
    idleTimeoutSeconds: numberFrom(env, "EXECUTOR_SESSION_IDLE_SECONDS", 1800, 1),
    maxLifetimeSeconds: numberFrom(env, "EXECUTOR_SESSION_MAX_LIFETIME_SECONDS", 8 * 3600, 1),
    drainGraceSeconds: numberFrom(env, EXECUTOR_ENV.drainGraceSeconds, 25, 0),
    workerStartTimeoutSeconds: numberFrom(env, "EXECUTOR_WORKER_START_TIMEOUT_SECONDS", 15, 1),
    spareWorkers: numberFrom(env, "EXECUTOR_SPARE_WORKERS", 2, 0),
    limits: {
      addressSpaceBytes: numberFrom(env, "EXECUTOR_MEMORY_LIMIT_MB", 2048, 64) * MiB,
      processes: numberFrom(env, "EXECUTOR_MAX_PROCESSES", 64, 1),
      fileSizeBytes: budgets.diskBytes,
      cpuSeconds: numberFrom(env, "EXECUTOR_CPU_SECONDS", 3600, 1),
      openFiles: numberFrom(env, "EXECUTOR_MAX_OPEN_FILES", 1024, 16),
      outputBytes: numberFrom(env, "EXECUTOR_MAX_OUTPUT_BYTES", MiB, 1024),
    },
    budgets,
    bodyLimitBytes: numberFrom(env, "EXECUTOR_MAX_BODY_BYTES", 2 * MiB, 1024),
    uploadLimitBytes: numberFrom(env, "EXECUTOR_MAX_UPLOAD_MB", 256, 1) * MiB,
    s3: {
      region: stringFrom(env, EXECUTOR_ENV.region) ?? stringFrom(env, "AWS_DEFAULT_REGION") ?? "us-east-1",
      endpoint,
      forcePathStyle: booleanFrom(env, "EXECUTOR_S3_FORCE_PATH_STYLE", endpoint !== undefined),
      bucket: stringFrom(env, EXECUTOR_ENV.dataBucket),
      maxObjects: numberFrom(env, "EXECUTOR_S3_MAX_OBJECTS", 1000, 1),
      maxBytes: numberFrom(env, "EXECUTOR_S3_MAX_MB", 8192, 1) * MiB,
    },
    workerUidBase: uidBase(env, isRoot),
    version: stringFrom(env, "EXECUTOR_VERSION") ?? packageVersion(),
    logLevel: stringFrom(env, "LOG_LEVEL") ?? "info",
  };
}
