import type { AgentEvent } from "agentcore-vpc-platform-contract";
import type { AgentConfig } from "./config.js";
import { EventSealer } from "./events.js";

/** How long the executor may take to answer /health before the check reports it degraded. */
export const HEALTH_CHECK_TIMEOUT_MS = 5_000;

/**
 * Answers a health-check invocation with one `health` event: the executor's /health through EXECUTOR_URL.
 * "degraded" (not an error) when it does not answer, so the caller sees the runtime itself is up.
 */
export async function* runHealthCheck(
  config: Pick<AgentConfig, "executorUrl">,
  timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS,
): AsyncGenerator<{ data: AgentEvent }, void, undefined> {
  const started = Date.now();
  const url = `${config.executorUrl}/health`;
  let httpStatus: number | null = null;
  let error: string | undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    httpStatus = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `executor answered ${response.status}`;
  } catch (err) {
    error = `executor unreachable: ${(err as Error).message}`;
  }
  const executor = { url: config.executorUrl, httpStatus, durationMs: Date.now() - started };
  yield {
    data: new EventSealer().seal({
      type: "health",
      status: error ? "degraded" : "ok",
      executor: error ? { ...executor, error } : executor,
    }),
  };
}
