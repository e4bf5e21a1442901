import { describe, expect, it } from "vitest";
import { renderEvent } from "../src/cli/render.js";
import { EventSealer } from "../src/events.js";

/** The CLI's lines for the plan, progress, usage and done events. */
const sealer = new EventSealer(() => new Date("2026-01-02T03:04:05.000Z"));

describe("the terminal rendering of a planned run", () => {
  it("lists the plan's numbered steps and says which step starts", () => {
    const plan = sealer.seal({
      type: "plan",
      route: "full",
      reason: "Totals the user relies on.",
      steps: [
        { n: 1, kind: "analysis", title: "총 매출액 계산", agent: "coder" },
        { n: 2, kind: "check", title: "독립 재계산", agent: "validator" },
      ],
    });
    expect(renderEvent(plan)).toBe(
      "\n☰ plan (full analysis): Totals the user relies on.\n  1. [analysis] 총 매출액 계산\n  2. [check] 독립 재계산\n",
    );
    const step = {
      type: "progress",
      agent: "validator",
      step: 2,
      of: 2,
      kind: "check",
      title: "독립 재계산",
    } as const;
    expect(renderEvent(sealer.seal({ ...step, status: "running" }))).toBe(
      "\n  ▸ step 2/2 (validator): 독립 재계산\n",
    );
    expect(renderEvent(sealer.seal({ ...step, status: "done" }))).toBe("");
  });

  it("shows cache tokens, the route and the estimated cost", () => {
    const usage = sealer.seal({
      type: "usage",
      agent: "coder",
      inputTokens: 10,
      outputTokens: 20,
      cacheReadInputTokens: 3000,
      cacheWriteInputTokens: 400,
      totalTokens: 3430,
    });
    expect(renderEvent(usage)).toBe("\n  tokens coder: 10 in / 20 out / 3000 cache read / 400 cache write\n");
    const done = sealer.seal({
      type: "done",
      artifacts: [],
      summary: "3 rows.",
      verified: false,
      route: "direct",
      usage: {},
      cost: { currency: "USD", totalUsd: 0.01234, agents: {}, unpriced: [] },
      durationMs: 2000,
    });
    expect(renderEvent(done)).toBe(
      "\n■ done in 2.0 s · direct answer, not independently verified · est. $0.0123\n3 rows.\n",
    );
  });
});
