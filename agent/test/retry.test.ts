import { Agent, ModelError, ModelThrottledError } from "@strands-agents/sdk";
import { describe, expect, it } from "vitest";
import {
  backoffCeiling,
  backoffDelay,
  BackoffModelRetryStrategy,
  decideRetry,
  isRetryable,
} from "../src/retry.js";
import { ScriptedModel } from "../src/workflow/scripted-model.js";

const policy = { maxAttempts: 5, baseMs: 100, maxMs: 1_000 };
const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe("retry policy", () => {
  it("grows the ceiling exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffCeiling(a, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("draws the delay with full jitter: anywhere from 0 to the ceiling", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(399);
  });

  it("retries throttling and transient errors, also when wrapped, and nothing else", () => {
    expect(isRetryable(new ModelThrottledError("slow down"))).toBe(true);
    expect(isRetryable(new ModelError("wrapped", { cause: awsError("ThrottlingException", 429) }))).toBe(
      true,
    );
    expect(isRetryable(awsError("ServiceUnavailableException", 503))).toBe(true);
    expect(isRetryable(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryable(awsError("ValidationException", 400))).toBe(false);
    expect(isRetryable(awsError("AccessDeniedException", 403))).toBe(false);
    expect(isRetryable(new ModelError("context window overflow"))).toBe(false);
  });

  it("stops after the last attempt and never waits past the run deadline", () => {
    const throttled = new ModelThrottledError("slow down");
    const opts = { now: 0, deadline: 10_000, random: () => 0.5 };
    expect(decideRetry(throttled, 1, policy, opts)).toEqual({ retry: true, waitMs: 50 });
    expect(decideRetry(throttled, 5, policy, opts)).toMatchObject({ retry: false, reason: /5 attempts/ });
    expect(decideRetry(throttled, 2, policy, { ...opts, deadline: 50 })).toMatchObject({
      retry: false,
      reason: /deadline/,
    });
    expect(decideRetry(awsError("ValidationException", 400), 1, policy, opts)).toMatchObject({
      retry: false,
    });
  });

  it("drives Strands: a throttled model call is retried with reported backoff until it succeeds", async () => {
    const model = new ScriptedModel("coder", [{ text: "finally", toolUses: [], throttle: 2 }], {
      modelId: "scripted",
    });
    const retries: { attempt: number; waitMs: number; reason: string }[] = [];
    const agent = new Agent({
      model,
      printer: false,
      retryStrategy: new BackoffModelRetryStrategy(
        { maxAttempts: 4, baseMs: 1, maxMs: 2 },
        { deadline: Date.now() + 60_000, onRetry: (r) => retries.push(r) },
      ),
    });
    const result = await agent.invoke("hi");
    expect(String(result)).toContain("finally");
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[0]?.reason).toMatch(/^ThrottlingException/);
  });

  it("gives up after maxAttempts and surfaces the model error", async () => {
    const model = new ScriptedModel("coder", [{ text: "never", toolUses: [], throttle: 10 }], {
      modelId: "scripted",
    });
    const retries: number[] = [];
    const agent = new Agent({
      model,
      printer: false,
      retryStrategy: new BackoffModelRetryStrategy(
        { maxAttempts: 3, baseMs: 1, maxMs: 2 },
        { deadline: Date.now() + 60_000, onRetry: (r) => retries.push(r.attempt) },
      ),
    });
    await expect(agent.invoke("hi")).rejects.toThrow();
    expect(retries).toEqual([1, 2]);
  });
});
