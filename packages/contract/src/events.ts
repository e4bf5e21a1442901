import { z } from "zod";
import { AGENT_NAMES } from "./models";

/**
 * The agent's event stream. Each SSE message is one `data:` line holding one JSON event; every event carries
 * `type`, a per-invocation sequence number `seq` (from 0, no gaps) and an ISO timestamp `ts`.
 */
export const agentName = z.enum(AGENT_NAMES);

const tokens = z.number().int().nonnegative();
/**
 * Token counts as Bedrock reports them: `inputTokens` are the uncached input tokens; tokens read from or
 * written to the prompt cache are counted apart (and priced apart). `totalTokens` is all four.
 */
const usage = z.object({
  inputTokens: tokens,
  outputTokens: tokens,
  cacheReadInputTokens: tokens.default(0),
  cacheWriteInputTokens: tokens.default(0),
  totalTokens: tokens,
});
export type Usage = z.infer<typeof usage>;

/** What the planner decided: `direct` answers from one Coder step; `full` runs Coder → Validator → Reporter. */
export const route = z.enum(["direct", "full"]);
export type Route = z.infer<typeof route>;

/** One numbered step of a plan: analyses and charts are the Coder's, checks the Validator's. */
const planStep = z.object({
  n: z.number().int().positive(),
  kind: z.enum(["analysis", "chart", "check"]),
  title: z.string().min(1),
  agent: z.enum(["coder", "validator"]),
});
export type PlanStep = z.infer<typeof planStep>;

/** A cost estimate from the agent's price table; `usd` is null for a model without a price. */
const agentCost = z.object({
  modelId: z.string(),
  usd: z.number().nonnegative().nullable(),
});
const cost = z.object({
  currency: z.literal("USD"),
  /** Sum over agents with a price; agents without one are listed in `unpriced`. */
  totalUsd: z.number().nonnegative(),
  agents: z.record(z.string(), agentCost),
  unpriced: z.array(z.string()),
});
export type CostEstimate = z.infer<typeof cost>;

const artifactRef = z.object({ path: z.string(), size: z.number().int().nonnegative(), uri: z.string() });
export type ArtifactRef = z.infer<typeof artifactRef>;

const check = z.object({
  id: z.string(),
  coderValue: z.union([z.number(), z.string(), z.null()]),
  validatorValue: z.union([z.number(), z.string(), z.null()]),
  match: z.boolean(),
  citation: z.string().optional(),
});

const bodies = {
  start: {
    sessionId: z.string(),
    /** This run's folder in the session (`sessions/<session>/runs/<runId>/`): a session may hold many runs. */
    runId: z.string(),
    requestId: z.string(),
    language: z.enum(["ko", "en"]),
    dataUri: z.string().optional(),
  },
  agent_start: { agent: agentName, model: z.string(), round: z.number().int().positive() },
  agent_end: { agent: agentName, stopReason: z.string(), durationMs: z.number().nonnegative() },
  text: { agent: agentName, delta: z.string() },
  tool_call: {
    agent: agentName,
    toolUseId: z.string(),
    name: z.string(),
    input: z.string(),
    truncated: z.boolean(),
  },
  tool_result: {
    agent: agentName,
    toolUseId: z.string(),
    name: z.string(),
    status: z.enum(["success", "error"]),
    output: z.string(),
    truncated: z.boolean(),
  },
  artifact: { agent: agentName.optional(), path: z.string(), size: z.number().int().nonnegative() },
  session: {
    action: z.enum(["created", "data_loaded", "lost", "recreated", "deleted"]),
    executorSessionId: z.string(),
    message: z.string().optional(),
  },
  validation: {
    round: z.number().int().positive(),
    verdict: z.enum(["pass", "fail"]),
    checks: z.array(check),
    findings: z.array(z.string()),
  },
  retry: {
    agent: agentName.optional(),
    attempt: z.number().int().positive(),
    waitMs: z.number().nonnegative(),
    reason: z.string(),
  },
  /** The plan, before any step runs; `direct` plans have one step. */
  plan: {
    route,
    reason: z.string(),
    steps: z.array(planStep).min(1),
  },
  /** Which plan step is running (`running`) or has finished (`done`). */
  progress: {
    agent: agentName,
    step: z.number().int().positive(),
    of: z.number().int().positive(),
    kind: planStep.shape.kind,
    title: z.string(),
    status: z.enum(["running", "done"]),
  },
  heartbeat: { elapsedMs: z.number().nonnegative(), agent: agentName.optional(), activity: z.string() },
  usage: { agent: agentName, ...usage.shape },
  done: {
    artifacts: z.array(artifactRef),
    summary: z.string(),
    verified: z.boolean(),
    /** The path the run took (`direct`: no Validator or Reporter, so `verified` is false). */
    route: route.default("full"),
    usage: z.record(z.string(), usage),
    cost: cost.optional(),
    durationMs: z.number().nonnegative(),
  },
  /** The platform rendered `report.md` to DOCX, PDF and HTML (or could not, and says why). */
  render: {
    status: z.enum(["ok", "failed"]),
    files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative() })),
    durationMs: z.number().nonnegative(),
    message: z.string().optional(),
  },
  /** The answer to a cancel invocation: `requested` at once, then `stopped` once the run has ended. */
  cancel: {
    sessionId: z.string(),
    runId: z.string().optional(),
    state: z.enum(["requested", "stopped", "not_running"]),
    message: z.string(),
  },
  health: {
    status: z.enum(["ok", "degraded"]),
    executor: z.object({
      url: z.string(),
      httpStatus: z.number().int().nullable(),
      durationMs: z.number().nonnegative(),
      error: z.string().optional(),
    }),
  },
  error: {
    agent: agentName.optional(),
    stage: z.string(),
    code: z.string(),
    message: z.string(),
  },
} as const;

type Bodies = typeof bodies;
export type EventType = keyof Bodies;

const envelope = { seq: z.number().int().nonnegative(), ts: z.string() };

function member<T extends EventType>(type: T) {
  return z.object({ type: z.literal(type), ...envelope, ...bodies[type] }).strict();
}

export const agentEvent = z.discriminatedUnion("type", [
  member("start"),
  member("agent_start"),
  member("agent_end"),
  member("text"),
  member("tool_call"),
  member("tool_result"),
  member("artifact"),
  member("session"),
  member("validation"),
  member("retry"),
  member("plan"),
  member("progress"),
  member("heartbeat"),
  member("usage"),
  member("done"),
  member("render"),
  member("cancel"),
  member("health"),
  member("error"),
]);
export type AgentEvent = z.infer<typeof agentEvent>;
export type EventOf<T extends EventType> = Extract<AgentEvent, { type: T }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/**
 * What producers hand to the stream: the envelope (seq, ts) is added, and defaults filled, when the event is
 * sealed (parsed), so fields with defaults are optional here.
 */
export type EventInput = DistributiveOmit<z.input<typeof agentEvent>, "seq" | "ts">;
