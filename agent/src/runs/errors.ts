import { ModelError } from "@strands-agents/sdk";
import { ExecutorError } from "../executor/client.js";
import { SessionUnavailableError } from "../executor/session.js";
import { describeError } from "../retry.js";
import { ScriptMismatchError } from "../workflow/scripted-model.js";

/** What ended a run early; each maps to one error code of the terminal `error` event. */
export class RunTimeoutError extends Error {
  override name = "RunTimeoutError";
}
export class ShutdownError extends Error {
  override name = "ShutdownError";
}
export class CancelledError extends Error {
  override name = "CancelledError";
}
/** The executor did not answer its health check before the run's first model call. */
export class ExecutorUnreachableError extends Error {
  override name = "ExecutorUnreachableError";
}

/** Maps whatever ended a run to the error event's code and message. */
export function classifyRunError(err: unknown): { code: string; message: string } {
  if (err instanceof RunTimeoutError) return { code: "RUN_TIMEOUT", message: err.message };
  if (err instanceof ShutdownError) return { code: "SHUTDOWN", message: err.message };
  if (err instanceof CancelledError) return { code: "CANCELLED", message: err.message };
  if (err instanceof ScriptMismatchError) return { code: "SCRIPTED_MODEL_MISMATCH", message: err.message };
  if (err instanceof ExecutorUnreachableError) return { code: "EXECUTOR_UNREACHABLE", message: err.message };
  if (err instanceof SessionUnavailableError)
    return { code: "EXECUTOR_SESSION_UNAVAILABLE", message: err.message };
  if (err instanceof ExecutorError) return { code: "EXECUTOR_ERROR", message: err.message };
  if (err instanceof TypeError && /fetch failed/.test(err.message))
    return {
      code: "EXECUTOR_UNREACHABLE",
      message: `executor unreachable: ${describeError(err.cause ?? err)}`,
    };
  if (err instanceof ModelError) return { code: "MODEL_ERROR", message: describeError(err) };
  return { code: "INTERNAL_ERROR", message: describeError(err) };
}
