import { describe, expect, it } from "vitest";
import {
  EXECUTOR_LOG_EVENTS,
  EXECUTOR_LOG_FIELDS,
  executorLogEvent,
  executorLogFilterPattern,
} from "./executor-log";

describe("executor log events", () => {
  it("builds a CloudWatch JSON filter pattern on the event field", () => {
    expect(executorLogFilterPattern(EXECUTOR_LOG_EVENTS.sessionCreated)).toBe(
      '{ $.event = "session_created" }',
    );
    expect(executorLogFilterPattern(EXECUTOR_LOG_EVENTS.budgetKill)).toBe('{ $.event = "budget_kill" }');
  });

  it("keeps event names and field names to characters a pattern needs no escaping for", () => {
    for (const value of [...Object.values(EXECUTOR_LOG_EVENTS), ...Object.values(EXECUTOR_LOG_FIELDS)]) {
      expect(value).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it("accepts a logger line that carries an event, and rejects an unknown budget or a missing session", () => {
    const line = JSON.parse(
      '{"level":40,"time":1767225600000,"pid":7,"event":"budget_kill","sessionId":"s-1","budget":"memory","msg":"killed"}',
    ) as unknown;
    expect(executorLogEvent.parse(line)).toEqual({
      event: "budget_kill",
      sessionId: "s-1",
      budget: "memory",
    });
    expect(
      executorLogEvent.safeParse({ event: "budget_kill", sessionId: "s-1", budget: "gpu" }).success,
    ).toBe(false);
    expect(executorLogEvent.safeParse({ event: "session_created" }).success).toBe(false);
    expect(executorLogEvent.parse({ event: "session_created", sessionId: "s-2" })).toEqual({
      event: "session_created",
      sessionId: "s-2",
    });
  });
});
