import { z } from "zod";

/**
 * Structured log events of the executor. The server writes one JSON object per line (its logger's format, with
 * level, time and msg); for these events it adds the fields below, and the component's CloudWatch metric
 * filters count the lines by them (sessions started, executions killed for exceeding a budget).
 */

/** Field names of an event line. */
export const EXECUTOR_LOG_FIELDS = {
  /** Which event the line reports: one of `EXECUTOR_LOG_EVENTS`. */
  event: "event",
  sessionId: "sessionId",
  /** For a budget kill: which budget, one of `EXECUTOR_BUDGETS`. */
  budget: "budget",
} as const;

/** Values of the `event` field. Plain words and underscores: metric filter patterns quote them as they are. */
export const EXECUTOR_LOG_EVENTS = {
  /** A session was created (`POST /sessions` succeeded). */
  sessionCreated: "session_created",
  /** The server killed a session's worker because an execution exceeded a budget. */
  budgetKill: "budget_kill",
} as const;
export type ExecutorLogEventName = (typeof EXECUTOR_LOG_EVENTS)[keyof typeof EXECUTOR_LOG_EVENTS];

/**
 * The budgets whose breach ends an execution by killing its worker: the execution timeout, RLIMIT_CPU, the
 * session's memory, its disk bytes and its file count.
 */
export const EXECUTOR_BUDGETS = ["time", "cpu", "memory", "disk", "files"] as const;
export type ExecutorBudget = (typeof EXECUTOR_BUDGETS)[number];

/** An event line's own fields (the logger's level, time and msg come with it and are not checked). */
export const executorLogEvent = z.discriminatedUnion(EXECUTOR_LOG_FIELDS.event, [
  z.object({
    [EXECUTOR_LOG_FIELDS.event]: z.literal(EXECUTOR_LOG_EVENTS.sessionCreated),
    [EXECUTOR_LOG_FIELDS.sessionId]: z.string().min(1),
  }),
  z.object({
    [EXECUTOR_LOG_FIELDS.event]: z.literal(EXECUTOR_LOG_EVENTS.budgetKill),
    [EXECUTOR_LOG_FIELDS.sessionId]: z.string().min(1),
    [EXECUTOR_LOG_FIELDS.budget]: z.enum(EXECUTOR_BUDGETS),
  }),
]);
export type ExecutorLogEvent = z.infer<typeof executorLogEvent>;

/**
 * The CloudWatch Logs filter pattern that matches the event lines of one event: a JSON property selector
 * (`{ $.event = "session_created" }`; syntax: CloudWatch Logs "Filter pattern syntax", JSON log events).
 */
export function executorLogFilterPattern(event: ExecutorLogEventName): string {
  return `{ $.${EXECUTOR_LOG_FIELDS.event} = "${event}" }`;
}
