import type { AgentName, EventInput } from "agentcore-vpc-platform-contract";
import { tool } from "@strands-agents/sdk";
import type { InvokableTool } from "@strands-agents/sdk";
import { z } from "zod";
import { truncate } from "../events.js";
import { ExecutorError, type ExecuteResult } from "../executor/client.js";
import { SessionUnavailableError, type ExecutorSession } from "../executor/session.js";

export interface ToolDeps {
  session: ExecutorSession;
  emit: (event: EventInput) => void;
  agent: AgentName;
  /** Characters of output returned to the model. */
  outputMaxChars: number;
  defaultTimeoutSeconds: number;
  /** Records an error that must end the run (the executor is gone), and stops the current agent. */
  fatal: (error: Error) => void;
  /** The run's signal: a cancelled run aborts its executing cell's request at once. */
  signal: AbortSignal;
}

/** An execution that ran and failed (Python exception, timeout): the model sees it and may fix its code. */
class ToolFailure extends Error {}

/** Lost sessions, 5xx and network failures end the run; 4xx are the model's mistakes and go back to it. */
function isFatal(err: unknown): boolean {
  if (err instanceof SessionUnavailableError) return true;
  if (err instanceof ExecutorError) return err.status >= 500;
  return err instanceof TypeError; // fetch: connection refused/reset
}

/** Wraps a tool body: caps output, prepends the session notice, routes fatal errors. */
async function guarded(deps: ToolDeps, body: () => Promise<string>): Promise<string> {
  try {
    const text = await body();
    const notice = deps.session.takeNotice();
    return truncate(notice ? `${notice}\n\n${text}` : text, deps.outputMaxChars).text;
  } catch (err) {
    if (err instanceof ToolFailure)
      throw new Error(truncate(err.message, deps.outputMaxChars).text, { cause: err });
    if (isFatal(err)) deps.fatal(err as Error);
    throw err;
  }
}

function formatExecution(result: ExecuteResult): string {
  const parts = [`status: ${result.status} (${result.durationMs} ms)`];
  if (result.stdout) parts.push(`stdout:\n${result.stdout}`);
  if (result.stderr) parts.push(`stderr:\n${result.stderr}`);
  if (result.error) parts.push(`error: ${result.error}`);
  if (result.truncated) parts.push("(the executor truncated this output)");
  if (result.stateLost) parts.push("(the Python state was lost; files are kept)");
  if (result.artifacts.length)
    parts.push(`files written: ${result.artifacts.map((a) => `${a.path} (${a.size} bytes)`).join(", ")}`);
  return parts.join("\n");
}

function announceArtifacts(deps: ToolDeps, result: ExecuteResult): void {
  for (const a of result.artifacts) {
    if (a.path.startsWith("artifacts/"))
      deps.emit({ type: "artifact", agent: deps.agent, path: a.path, size: a.size });
  }
}

const sessionPath = z
  .string()
  .min(1)
  .describe("path relative to the working directory, e.g. data/sales.csv or artifacts/report.md");

export function executorTools(deps: ToolDeps): InvokableTool<unknown, unknown>[] {
  const execute = (code: string, language: "python" | "bash", timeoutSeconds: number | undefined) =>
    guarded(deps, async () => {
      const result = await deps.session.use((client, id) =>
        client.execute(
          id,
          { code, language, timeoutSeconds: timeoutSeconds ?? deps.defaultTimeoutSeconds },
          deps.signal,
        ),
      );
      announceArtifacts(deps, result);
      const text = formatExecution(result);
      if (result.status !== "ok") throw new ToolFailure(text);
      return text;
    });

  const timeout = z.number().int().min(1).max(3600).optional().describe("wall-clock limit in seconds");
  return [
    tool({
      name: "run_python",
      description:
        "Run Python in the session's persistent interpreter (variables and imports persist between calls, as " +
        "in a notebook). The working directory holds data/ (input) and artifacts/ (deliverables). pandas, " +
        "numpy and matplotlib are available. Returns stdout, stderr and the files written.",
      inputSchema: z.object({ code: z.string().min(1), timeoutSeconds: timeout }),
      callback: ({ code, timeoutSeconds }) => execute(code, "python", timeoutSeconds),
    }),
    tool({
      name: "run_bash",
      description:
        "Run a bash command in the session's working directory. Returns stdout, stderr and files written.",
      inputSchema: z.object({ command: z.string().min(1), timeoutSeconds: timeout }),
      callback: ({ command, timeoutSeconds }) => execute(command, "bash", timeoutSeconds),
    }),
    tool({
      name: "write_file",
      description: "Write a UTF-8 text file in the session (parent directories are created).",
      inputSchema: z.object({ path: sessionPath, content: z.string() }),
      callback: ({ path, content }) =>
        guarded(deps, async () => {
          await deps.session.use((client, id) => client.putFile(id, path, content, deps.signal));
          if (path.startsWith("artifacts/"))
            deps.emit({ type: "artifact", agent: deps.agent, path, size: Buffer.byteLength(content) });
          return `wrote ${path} (${Buffer.byteLength(content)} bytes)`;
        }),
    }),
    tool({
      name: "read_file",
      description: "Read a text file from the session (long files are cut in the middle).",
      inputSchema: z.object({ path: sessionPath }),
      callback: ({ path }) =>
        guarded(deps, async () => {
          const bytes = await deps.session.use((client, id) => client.getFile(id, path, deps.signal));
          if (bytes.includes(0)) return `${path} is a binary file of ${bytes.length} bytes`;
          return bytes.toString("utf8");
        }),
    }),
    tool({
      name: "list_files",
      description: "List the files in the session (data/, artifacts/ and anything else written).",
      inputSchema: z.object({}),
      callback: () =>
        guarded(deps, async () => {
          const files = await deps.session.use((client, id) => client.listFiles(id, deps.signal));
          const lines = files.filter((f) => f.type === "file").map((f) => `${f.path}\t${f.size} bytes`);
          return lines.length ? lines.join("\n") : "(no files)";
        }),
    }),
  ] as InvokableTool<unknown, unknown>[];
}
