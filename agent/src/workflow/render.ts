import type { EventInput } from "agentcore-vpc-platform-contract";
import { ExecutorError } from "../executor/client.js";
import type { ExecutorSession } from "../executor/session.js";

/**
 * The step after the Reporter: the platform (the executor's renderer, not model-written code) turns
 * `artifacts/report.md` into report.docx, report.pdf and report.html. A report that cannot be rendered (the
 * Reporter wrote no report.md) is said in a `render` event and does not fail the run; an executor that is
 * gone still does (the error propagates).
 */
export async function renderReport(
  session: ExecutorSession,
  emit: (event: EventInput) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  let result;
  try {
    result = await session.use((client, id) => client.render(id, signal));
  } catch (err) {
    if (!(err instanceof ExecutorError) || err.status >= 500) throw err;
    emit({
      type: "render",
      status: "failed",
      files: [],
      durationMs: Date.now() - started,
      message: err.message,
    });
    return;
  }
  for (const file of result.files) emit({ type: "artifact", path: file.path, size: file.size });
  const warnings = result.warnings.length ? ` (${result.warnings.join("; ")})` : "";
  emit({
    type: "render",
    status: result.status,
    files: result.files,
    durationMs: result.durationMs,
    ...(result.error || warnings ? { message: `${result.error ?? ""}${warnings}`.trim() } : {}),
  });
}
