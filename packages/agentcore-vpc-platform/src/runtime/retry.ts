import { errorMessage, errorName, httpStatus } from "./errors";

/** ValidationException messages AWS returns while a new execution role propagates (IAM propagation: the role or its ECR permission is not visible to AgentCore yet). */
export const IAM_PROPAGATION_MESSAGES = ["Role validation failed", "Access denied while validating ECR URI"];

// An array, not a Set: plain values serialize cleanly into the provider's closure.
const RETRYABLE_NAMES = [
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "InternalServerException",
  "ServiceUnavailableException",
  // Network-level failures (no response at all).
  "TimeoutError",
  "RequestTimeout",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
];

/**
 * Whether a failed call is worth repeating: throttling, 5xx, network resets, and the IAM-propagation
 * ValidationExceptions. Every other validation error is final.
 */
export function isRetryable(err: unknown): boolean {
  const name = errorName(err);
  if (RETRYABLE_NAMES.includes(name)) return true;
  const status = httpStatus(err);
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  if (name === "ValidationException") {
    const message = errorMessage(err);
    return IAM_PROPAGATION_MESSAGES.some((m) => message.includes(m));
  }
  return false;
}

/**
 * "Full jitter" exponential backoff: uniform in [0, min(cap, base * 2^attempt)).
 * @param attempt 0 for the delay after the first failure
 * @param baseMs backoff base
 * @param capMs largest delay
 * @param random source of randomness in [0, 1) @default Math.random
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export interface RetryOptions {
  /** What is being attempted, for messages ("CreateAgentRuntime deep_insight"). */
  label: string;
  /** Attempts including the first. @default 10 */
  maxAttempts?: number;
  /** @default 1000 */
  baseMs?: number;
  /** @default 20000 */
  capMs?: number;
  /** Give up rather than sleep past this epoch-ms. @default no deadline */
  deadline?: number;
  /** @default real setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
  /** Called before each retry. @default no logging */
  log?: (message: string) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying retryable errors with full-jitter backoff. The last error is rethrown unchanged
 * (callers inspect its name), with a note on how many attempts were made.
 * @param call the operation
 * @param options see {@link RetryOptions}
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      const delay = fullJitterDelay(attempt, options.baseMs ?? 1000, options.capMs ?? 20_000, options.random);
      const outOfTime = options.deadline !== undefined && now() + delay > options.deadline;
      if (attempt + 1 >= maxAttempts || outOfTime) {
        annotate(
          err,
          `(${options.label}: gave up after ${attempt + 1} attempt(s)${outOfTime ? ", out of time" : ""})`,
        );
        throw err;
      }
      options.log?.(`${options.label}: ${errorName(err)}: ${errorMessage(err)}; retrying in ${delay} ms`);
      await wait(delay);
    }
  }
}

function annotate(err: unknown, note: string): void {
  if (err instanceof Error && !err.message.includes(note)) err.message = `${err.message} ${note}`;
}
