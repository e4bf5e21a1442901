/**
 * Tunables for waits and retries, read from the environment of the process running the provider
 * (the `pulumi` CLI passes its environment through). Environment rather than resource inputs, so
 * changing a timeout never shows up as a diff on the runtime.
 */
export interface OperationSettings {
  /** First poll interval; later ones grow 1.5x up to {@link maxPollIntervalMs}. @default 2000 (env AGENTCORE_POLL_INTERVAL_MS) */
  pollIntervalMs: number;
  /** Poll interval cap. @default min(15000, 8 x pollIntervalMs) */
  maxPollIntervalMs: number;
  /** Bound on the wait after CreateAgentRuntime. @default 30 min (env AGENTCORE_CREATE_TIMEOUT_MINUTES, else AGENTCORE_TIMEOUT_MINUTES) */
  createTimeoutMs: number;
  /** Bound on the wait after UpdateAgentRuntime. @default 30 min (env AGENTCORE_UPDATE_TIMEOUT_MINUTES, else AGENTCORE_TIMEOUT_MINUTES) */
  updateTimeoutMs: number;
  /** Bound on the wait after DeleteAgentRuntime. @default 30 min (env AGENTCORE_DELETE_TIMEOUT_MINUTES, else AGENTCORE_TIMEOUT_MINUTES) */
  deleteTimeoutMs: number;
  /** Base of the exponential retry backoff. @default 1000 (env AGENTCORE_RETRY_BASE_MS) */
  retryBaseMs: number;
  /** Cap of one retry delay. @default 20000 (env AGENTCORE_RETRY_MAX_DELAY_MS) */
  retryMaxDelayMs: number;
  /** Attempts per API call, first one included. @default 10 (env AGENTCORE_MAX_ATTEMPTS) */
  maxAttempts: number;
}

const MINUTE = 60_000;

function positive(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${key}=${JSON.stringify(raw)} must be a positive number`);
  }
  return value;
}

/**
 * Reads the settings. Minutes may be fractional (tests use e.g. 0.001).
 * @param env the environment to read @default process.env
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): OperationSettings {
  const pollIntervalMs = positive(env, "AGENTCORE_POLL_INTERVAL_MS") ?? 2000;
  const allMinutes = positive(env, "AGENTCORE_TIMEOUT_MINUTES") ?? 30;
  const minutes = (op: string) => (positive(env, `AGENTCORE_${op}_TIMEOUT_MINUTES`) ?? allMinutes) * MINUTE;
  return {
    pollIntervalMs,
    maxPollIntervalMs: Math.max(pollIntervalMs, Math.min(15_000, pollIntervalMs * 8)),
    createTimeoutMs: minutes("CREATE"),
    updateTimeoutMs: minutes("UPDATE"),
    deleteTimeoutMs: minutes("DELETE"),
    retryBaseMs: positive(env, "AGENTCORE_RETRY_BASE_MS") ?? 1000,
    retryMaxDelayMs: positive(env, "AGENTCORE_RETRY_MAX_DELAY_MS") ?? 20_000,
    maxAttempts: Math.floor(positive(env, "AGENTCORE_MAX_ATTEMPTS") ?? 10),
  };
}

/** Formats a duration for messages: "30 min", "45 s", "120 ms". */
export function formatDuration(ms: number): string {
  if (ms >= MINUTE && ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms)} ms`;
}
