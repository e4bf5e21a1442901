/**
 * Each agent's model, output limit and thinking budget: resolved from the `models` argument (per-agent values
 * over `default` over the package defaults), checked against Bedrock's rules, and handed to the agent as
 * runtime environment variables (`AGENT_MODEL_ENV`).
 */
import {
  AGENT_MODEL_ENV,
  MODEL_AGENTS,
  type ModelAgent,
  RUNTIME_ENV,
  inferenceSettingsProblems,
} from "agentcore-vpc-platform-contract";
import type { PerAgent, PlatformModelArgs } from "../args";
import { MODEL_DEFAULTS, PLATFORM_DEFAULTS } from "../defaults";
import type { ArgumentProblem } from "../errors";
import { modelIdProblem } from "../iam/models";

/** Model ids: the fallback and every agent's. */
export type ModelIds = { readonly default: string } & Readonly<Record<ModelAgent, string>>;

/** One agent's output limit and thinking budget (0 = thinking off). */
export interface AgentInference {
  readonly maxTokens: number;
  readonly thinkingBudgetTokens: number;
}

export type AgentInferenceSettings = Readonly<Record<ModelAgent, AgentInference>>;

const PER_AGENT_KEYS: readonly string[] = ["default", ...MODEL_AGENTS];

function pick<T>(values: PerAgent<T> | undefined, agent: ModelAgent, fallback: T): T {
  return values?.[agent] ?? values?.default ?? fallback;
}

/** Every agent's model id, with `default` filling the gaps. */
export function resolveModelIds(models: PlatformModelArgs | undefined): ModelIds {
  const fallback = models?.default ?? PLATFORM_DEFAULTS.model;
  const ids = Object.fromEntries(MODEL_AGENTS.map((agent) => [agent, models?.[agent] ?? fallback]));
  return { default: fallback, ...(ids as Record<ModelAgent, string>) };
}

/** Every agent's output limit and thinking budget, with `default` and then the package defaults filling the gaps. */
export function resolveInference(models: PlatformModelArgs | undefined): AgentInferenceSettings {
  return Object.fromEntries(
    MODEL_AGENTS.map((agent) => [
      agent,
      {
        maxTokens: pick(models?.maxTokens, agent, MODEL_DEFAULTS.maxTokens),
        thinkingBudgetTokens: pick(models?.thinkingBudgetTokens, agent, MODEL_DEFAULTS.thinkingBudgetTokens),
      },
    ]),
  ) as Record<ModelAgent, AgentInference>;
}

function unknownKeyProblems(values: unknown, path: string): ArgumentProblem[] {
  if (values === undefined) return [];
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    return [{ propertyPath: path, reason: `must be a map with keys ${PER_AGENT_KEYS.join(", ")}.` }];
  }
  return Object.keys(values)
    .filter((key) => !PER_AGENT_KEYS.includes(key))
    .map((key) => ({
      propertyPath: `${path}.${key}`,
      reason: `is not an agent; the keys are ${PER_AGENT_KEYS.join(", ")}.`,
    }));
}

/**
 * Every problem with the `models` argument: ids Bedrock would not know, unknown agents, and output limits and
 * thinking budgets Bedrock would reject (the contract's `inferenceSettingsProblems`, one definition with the
 * agent's own start-up check). The component sets no tool choice: the agent checks its own with the same rule.
 */
export function modelSettingsProblems(models: PlatformModelArgs | undefined): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [
    ...unknownKeyProblems(models?.maxTokens, "models.maxTokens"),
    ...unknownKeyProblems(models?.thinkingBudgetTokens, "models.thinkingBudgetTokens"),
  ];
  if (problems.length > 0) return problems;
  const ids = resolveModelIds(models);
  for (const key of ["default", ...MODEL_AGENTS] as const) {
    const reason = modelIdProblem(ids[key]);
    if (reason) problems.push({ propertyPath: `models.${key}`, reason });
  }
  const inference = resolveInference(models);
  // Blame the value an agent got: its own entry when it has one, else `default` (naming the agents it reaches).
  const fromDefault = new Map<string, ModelAgent[]>();
  for (const agent of MODEL_AGENTS) {
    for (const { field, reason } of inferenceSettingsProblems(inference[agent])) {
      const values = field === "maxTokens" ? models?.maxTokens : models?.thinkingBudgetTokens;
      if (values?.[agent] !== undefined) {
        problems.push({ propertyPath: `models.${field}.${agent}`, reason });
      } else {
        const key = `models.${field}.default\n${reason}`;
        fromDefault.set(key, [...(fromDefault.get(key) ?? []), agent]);
      }
    }
  }
  for (const [key, agents] of fromDefault) {
    const [propertyPath, reason] = key.split("\n") as [string, string];
    problems.push({ propertyPath, reason: `${reason} (for ${agents.join(", ")})` });
  }
  return problems;
}

/** The runtime variables of every agent's model, output limit and thinking budget. */
export function agentModelEnvironment(
  ids: ModelIds,
  inference: AgentInferenceSettings,
): Record<string, string> {
  const env: Record<string, string> = { [RUNTIME_ENV.defaultModel]: ids.default };
  for (const agent of MODEL_AGENTS) {
    const names = AGENT_MODEL_ENV[agent];
    env[names.model] = ids[agent];
    env[names.maxTokens] = String(inference[agent].maxTokens);
    env[names.thinkingBudgetTokens] = String(inference[agent].thinkingBudgetTokens);
  }
  return env;
}
