/**
 * Errors every tool prints the same way: one line saying what went wrong and what to do about it.
 */

/** A failure whose message is already the one-line reason (and fix) to print; no stack trace. */
export class OperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OperatorError";
  }
}

/** An error's `name` (AWS SDK v3 and the Automation API put their error codes there), else "Error". */
export function errorName(err: unknown): string {
  if (err && typeof err === "object" && "name" in err && typeof err.name === "string") return err.name;
  return "Error";
}

/** An error's message, whatever was thrown. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "string") return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** The first non-blank line, trimmed. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== "") ?? ""
  );
}
