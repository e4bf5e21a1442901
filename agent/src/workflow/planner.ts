import type { PlanStep, Route } from "agentcore-vpc-platform-contract";
import { tool } from "@strands-agents/sdk";
import type { InvokableTool } from "@strands-agents/sdk";
import { z } from "zod";

/**
 * The planner hands its plan over by calling this tool. The model chooses to call it (tool choice stays
 * `auto`), because Bedrock refuses a forced tool choice while extended thinking is on.
 */
export const PLAN_TOOL = "submit_plan";

/** The most steps a plan may have: each is at least one model turn, and a long plan is a wrong plan. */
export const MAX_PLAN_STEPS = 12;

const stepInput = z.object({
  kind: z
    .enum(["analysis", "chart", "check"])
    .describe("analysis and chart steps are the Coder's; check steps are the Validator's"),
  title: z.string().trim().min(1).max(200).describe("what the step does, in the user's language"),
});

export const planInput = z
  .object({
    route: z
      .enum(["direct", "full"])
      .describe(
        "direct: a simple factual question about the data (row count, column names) answered by one short " +
          "analysis step, without validation or a report; full: everything else",
      ),
    reason: z.string().trim().min(1).max(500).describe("one sentence: why this route"),
    steps: z.array(stepInput).min(1).max(MAX_PLAN_STEPS),
  })
  .superRefine((plan, ctx) => {
    const coderSteps = plan.steps.filter((s) => s.kind !== "check").length;
    if (plan.route === "direct" && (plan.steps.length !== 1 || coderSteps !== 1))
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message: "a direct plan has exactly one analysis step",
      });
    if (plan.route === "full" && coderSteps === 0)
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message: "a full plan needs an analysis or chart step",
      });
    if (plan.route === "full" && coderSteps === plan.steps.length)
      ctx.addIssue({ code: "custom", path: ["steps"], message: "a full plan needs at least one check step" });
  });
export type PlanInput = z.infer<typeof planInput>;

export interface Plan {
  route: Route;
  reason: string;
  /** Numbered in the order they run: the Coder's steps first, then the Validator's checks. */
  steps: PlanStep[];
}

/** Numbers the planner's steps in run order, keeping its order within each agent. */
export function toPlan(input: PlanInput): Plan {
  const ordered = [
    ...input.steps.filter((s) => s.kind !== "check"),
    ...input.steps.filter((s) => s.kind === "check"),
  ];
  return {
    route: input.route,
    reason: input.reason,
    steps: ordered.map((s, i) => ({
      n: i + 1,
      kind: s.kind,
      title: s.title,
      agent: s.kind === "check" ? "validator" : "coder",
    })),
  };
}

/** The plan a run falls back to when the planner submitted none: the whole pipeline, in two steps. */
export function fallbackPlan(why: string): Plan {
  return toPlan({
    route: "full",
    reason: `No plan was submitted (${why}); running the full pipeline.`,
    steps: [
      { kind: "analysis", title: "Answer the request" },
      { kind: "check", title: "Re-compute the reported values" },
    ],
  });
}

/** The plan as the agents read it: one numbered line per step. */
export function describePlan(plan: Plan): string {
  return plan.steps.map((s) => `${s.n}. [${s.kind}, ${s.agent}] ${s.title}`).join("\n");
}

/** The planner's only tool: validates the plan and keeps the last one submitted. */
export function planTool(onPlan: (plan: Plan) => void): InvokableTool<unknown, unknown> {
  return tool({
    name: PLAN_TOOL,
    description:
      "Submit the numbered plan for this request (call it exactly once). Analyses and charts are done by the " +
      "Coder, checks by the Validator, in the order given.",
    inputSchema: planInput,
    callback: (input) => {
      onPlan(toPlan(input));
      return "Plan recorded. Reply with one short sentence; do not call any tool again.";
    },
  }) as InvokableTool<unknown, unknown>;
}
