import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Resource limits applied to every session worker (and the bash it starts). */
export interface WorkerLimits {
  /** RLIMIT_AS: address space per worker process. */
  addressSpaceBytes: number;
  /** RLIMIT_NPROC: processes/threads the session may add. */
  processes: number;
  /** RLIMIT_FSIZE: largest file a worker may write. */
  fileSizeBytes: number;
  /** RLIMIT_CPU: cumulative CPU seconds per worker process (the worker is killed beyond it). */
  cpuSeconds: number;
  /** RLIMIT_NOFILE. */
  openFiles: number;
  /** Cap per stream (stdout, stderr) per execution; the rest is dropped and `truncated` is set. */
  outputBytes: number;
}

export interface S3Config {
  region: string;
  /** Custom endpoint (AWS_ENDPOINT_URL_S3); undefined means the SDK default. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  maxObjects: number;
  maxBytes: number;
}

export interface ExecutorConfig {
  host: string;
  port: number;
  python: string;
  preload: string[];
  workDir: string;
  /** Matplotlib's config/font-cache directory (MPLCONFIGDIR); default <workDir>/mplconfig. */
  mplConfigDir: string;
  /** Optional pre-built matplotlib cache (from the image) copied into mplConfigDir at start. */
  mplConfigSeedDir: string | undefined;
  maxSessions: number;
  defaultTimeoutSeconds: number;
  maxTimeoutSeconds: number;
  idleTimeoutSeconds: number;
  drainGraceSeconds: number;
  /** Seconds to wait for a freshly forked worker to connect back. */
  workerStartTimeoutSeconds: number;
  /** Workers forked ahead of need, so creating a session does not wait for a fork (0: none). */
  spareWorkers: number;
  limits: WorkerLimits;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  s3: S3Config;
  /** When set (the server runs as root), session n's worker runs as uid/gid base+n. */
  workerUidBase: number | null;
  version: string;
  logLevel: string;
}

const MiB = 1024 * 1024;

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

/** Debian's interpreter has pandas/matplotlib from apt on dev machines; the image sets EXECUTOR_PYTHON. */
export function defaultPython(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

function uidBase(env: NodeJS.ProcessEnv): number | null {
  const raw = (env.EXECUTOR_WORKER_UID_BASE ?? "auto").trim().toLowerCase();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (raw === "auto") return isRoot ? 61000 : null;
  if (raw === "off" || raw === "none" || raw === "") {
    // Root ignores RLIMIT_NPROC (and every file permission): a fork bomb would have no bound.
    if (isRoot) {
      throw new Error(
        "EXECUTOR_WORKER_UID_BASE=off is refused when the server runs as root: workers must drop to an " +
          "unprivileged uid (root is exempt from the process-count limit); run the server as a non-root user instead",
      );
    }
    return null;
  }
  const value = num(env, "EXECUTOR_WORKER_UID_BASE", 0, 1);
  if (!isRoot) throw new Error("EXECUTOR_WORKER_UID_BASE needs the server to run as root");
  return value;
}

/** Reads the configuration from environment variables (all optional; see README "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ExecutorConfig {
  const defaultTimeoutSeconds = num(env, "EXECUTOR_DEFAULT_TIMEOUT_SECONDS", 300, 1);
  const maxTimeoutSeconds = num(env, "EXECUTOR_MAX_TIMEOUT_SECONDS", 3600, 1);
  if (defaultTimeoutSeconds > maxTimeoutSeconds) {
    throw new Error("EXECUTOR_DEFAULT_TIMEOUT_SECONDS must not exceed EXECUTOR_MAX_TIMEOUT_SECONDS");
  }
  const workDir = env.EXECUTOR_WORK_DIR?.trim() || path.join(os.tmpdir(), "executor");
  const endpoint = env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
  return {
    host: env.HOST?.trim() || "0.0.0.0",
    port: num(env, "PORT", 8080),
    python: env.EXECUTOR_PYTHON?.trim() || defaultPython(),
    preload: (env.EXECUTOR_PRELOAD ?? "numpy,pandas,matplotlib,matplotlib.pyplot")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    workDir,
    mplConfigDir: env.MPLCONFIGDIR?.trim() || path.join(workDir, "mplconfig"),
    mplConfigSeedDir: env.EXECUTOR_MPLCONFIG_SEED?.trim() || undefined,
    maxSessions: num(env, "EXECUTOR_MAX_SESSIONS", 64, 1),
    defaultTimeoutSeconds,
    maxTimeoutSeconds,
    idleTimeoutSeconds: num(env, "EXECUTOR_SESSION_IDLE_SECONDS", 1800, 1),
    drainGraceSeconds: num(env, "EXECUTOR_DRAIN_GRACE_SECONDS", 25, 0),
    workerStartTimeoutSeconds: num(env, "EXECUTOR_WORKER_START_TIMEOUT_SECONDS", 15, 1),
    spareWorkers: num(env, "EXECUTOR_SPARE_WORKERS", 2, 0),
    limits: {
      addressSpaceBytes: num(env, "EXECUTOR_MEMORY_LIMIT_MB", 2048, 64) * MiB,
      processes: num(env, "EXECUTOR_MAX_PROCESSES", 64, 1),
      fileSizeBytes: num(env, "EXECUTOR_MAX_FILE_MB", 1024, 1) * MiB,
      cpuSeconds: num(env, "EXECUTOR_CPU_SECONDS", 3600, 1),
      openFiles: num(env, "EXECUTOR_MAX_OPEN_FILES", 1024, 16),
      outputBytes: num(env, "EXECUTOR_MAX_OUTPUT_BYTES", MiB, 1024),
    },
    bodyLimitBytes: num(env, "EXECUTOR_MAX_BODY_BYTES", 2 * MiB, 1024),
    uploadLimitBytes: num(env, "EXECUTOR_MAX_UPLOAD_MB", 256, 1) * MiB,
    s3: {
      region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || "us-east-1",
      endpoint,
      forcePathStyle: bool(env, "EXECUTOR_S3_FORCE_PATH_STYLE", endpoint !== undefined),
      maxObjects: num(env, "EXECUTOR_S3_MAX_OBJECTS", 1000, 1),
      maxBytes: num(env, "EXECUTOR_S3_MAX_MB", 2048, 1) * MiB,
    },
    workerUidBase: uidBase(env),
    version: env.EXECUTOR_VERSION?.trim() || packageVersion(),
    logLevel: env.LOG_LEVEL?.trim() || "info",
  };
}
