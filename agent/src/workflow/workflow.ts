import type {
  AgentName,
  CostEstimate,
  EventInput,
  PlanStep,
  Route,
  Usage,
} from "agentcore-vpc-platform-contract";
import type { Model } from "@strands-agents/sdk";
import type { AgentConfig } from "../config.js";
import { SessionGoneError, ExecutorError } from "../executor/client.js";
import type { ExecutorSession } from "../executor/session.js";
import type { Logger } from "../log.js";
import { ATTR, inSpan, SPAN } from "../telemetry/tracing.js";
import { directReport, writeDirectReport } from "./direct-report.js";
import { describePlan, fallbackPlan, type Plan } from "./planner.js";
import { type PromptName, renderPrompt } from "./prompts.js";
import { renderReport } from "./render.js";
import type { StagePart } from "./stage.js";
import { createTeam, type Team } from "./team.js";
import { estimateCost } from "./usage.js";
import { verify, type Verification } from "./verify.js";

export interface WorkflowContext {
  config: AgentConfig;
  prompt: string;
  language: "ko" | "en";
  dataUri: string | undefined;
  models: Record<AgentName, Model>;
  session: ExecutorSession;
  emit: (event: EventInput) => void;
  signal: AbortSignal;
  deadline: number;
  log: Logger;
  /** Tells the invocation which agent is working and on what (heartbeats, error events). */
  progress: (agent: AgentName | undefined, activity: string) => void;
  /** The AgentCore session id, recorded on the invocation span. */
  sessionId?: string;
}

export interface WorkflowResult {
  summary: string;
  verified: boolean;
  route: Route;
  usage: Partial<Record<AgentName, Usage>>;
  cost: CostEstimate;
}

function describeData(dataUri: string | undefined): string {
  if (!dataUri) return "none was given (the request must be answered without input data)";
  const key = dataUri.replace(/^s3:\/\/[^/]+\/?/, "");
  const file = key.endsWith("/") || key === "" ? "" : key.split("/").pop();
  return file
    ? `${dataUri}, available in the session as data/${file}`
    : `${dataUri}, available in the session under data/`;
}

/**
 * Planner, then one of two routes: `direct` (one Coder step and a short report) or `full` (the Coder's steps →
 * the Validator's checks, back to the Coder with findings at most maxRevisions times → Reporter). One
 * `invocation` span covers the run; the final cost estimate prices each agent's tokens.
 */
export function runWorkflow(ctx: WorkflowContext): Promise<WorkflowResult> {
  const attributes = {
    [ATTR.language]: ctx.language,
    ...(ctx.sessionId ? { [ATTR.sessionId]: ctx.sessionId } : {}),
  };
  return inSpan(SPAN.invocation, attributes, async (span) => {
    const team = createTeam(ctx);
    const data = describeData(ctx.dataUri);
    const plan = await planRun(team, ctx, data);
    span.setAttribute(ATTR.route, plan.route);
    ctx.emit({ type: "plan", route: plan.route, reason: plan.reason, steps: plan.steps });
    const outcome =
      plan.route === "direct" ? await direct(team, ctx, plan, data) : await full(team, ctx, plan, data);
    ctx.progress(undefined, "finishing");
    const cost = estimateCost(team.usage, ctx.config.models, ctx.config.prices);
    span.setAttribute(ATTR.costUsd, cost.totalUsd);
    return { ...outcome, route: plan.route, usage: team.usage, cost };
  });
}

/** The planner's plan; asked once more if it submitted none, then the full pipeline as a fallback. */
async function planRun(team: Team, ctx: WorkflowContext, data: string): Promise<Plan> {
  await team.stage("planner", 1, [{ prompt: renderPrompt("planner-task", { prompt: ctx.prompt, data }) }]);
  if (!team.plan()) await team.stage("planner", 2, [{ prompt: renderPrompt("planner-reminder", {}) }]);
  const plan = team.plan();
  if (plan) return plan;
  ctx.log.warn({}, "the planner submitted no plan; running the full pipeline");
  return fallbackPlan("the planner did not call submit_plan");
}

type Outcome = { summary: string; verified: boolean };

