import { ModelRetryStrategy, ModelThrottledError } from "@strands-agents/sdk";
import type { AfterModelCallEvent } from "@strands-agents/sdk";
import type { RetryDecision } from "@strands-agents/sdk";

/**
 * Retry policy for model throttling and transient failures: capped exponential backoff with full jitter
 * (delay uniformly drawn from [0, min(maxMs, baseMs·2^(attempt-1))]), a bounded number of attempts, and
 * never a wait that would cross the run's deadline: a fixed wait either hammers a throttled model or idles.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** Upper bound of the wait before retry number `attempt` (1 = the first retry). */
export function backoffCeiling(attempt: number, policy: RetryPolicy): number {
  const exp = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, exp);
}

/** Full jitter: spreads simultaneous retries from many sessions instead of having them retry in lockstep. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

const RETRYABLE_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "InternalServerException",
  "ModelNotReadyException",
  "ModelStreamErrorException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);
const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

/** Throttling or a transient service/network failure, looking through `cause` chains (Strands wraps). */
export function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ModelThrottledError) return true;
    if (typeof e !== "object") return false;
    const o = e as {
      name?: string;
      code?: string;
      $retryable?: unknown;
      $metadata?: { httpStatusCode?: number };
      cause?: unknown;
    };
    if (o.name && RETRYABLE_NAMES.has(o.name)) return true;
    if (o.code && RETRYABLE_CODES.has(o.code)) return true;
    if (o.$retryable) return true;
    const status = o.$metadata?.httpStatusCode;
    if (status === 429 || status === 502 || status === 503 || status === 504) return true;
    e = o.cause;
  }
  return false;
}

export type RetryVerdict = { retry: false; reason: string } | { retry: true; waitMs: number };

/** The whole decision, pure: retryable? attempts left? does the wait fit before the deadline? */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  opts: { now: number; deadline: number; random?: () => number },
): RetryVerdict {
  if (!isRetryable(error)) return { retry: false, reason: "not retryable" };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  const waitMs = backoffDelay(attempt, policy, opts.random);
  if (opts.now + waitMs >= opts.deadline) return { retry: false, reason: "run deadline reached" };
  return { retry: true, waitMs };
}

/** Sleep that ends early (rejecting) when the run is aborted, so a cancelled run never waits out a backoff. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryHooks {
  deadline: number;
  signal?: AbortSignal;
  random?: () => number;
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

/**
 * The policy as a Strands retry strategy (one instance per Strands agent). Strands calls it after every model
 * call; setting `event.retry` re-runs the call. The wait is abortable and reported through `onRetry`.
 */
export class BackoffModelRetryStrategy extends ModelRetryStrategy {
  readonly name = "agentcore:backoff-full-jitter";

  constructor(
    private readonly policy: RetryPolicy,
    private readonly hooks: RetryHooks,
  ) {
    super();
  }

  protected computeRetryDecision(event: AfterModelCallEvent): RetryDecision {
    const verdict = decideRetry(event.error, event.attemptCount, this.policy, {
      now: Date.now(),
      deadline: this.hooks.deadline,
      ...(this.hooks.random ? { random: this.hooks.random } : {}),
    });
    return verdict.retry ? { retry: true, waitMs: verdict.waitMs } : { retry: false };
  }

  // Overridden (not the base class's) so that the backoff sleep can be interrupted by an abort.
  override async retryModel(event: AfterModelCallEvent): Promise<void> {
    if (event.retry || event.error === undefined) return;
    const decision = this.computeRetryDecision(event);
    if (!decision.retry) return;
    this.hooks.onRetry?.({
      attempt: event.attemptCount,
      waitMs: decision.waitMs,
      reason: describeError(event.error),
    });
    await abortableSleep(decision.waitMs, this.hooks.signal);
    event.retry = true;
  }
}

/** `Name: message`, using the innermost cause that has a name (the AWS error under Strands' wrapper). */
export function describeError(error: unknown): string {
  let best: { name?: string; message?: string } | undefined;
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const o = e as { name?: string; message?: string; cause?: unknown };
    if (o.name && o.name !== "Error" && o.name !== "ModelError") best = o;
    else best ??= o;
    e = o.cause;
  }
  if (!best) return String(error);
  return best.name && best.name !== "Error"
    ? `${best.name}: ${best.message ?? ""}`
    : (best.message ?? String(error));
}
