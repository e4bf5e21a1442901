import { describe, expect, it } from "vitest";
import { pollDelay, pollUntil, WaitTimeoutError } from "./wait";
import type { PollVerdict } from "./wait";

/** A fake clock: sleeping advances it, nothing really waits. */
function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const base = {
  waitingFor: "runtime x to become READY",
  id: "x-abcdefghij",
  timeoutSetting: "AGENTCORE_TIMEOUT_MINUTES",
};

describe("pollDelay", () => {
  it("grows 1.5x per poll up to the cap", () => {
    expect([0, 1, 2, 3, 10].map((n) => pollDelay(n, 2000, 15_000))).toEqual([2000, 3000, 4500, 6750, 15_000]);
  });
});

describe("pollUntil", () => {
  it("probes right away, then at growing intervals, and logs each status change once", async () => {
    const c = clock();
    const logs: string[] = [];
    const answers: PollVerdict<string>[] = [
      { done: false, status: "CREATING" },
      { done: false, status: "CREATING" },
      { done: false, status: "UPDATING" },
      { done: true, value: "READY" },
    ];
    const result = await pollUntil(async () => answers.shift()!, {
      ...base,
      timeoutMs: 60_000,
      pollIntervalMs: 100,
      maxPollIntervalMs: 200,
      ...c,
      log: (m) => logs.push(m),
    });
    expect(result).toBe("READY");
    expect(c.sleeps).toEqual([100, 150, 200]);
    expect(logs).toEqual(["x-abcdefghij: (start) -> CREATING", "x-abcdefghij: CREATING -> UPDATING"]);
  });

  it("looks one last time at the deadline, then says what it waited for, the id and the last status", async () => {
    const c = clock();
    let probes = 0;
    const error = await pollUntil(
      async (): Promise<PollVerdict<never>> => {
        probes += 1;
        return { done: false, status: "CREATING" };
      },
      { ...base, timeoutMs: 1000, pollIntervalMs: 400, maxPollIntervalMs: 400, ...c },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastStatus).toBe("CREATING");
    expect((error as Error).message).toBe(
      "Timed out after 1 s waiting for runtime x to become READY (runtime id x-abcdefghij); last status seen: CREATING. " +
        "Set AGENTCORE_TIMEOUT_MINUTES (minutes) to wait longer.",
    );
    expect(c.sleeps).toEqual([400, 400, 200]);
    expect(probes).toBe(4);
  });

  it("lets a probe abort the wait", async () => {
    const c = clock();
    await expect(
      pollUntil(
        async () => {
          throw new Error("gone");
        },
        { ...base, timeoutMs: 1000, pollIntervalMs: 1, maxPollIntervalMs: 1, ...c },
      ),
    ).rejects.toThrow("gone");
  });
});
