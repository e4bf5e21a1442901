import type { EventInput } from "agentcore-vpc-platform-contract";
import type { ExecutorSession } from "../executor/session.js";
import { renderPrompt } from "./prompts.js";

/** Where the Reporter writes its report, and where the direct route puts the short one. */
export const REPORT_PATH = "artifacts/report.md";

/** The longest heading the short report takes from the question (the rest of a long question is dropped). */
const HEADING_MAX = 120;

/**
 * The short report of a direct answer: the question as its heading, the Coder's answer, and a line saying it
 * was not independently verified, in the user's language. Markdown like the Reporter's, so the platform
 * renders both the same way.
 */
export function directReport(question: string, answer: string, language: "ko" | "en"): string {
  // The question's own leading #s would nest the heading.
  const firstLine = (question.trim().split(/\r?\n/)[0] ?? "").replace(/^#+\s*/, "");
  const heading = firstLine.length > HEADING_MAX ? `${firstLine.slice(0, HEADING_MAX - 1)}…` : firstLine;
  return `${renderPrompt(language === "ko" ? "direct-report-ko" : "direct-report-en", {
    question: heading,
    answer: answer.trim() || "-",
  })}\n`;
}

/** Writes the short report into the session's artifacts, as the Reporter's `write_file` would. */
export async function writeDirectReport(
  session: ExecutorSession,
  emit: (event: EventInput) => void,
  report: string,
  signal: AbortSignal,
): Promise<void> {
  await session.use((client, id) => client.putFile(id, REPORT_PATH, report, signal));
  emit({ type: "artifact", agent: "coder", path: REPORT_PATH, size: Buffer.byteLength(report) });
}
