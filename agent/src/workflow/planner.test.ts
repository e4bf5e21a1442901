import { describe, expect, it } from "vitest";
import { describePlan, fallbackPlan, MAX_PLAN_STEPS, planInput, toPlan } from "./planner.js";

const step = (kind: "analysis" | "chart" | "check", title = `${kind} step`) => ({ kind, title });

describe("the plan the planner submits", () => {
  it("numbers steps in run order: the Coder's analyses and charts first, then the Validator's checks", () => {
    const plan = toPlan(
      planInput.parse({
        route: "full",
        reason: "a breakdown the user relies on",
        steps: [
          step("analysis", "totals"),
          step("check", "re-sum"),
          step("chart", "bars"),
          step("check", "100 %"),
        ],
      }),
    );
    expect(plan.steps).toEqual([
      { n: 1, kind: "analysis", title: "totals", agent: "coder" },
      { n: 2, kind: "chart", title: "bars", agent: "coder" },
      { n: 3, kind: "check", title: "re-sum", agent: "validator" },
      { n: 4, kind: "check", title: "100 %", agent: "validator" },
    ]);
    expect(describePlan(plan)).toBe(
      "1. [analysis, coder] totals\n2. [chart, coder] bars\n3. [check, validator] re-sum\n4. [check, validator] 100 %",
    );
  });

  it("accepts a direct plan of exactly one analysis step", () => {
    const plan = toPlan(
      planInput.parse({ route: "direct", reason: "a count", steps: [step("analysis", "len(df)")] }),
    );
    expect(plan).toEqual({
      route: "direct",
      reason: "a count",
      steps: [{ n: 1, kind: "analysis", title: "len(df)", agent: "coder" }],
    });
  });

  it.each([
    [
      "a direct plan with two steps",
      { route: "direct", steps: [step("analysis"), step("analysis")] },
      /exactly one/,
    ],
    [
      "a direct plan whose step is a check",
      { route: "direct", steps: [step("check")] },
      /exactly one analysis/,
    ],
    ["a full plan without checks", { route: "full", steps: [step("analysis"), step("chart")] }, /check step/],
    ["a full plan with only checks", { route: "full", steps: [step("check")] }, /analysis or chart step/],
    ["an empty plan", { route: "full", steps: [] }, /at least 1|>=1/],
    ["too many steps", { route: "full", steps: Array(MAX_PLAN_STEPS + 1).fill(step("analysis")) }, /12/],
    ["an unknown kind", { route: "full", steps: [step("analysis"), { kind: "report", title: "x" }] }, /kind/],
    ["a blank title", { route: "direct", steps: [step("analysis", "  ")] }, /title|>=1/],
    ["an unknown route", { route: "maybe", steps: [step("analysis")] }, /route|direct/],
  ])("refuses %s", (_what, input, message) => {
    const parsed = planInput.safeParse({ reason: "why", ...input });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });

  it("falls back to the full pipeline, saying why", () => {
    const plan = fallbackPlan("the planner did not call submit_plan");
    expect(plan.route).toBe("full");
    expect(plan.reason).toContain("the planner did not call submit_plan");
    expect(plan.steps.map((s) => s.agent)).toEqual(["coder", "validator"]);
  });
});
