import { formatDuration } from "./config";
import { sleep as realSleep } from "./retry";

/** One look at the world: finished (with a value), or still at `status`. */
export type PollVerdict<T> = { done: true; value: T } | { done: false; status: string };

export interface WaitOptions {
  /** What we wait for, completing "waiting for ...": "runtime x to become READY after create". */
  waitingFor: string;
  /** The runtime id, quoted in the timeout message. */
  id: string;
  /** Which environment variable raises the bound, quoted in the timeout message. */
  timeoutSetting: string;
  timeoutMs: number;
  /** The configured bound, quoted in the message when the wait got only what was left of it. @default timeoutMs */
  configuredTimeoutMs?: number;
  /** First interval; grows 1.5x per poll up to {@link maxPollIntervalMs}. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** @default real setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  now?: () => number;
  /** Receives status transitions. @default no logging */
  log?: (message: string) => void;
}

/** A bounded wait ran out; carries what it last saw so callers can decide what to do with the runtime. */
export class WaitTimeoutError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly lastStatus: string | undefined,
  ) {
    super(message);
    this.name = "WaitTimeoutError";
  }
}

/** The delay before poll number `n` (0-based after the immediate first check). */
export function pollDelay(n: number, pollIntervalMs: number, maxPollIntervalMs: number): number {
  return Math.min(maxPollIntervalMs, Math.round(pollIntervalMs * 1.5 ** n));
}

/**
 * Probes right away, then at growing intervals, until the probe says done or the deadline passes
 * (one last probe happens at the deadline). Logs each status change.
 * @param probe looks once; may throw to abort the wait
 * @param options see {@link WaitOptions}
 */
export async function pollUntil<T>(probe: () => Promise<PollVerdict<T>>, options: WaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const deadline = now() + options.timeoutMs;
  let lastStatus: string | undefined;
  for (let n = 0; ; n++) {
    const verdict = await probe();
    if (verdict.done) return verdict.value;
    if (verdict.status !== lastStatus) {
      options.log?.(`${options.id}: ${lastStatus ?? "(start)"} -> ${verdict.status}`);
      lastStatus = verdict.status;
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `Timed out after ${formatDuration(options.configuredTimeoutMs ?? options.timeoutMs)} waiting for ${options.waitingFor} ` +
          `(runtime id ${options.id}); last status seen: ${lastStatus ?? "none"}. ` +
          `Set ${options.timeoutSetting} (minutes) to wait longer.`,
        options.id,
        lastStatus,
      );
    }
    await sleep(Math.min(pollDelay(n, options.pollIntervalMs, options.maxPollIntervalMs), remaining));
  }
}
