/**
 * The model every agent uses unless told otherwise: a global cross-region inference profile, which works
 * from every region AgentCore runs in.
 */
export const DEFAULT_MODEL_ID = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** The agents of the workflow, in the order they run. */
export const AGENT_NAMES = ["coder", "validator", "reporter"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];
