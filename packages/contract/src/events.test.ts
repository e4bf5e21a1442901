import { describe, expect, it } from "vitest";
import { agentEvent } from "./events";

describe("plan, progress, usage and done events", () => {
  const envelope = { seq: 0, ts: "2026-01-01T00:00:00.000Z" };

  it("parses a plan and refuses an empty one or an unknown step kind", () => {
    const plan = {
      ...envelope,
      type: "plan",
      route: "direct",
      reason: "a count",
      steps: [{ n: 1, kind: "analysis", title: "Count the rows", agent: "coder" }],
    };
    expect(agentEvent.parse(plan)).toEqual(plan);
    expect(agentEvent.safeParse({ ...plan, steps: [] }).success).toBe(false);
    expect(agentEvent.safeParse({ ...plan, steps: [{ ...plan.steps[0], kind: "summary" }] }).success).toBe(
      false,
    );
  });

  it("fills cache counts and the route for producers that predate them", () => {
    const usage = agentEvent.parse({
      ...envelope,
      type: "usage",
      agent: "planner",
      inputTokens: 1,
      outputTokens: 2,
      totalTokens: 3,
    });
    expect(usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    const done = agentEvent.parse({
      ...envelope,
      type: "done",
      artifacts: [],
      summary: "",
      verified: false,
      usage: {},
      durationMs: 1,
    });
    expect(done).toMatchObject({ route: "full" });
  });
});