/** A simple question: one Coder step answers it, and the answer is the short report. */
async function direct(team: Team, ctx: WorkflowContext, plan: Plan, data: string): Promise<Outcome> {
  const step = plan.steps[0] as PlanStep;
  const prompt = renderPrompt("coder-direct", { prompt: ctx.prompt, data, title: step.title });
  const coder = await team.stage("coder", 1, [{ prompt, step, of: plan.steps.length }]);
  ctx.progress(undefined, "writing the short report");
  await writeDirectReport(
    ctx.session,
    ctx.emit,
    directReport(ctx.prompt, coder.text, ctx.language),
    ctx.signal,
  );
  ctx.progress(undefined, "rendering the report");
  await renderReport(ctx.session, ctx.emit, ctx.signal);
  return { summary: coder.text, verified: false };
}

/** One stage part per plan step: the first carries the request and the plan, the rest only their step. */
function stepParts(
  steps: PlanStep[],
  of: number,
  first: (step: PlanStep) => string,
  next: Extract<PromptName, "coder-step" | "validator-step">,
): StagePart[] {
  return steps.map((step, i) => ({
    step,
    of,
    prompt: i === 0 ? first(step) : renderPrompt(next, { n: `${step.n}`, of: `${of}`, title: step.title }),
  }));
}

async function full(team: Team, ctx: WorkflowContext, plan: Plan, data: string): Promise<Outcome> {
  const of = plan.steps.length;
  const planText = describePlan(plan);
  const base = { prompt: ctx.prompt, data, plan: planText, of: `${of}` };
  const coderSteps = plan.steps.filter((s) => s.agent === "coder");
  const checks = plan.steps.filter((s) => s.agent === "validator");

  const coder = await team.stage(
    "coder",
    1,
    stepParts(
      coderSteps,
      of,
      (s) => renderPrompt("coder-task", { ...base, n: `${s.n}`, title: s.title }),
      "coder-step",
    ),
  );
  let coderSummary = coderSteps
    .map((s, i) => `Step ${s.n} (${s.title}): ${coder.texts[i] ?? ""}`)
    .join("\n\n");
  let verification: Verification | undefined;
  for (let round = 1; ; round++) {
    const parts =
      round === 1
        ? stepParts(
            checks,
            of,
            (s) => renderPrompt("validator-task", { ...base, coderSummary, n: `${s.n}`, title: s.title }),
            "validator-step",
          )
        : [{ prompt: renderPrompt("validator-recheck", { coderSummary }) }];
    await team.stage("validator", round, parts);
    ctx.progress(undefined, "verifying");
    verification = await gate(ctx);
    ctx.emit({ type: "validation", round, ...verification });
    if (verification.verdict === "pass" || round > ctx.config.maxRevisions) break;
    const findings = verification.findings.map((f) => `- ${f}`).join("\n");
    coderSummary = (
      await team.stage("coder", round + 1, [{ prompt: renderPrompt("coder-revision", { findings }) }])
    ).text;
  }

  const checkLines = verification.checks.length
    ? verification.checks
        .map(
          (c) =>
            `- ${c.id}: coder ${JSON.stringify(c.coderValue)}, validator ${JSON.stringify(c.validatorValue)}, ${c.match ? "match" : "MISMATCH"}${c.citation ? ` — ${c.citation}` : ""}`,
        )
        .join("\n")
    : "(no values could be verified)";
  const reporter = await team.stage("reporter", 1, [
    {
      prompt: renderPrompt("reporter-task", {
        prompt: ctx.prompt,
        coderSummary,
        verdict: verification.verdict,
        checks: checkLines,
        findings: verification.findings.length
          ? verification.findings.map((f) => `- ${f}`).join("\n")
          : "(none)",
      }),
    },
  ]);
  ctx.progress(undefined, "rendering the report");
  await renderReport(ctx.session, ctx.emit, ctx.signal);
  return { summary: reporter.text, verified: verification.verdict === "pass" };
}

/** Reads both records from the session; a missing file is a finding, not a crash. */
async function gate(ctx: WorkflowContext): Promise<Verification> {
  const read = async (path: string): Promise<string | undefined> => {
    try {
      const bytes = await ctx.session.use((client, id) => client.getFile(id, path, ctx.signal));
      return bytes.toString("utf8");
    } catch (err) {
      if (err instanceof ExecutorError && err.status === 404 && !(err instanceof SessionGoneError))
        return undefined;
      throw err;
    }
  };
  return verify(await read("artifacts/calculations.json"), await read("artifacts/validation.json"));
}
