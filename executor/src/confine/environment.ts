/**
 * The environment of the Python side, built from an allow list: the server's own environment holds the task
 * role's credentials (AWS_*, the ECS credentials URI), the data bucket's name and whatever else the platform
 * sets, and none of it may reach code a session runs.
 */

/** Variables passed through by name. */
export const ALLOWED_NAMES: ReadonlySet<string> = new Set([
  "PATH",
  "LANG",
  "LANGUAGE",
  "TZ",
  "MPLBACKEND",
  "OMP_NUM_THREADS",
  "MKL_NUM_THREADS",
  "NUMEXPR_NUM_THREADS",
  "NUMEXPR_MAX_THREADS",
  "VECLIB_MAXIMUM_THREADS",
]);

/** Variables passed through by prefix: the interpreter's, the BLAS library's, the locale's. */
export const ALLOWED_PREFIXES: readonly string[] = ["PYTHON", "OPENBLAS_", "LC_"];

export function isAllowed(name: string): boolean {
  return ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** The allowed subset of an environment. */
export function allowedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && isAllowed(name)) out[name] = value;
  return out;
}

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The zygote's environment: the allowed part of the server's, plus what the Python side needs. HOME and
 * TMPDIR point at a folder only the server's user can use; every session gets its own.
 */
export function zygoteEnvironment(
  serverEnv: NodeJS.ProcessEnv,
  paths: { home: string; mplConfigDir: string },
): Record<string, string> {
  const allowed = allowedEnvironment(serverEnv);
  return {
    PATH: DEFAULT_PATH,
    LANG: "C.UTF-8",
    OPENBLAS_NUM_THREADS: "1",
    OMP_NUM_THREADS: "1",
    MKL_NUM_THREADS: "1",
    ...allowed,
    MPLBACKEND: "Agg",
    MPLCONFIGDIR: paths.mplConfigDir,
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONUNBUFFERED: "1",
    HOME: paths.home,
    TMPDIR: paths.home,
  };
}

/** A session's environment: the zygote's, with the session's own private HOME and TMPDIR. */
export function sessionEnvironment(
  zygoteEnv: Record<string, string>,
  session: { id: string; dir: string; tmpDir: string },
): Record<string, string> {
  return {
    ...zygoteEnv,
    HOME: session.tmpDir,
    TMPDIR: session.tmpDir,
    PWD: session.dir,
    EXECUTOR_SESSION_ID: session.id,
    EXECUTOR_SESSION_DIR: session.dir,
  };
}
