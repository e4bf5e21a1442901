/**
 * The model every agent uses unless told otherwise: a global cross-region inference profile, which works
 * from every region AgentCore runs in.
 */
export const DEFAULT_MODEL_ID = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** The agents of the workflow, in the order they run. */
export const AGENT_NAMES = ["planner", "coder", "validator", "reporter"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** The agents whose model, output limit and thinking budget are configured one by one: every agent. */
export const MODEL_AGENTS = AGENT_NAMES;
export type ModelAgent = AgentName;

/** Output tokens per model call when an agent has no limit of its own. */
export const DEFAULT_MAX_TOKENS = 8192;

/**
 * Smallest extended-thinking budget Anthropic's models accept (`thinking.budget_tokens`); the budget must also
 * be below the call's `max_tokens`.
 */
export const MIN_THINKING_BUDGET_TOKENS = 1024;

/**
 * How the model may pick tools (Bedrock Converse `toolChoice`): `auto` lets it answer or call a tool, `any`
 * and `tool` force a call. Extended thinking works with `auto` only.
 */
export type ToolChoice = "auto" | "any" | "tool";

/** One agent's inference settings, as the component configures them and the agent applies them. */
export interface InferenceSettings {
  /** Output tokens per model call. */
  readonly maxTokens: number;
  /** Extended-thinking budget per call; 0 turns thinking off. */
  readonly thinkingBudgetTokens: number;
  /** The tool choice the agent sends. @default "auto" (none sent) */
  readonly toolChoice?: ToolChoice;
  /** The sampling temperature the agent sends. @default none sent */
  readonly temperature?: number;
}

/**
 * What Bedrock would reject in one agent's settings, checked before any call: by the component at preview
 * (for the values it configures) and by the agent at start-up (for the tool choice and temperature it sends).
 * With thinking on, Anthropic's models accept only automatic tool choice and a temperature of 1.
 * @returns one sentence per problem, naming the field; empty when the settings are usable
 */
export function inferenceSettingsProblems(settings: InferenceSettings): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  const { maxTokens, thinkingBudgetTokens, toolChoice, temperature } = settings;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    problems.push({ field: "maxTokens", reason: `must be a whole number of 1 or more, got ${maxTokens}.` });
  }
  if (!Number.isInteger(thinkingBudgetTokens) || thinkingBudgetTokens < 0) {
    problems.push({
      field: "thinkingBudgetTokens",
      reason: `must be 0 (thinking off) or a whole number of tokens, got ${thinkingBudgetTokens}.`,
    });
    return problems;
  }
  if (thinkingBudgetTokens === 0) return problems;
  if (thinkingBudgetTokens < MIN_THINKING_BUDGET_TOKENS) {
    problems.push({
      field: "thinkingBudgetTokens",
      reason: `must be 0 (thinking off) or at least ${MIN_THINKING_BUDGET_TOKENS}, got ${thinkingBudgetTokens}.`,
    });
  } else if (Number.isInteger(maxTokens) && thinkingBudgetTokens >= maxTokens) {
    problems.push({
      field: "thinkingBudgetTokens",
      reason: `must be below maxTokens (${maxTokens}): thinking counts toward the output limit; got ${thinkingBudgetTokens}.`,
    });
  }
  if (toolChoice !== undefined && toolChoice !== "auto") {
    problems.push({
      field: "toolChoice",
      reason: `extended thinking works with automatic tool choice only; "${toolChoice}" forces a tool call.`,
    });
  }
  if (temperature !== undefined && temperature !== 1) {
    problems.push({
      field: "temperature",
      reason: `extended thinking requires a temperature of 1 (or none sent), got ${temperature}.`,
    });
  }
  return problems;
}
