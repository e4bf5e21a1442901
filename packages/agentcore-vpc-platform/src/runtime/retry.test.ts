import { describe, expect, it } from "vitest";
import { fullJitterDelay, isRetryable, withRetry } from "./retry";

const sdkError = (name: string, message = "boom", status?: number) =>
  Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe("isRetryable", () => {
  it("retries throttling, 5xx and network resets", () => {
    expect(isRetryable(sdkError("ThrottlingException", "Rate exceeded", 429))).toBe(true);
    expect(isRetryable(sdkError("InternalServerException", "x", 500))).toBe(true);
    expect(isRetryable(sdkError("SomethingNew", "x", 503))).toBe(true);
    expect(isRetryable(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
  });

  it("retries only the IAM-propagation validation errors", () => {
    expect(isRetryable(sdkError("ValidationException", "Role validation failed for role x", 400))).toBe(true);
    expect(
      isRetryable(sdkError("ValidationException", "Access denied while validating ECR URI 'u'", 400)),
    ).toBe(true);
    expect(isRetryable(sdkError("ValidationException", "1 validation error detected", 400))).toBe(false);
  });

  it("does not retry not-found, conflict or access denied", () => {
    expect(isRetryable(sdkError("ResourceNotFoundException", "x", 404))).toBe(false);
    expect(isRetryable(sdkError("ConflictException", "x", 409))).toBe(false);
    expect(isRetryable(sdkError("AccessDeniedException", "x", 403))).toBe(false);
  });
});

describe("fullJitterDelay", () => {
  it("draws from [0, min(cap, base * 2^attempt))", () => {
    expect(fullJitterDelay(0, 100, 1000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 1000, () => 0.5)).toBe(400);
    expect(fullJitterDelay(10, 100, 1000, () => 0.5)).toBe(500);
    expect(fullJitterDelay(5, 100, 1000, () => 0)).toBe(0);
  });
});

describe("withRetry", () => {
  it("retries with growing backoff ceilings, then succeeds", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 4) throw sdkError("ThrottlingException", "slow down", 429);
        return "ok";
      },
      {
        label: "Op",
        baseMs: 100,
        capMs: 10_000,
        random: () => 0.999,
        sleep: async (ms) => void delays.push(ms),
      },
    );
    expect(result).toBe("ok");
    expect(delays).toEqual([99, 199, 399]);
  });

  it("rethrows a final error at once, and the last retryable one when attempts run out", async () => {
    let calls = 0;
    const fatal = withRetry(
      async () => {
        calls += 1;
        throw sdkError("ValidationException", "bad field", 400);
      },
      { label: "Op", sleep: async () => {} },
    );
    await expect(fatal).rejects.toThrow("bad field");
    expect(calls).toBe(1);

    const exhausted = withRetry(
      async () => {
        throw sdkError("ThrottlingException", "Rate exceeded", 429);
      },
      { label: "CreateAgentRuntime x", maxAttempts: 3, sleep: async () => {} },
    );
    await expect(exhausted).rejects.toMatchObject({
      name: "ThrottlingException",
      message: "Rate exceeded (CreateAgentRuntime x: gave up after 3 attempt(s))",
    });
  });

  it("stops retrying when the next delay would pass the deadline", async () => {
    let calls = 0;
    let clock = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw sdkError("InternalServerException", "oops", 500);
      },
      {
        label: "Op",
        baseMs: 1000,
        random: () => 0.999,
        deadline: 2500,
        now: () => clock,
        sleep: async (ms) => void (clock += ms),
      },
    );
    await expect(run).rejects.toThrow("out of time");
    expect(calls).toBe(2); // 999 ms, then 1999 ms would end past 2500
  });
});
