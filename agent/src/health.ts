import type { AgentEvent } from "agentcore-vpc-platform-contract";
import type { AgentConfig } from "./config.js";
import { EventSealer } from "./events.js";

/** How long the executor may take to answer /health before the check reports it degraded. */
export const HEALTH_CHECK_TIMEOUT_MS = 5_000;

export interface ExecutorProbe {
  url: string;
  httpStatus: number | null;
  durationMs: number;
  /** Why the executor is not usable; absent when it answered 200. */
  error?: string;
}

/** GET <executor>/health: used by the health-check invocation and before every run's first model call. */
export async function probeExecutor(
  executorUrl: string,
  timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS,
): Promise<ExecutorProbe> {
  const started = Date.now();
  let httpStatus: number | null = null;
  let error: string | undefined;
  try {
    const response = await fetch(`${executorUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    httpStatus = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `executor answered ${response.status}`;
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code;
    error = `executor unreachable: ${(err as Error).message}${cause ? ` (${cause})` : ""}`;
  }
  const probe = { url: executorUrl, httpStatus, durationMs: Date.now() - started };
  return error ? { ...probe, error } : probe;
}

/**
 * Answers a health-check invocation with one `health` event: the executor's /health through EXECUTOR_URL.
 * "degraded" (not an error) when it does not answer, so the caller sees the runtime itself is up.
 */
export async function* runHealthCheck(
  config: Pick<AgentConfig, "executorUrl">,
  timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS,
): AsyncGenerator<{ data: AgentEvent }, void, undefined> {
  const executor = await probeExecutor(config.executorUrl, timeoutMs);
  yield {
    data: new EventSealer().seal({
      type: "health",
      status: executor.error ? "degraded" : "ok",
      executor,
    }),
  };
}
