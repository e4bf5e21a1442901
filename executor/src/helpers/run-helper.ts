import { spawn } from "node:child_process";
import path from "node:path";
import { killGroup } from "../proc/sweep";
import type { AssignRequest } from "../sessions/worker";
import { PYTHON_DIR } from "../sessions/zygote";

/** A helper script to run for a session (see SessionManager.runHelper). */
export interface HelperRequest {
  /** Absolute path of a Python script that is part of the server (never one a session wrote). */
  script: string;
  /** Its command-line arguments (sys.argv[1:]). @default [] */
  args?: string[];
  /** Killed (with everything it started) after this long. @default 300000 */
  timeoutMs?: number;
  /** Bytes kept of each of stdout and stderr; the rest is dropped. @default 1 MiB */
  outputBytes?: number;
}

export interface HelperResult {
  /** The script's exit status, or null when it was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Some output was dropped. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

class CappedText {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  dropped = 0;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): void {
    const room = this.cap - this.kept;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(room, 0));
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/**
 * Starts python/helper.py, which confines itself exactly like a worker of the session (uid, environment,
 * folder, limits, no_new_privs, not dumpable, seccomp) before it runs `request.script`, in its own process
 * group. `pid` is that group, for killing it with the session.
 */
export function spawnHelper(
  python: string,
  assign: AssignRequest,
  request: HelperRequest,
): { pid: number | undefined; result: Promise<HelperResult> } {
  if (!path.isAbsolute(request.script))
    throw new Error(`helper script must be an absolute path: ${request.script}`);
  const started = performance.now();
  const spec = { assign, script: request.script, args: request.args ?? [] };
  const child = spawn(python, ["-I", "-S", path.join(PYTHON_DIR, "helper.py"), JSON.stringify(spec)], {
    cwd: "/",
    env: assign.env,
    detached: true, // its own session and process group
    stdio: ["ignore", "pipe", "pipe"],
  });
  const cap = request.outputBytes ?? 1024 * 1024;
  const stdout = new CappedText(cap);
  const stderr = new CappedText(cap);
  child.stdout.on("data", (chunk: Buffer) => stdout.add(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.add(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) killGroup(child.pid);
  }, request.timeoutMs ?? 300_000);
  const result = new Promise<HelperResult>((resolve) => {
    child.on("error", (err) => stderr.add(Buffer.from(`could not start the helper: ${err.message}\n`)));
    // A process the script detached may hold its output pipes open: the result does not wait for it (the
    // session's sweep kills it).
    child.on("exit", () =>
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 200).unref(),
    );
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.dropped + stderr.dropped > 0,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
  return { pid: child.pid, result };
}
