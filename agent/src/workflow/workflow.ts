import type { AgentName, EventInput, Usage } from "agentcore-vpc-platform-contract";
import { Agent } from "@strands-agents/sdk";
import type { Model } from "@strands-agents/sdk";
import type { AgentConfig } from "../config.js";
import { SessionGoneError, ExecutorError } from "../executor/client.js";
import type { ExecutorSession } from "../executor/session.js";
import type { Logger } from "../log.js";
import { BackoffModelRetryStrategy } from "../retry.js";
import { renderPrompt, systemPrompt } from "./prompts.js";
import { renderReport } from "./render.js";
import { runStage } from "./stage.js";
import { executorTools } from "./tools.js";
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
}

export interface WorkflowResult {
  summary: string;
  verified: boolean;
  usage: Partial<Record<AgentName, Usage>>;
}

function describeData(dataUri: string | undefined): string {
  if (!dataUri) return "none was given (the request must be answered without input data)";
  const key = dataUri.replace(/^s3:\/\/[^/]+\/?/, "");
  const file = key.endsWith("/") || key === "" ? "" : key.split("/").pop();
  return file
    ? `${dataUri}, available in the session as data/${file}`
    : `${dataUri}, available in the session under data/`;
}

/** Coder → Validator (→ Coder with findings, at most maxRevisions times) → Reporter. */
export async function runWorkflow(ctx: WorkflowContext): Promise<WorkflowResult> {
  const usage: Partial<Record<AgentName, Usage>> = {};
  let fatal: Error | undefined;
  const agents = {} as Record<AgentName, Agent>;

  for (const name of ["coder", "validator", "reporter"] as const) {
    const agent: Agent = new Agent({
      name,
      model: ctx.models[name],
      systemPrompt: systemPrompt(name, ctx.language),
      printer: false,
      tools: executorTools({
        session: ctx.session,
        emit: ctx.emit,
        agent: name,
        outputMaxChars: ctx.config.toolOutputMaxChars,
        defaultTimeoutSeconds: ctx.config.executionTimeoutSeconds,
        signal: ctx.signal,
        fatal: (err) => {
          fatal ??= err;
          agent.cancel();
        },
      }),
      retryStrategy: new BackoffModelRetryStrategy(ctx.config.retry, {
        deadline: ctx.deadline,
        signal: ctx.signal,
        onRetry: ({ attempt, waitMs, reason }) => {
          ctx.log.warn({ agent: name, attempt, waitMs, reason }, "model call failed; retrying");
          ctx.emit({ type: "retry", agent: name, attempt, waitMs, reason });
        },
      }),
    });
    agents[name] = agent;
  }

  const stage = async (name: AgentName, round: number, prompt: string) => {
    ctx.progress(name, "starting");
    const result = await runStage({
      name,
      round,
      modelId: ctx.models[name].modelId ?? "unknown",
      agent: agents[name],
      prompt,
      emit: ctx.emit,
      signal: ctx.signal,
      eventOutputMaxChars: ctx.config.eventOutputMaxChars,
      fatalError: () => fatal,
      activity: (what) => ctx.progress(name, what),
    });
    const total = (usage[name] ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    total.inputTokens += result.usage.inputTokens;
    total.outputTokens += result.usage.outputTokens;
    total.totalTokens += result.usage.totalTokens;
    return result;
  };

  const data = describeData(ctx.dataUri);
  let coder = await stage("coder", 1, renderPrompt("coder-task", { prompt: ctx.prompt, data }));
  let verification: Verification | undefined;
  for (let round = 1; ; round++) {
    await stage(
      "validator",
      round,
      renderPrompt("validator-task", { prompt: ctx.prompt, data, coderSummary: coder.text }),
    );
    ctx.progress(undefined, "verifying");
    verification = await gate(ctx);
    ctx.emit({ type: "validation", round, ...verification });
    if (verification.verdict === "pass" || round > ctx.config.maxRevisions) break;
    const findings = verification.findings.map((f) => `- ${f}`).join("\n");
    coder = await stage("coder", round + 1, renderPrompt("coder-revision", { findings }));
  }

  const checks = verification.checks.length
    ? verification.checks
        .map(
          (c) =>
            `- ${c.id}: coder ${JSON.stringify(c.coderValue)}, validator ${JSON.stringify(c.validatorValue)}, ${c.match ? "match" : "MISMATCH"}${c.citation ? ` — ${c.citation}` : ""}`,
        )
        .join("\n")
    : "(no values could be verified)";
  const reporter = await stage(
    "reporter",
    1,
    renderPrompt("reporter-task", {
      prompt: ctx.prompt,
      coderSummary: coder.text,
      verdict: verification.verdict,
      checks,
      findings: verification.findings.length
        ? verification.findings.map((f) => `- ${f}`).join("\n")
        : "(none)",
    }),
  );
  ctx.progress(undefined, "rendering the report");
  await renderReport(ctx.session, ctx.emit, ctx.signal);
  ctx.progress(undefined, "finishing");
  return { summary: reporter.text, verified: verification.verdict === "pass", usage };
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
