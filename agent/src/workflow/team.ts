import { AGENT_NAMES, type AgentName, type Usage } from "agentcore-vpc-platform-contract";
import { Agent } from "@strands-agents/sdk";
import { BackoffModelRetryStrategy } from "../retry.js";
import { type Plan, planTool } from "./planner.js";
import { systemPrompt } from "./prompts.js";
import { runStage, type StagePart, type StageResult } from "./stage.js";
import { executorTools } from "./tools.js";
import { addUsage, emptyUsage } from "./usage.js";
import type { WorkflowContext } from "./workflow.js";

/** The four agents of one invocation, and what they have used so far. */
export interface Team {
  /** Runs one stage of an agent; its usage is added to the agent's total. */
  stage(name: AgentName, round: number, parts: StagePart[]): Promise<StageResult>;
  /** Token totals per agent that has run. */
  usage: Partial<Record<AgentName, Usage>>;
  /** The last plan the planner submitted, if any. */
  plan(): Plan | undefined;
}

/**
 * Builds the agents: the planner with only its plan tool, the others with the executor tools. Each system
 * prompt is fixed per agent and language, so it and the tool specs form a prefix the prompt cache serves on
 * every call after the first.
 */
export function createTeam(ctx: WorkflowContext): Team {
  let fatal: Error | undefined;
  let submitted: Plan | undefined;
  const usage: Partial<Record<AgentName, Usage>> = {};
  const agents = {} as Record<AgentName, Agent>;

  for (const name of AGENT_NAMES) {
    const agent: Agent = new Agent({
      name,
      model: ctx.models[name],
      systemPrompt: systemPrompt(name, ctx.language),
      printer: false,
      tools:
        name === "planner"
          ? [planTool((plan) => (submitted = plan))]
          : executorTools({
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

  return {
    usage,
    plan: () => submitted,
    async stage(name, round, parts) {
      ctx.progress(name, "starting");
      const result = await runStage({
        name,
        round,
        modelId: ctx.models[name].modelId ?? "unknown",
        agent: agents[name],
        parts,
        emit: ctx.emit,
        signal: ctx.signal,
        eventOutputMaxChars: ctx.config.eventOutputMaxChars,
        fatalError: () => fatal,
        activity: (what) => ctx.progress(name, what),
      });
      usage[name] = addUsage(usage[name] ?? emptyUsage(), result.usage);
      return result;
    },
  };
}
