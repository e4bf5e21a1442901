import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Preloaded into every child: it stops when its parent (this supervisor) is gone. */
export const EXIT_WITH_PARENT = fileURLToPath(new URL("./exit-with-parent.mjs", import.meta.url));

export interface ChildSpec {
  /** Shown in messages: "executor", "agent". */
  name: string;
  /** Node arguments after the preloads (the script and its arguments). */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves once the child answers (e.g. its health URL); the child's early exit fails it. */
  ready: () => Promise<boolean>;
  /** Start it again when it dies unasked (the executor), or end everything (the agent). */
  restart: boolean;
  /** How long `ready` may take. @default 60000 */
  readyTimeoutMs?: number;
}

/** Wait before restart n (1-based): 1 s, 2 s, 4 s … at most 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** "code 1", "signal SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? "?"}`;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<void>;
  restarts: number;
  healthySince: number;
}

/**
 * The processes of `npm run dev`: each child is a node process with an IPC channel and the exit-with-parent
 * preload, so it ends when the supervisor ends however that happens. A child with `restart` that dies is
 * reported and started again (with backoff); any other child's death ends the supervisor via `onFatal`.
 */
export class Supervisor {
  private readonly children = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly print: (line: string) => void,
    private readonly onFatal: (reason: string) => void,
  ) {}

  /** Starts a child and waits until it is ready. */
  async start(spec: ChildSpec, restarts = 0): Promise<void> {
    const child = spawn(process.execPath, ["--import", EXIT_WITH_PARENT, ...spec.args], {
      env: spec.env,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const running: Running = { spec, child, exited, restarts, healthySince: 0 };
    this.children.set(spec.name, running);
    child.once("exit", (code, signal) => this.exited(running, code, signal));
    const until = Date.now() + (spec.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `the ${spec.name} exited during start-up (${describeExit(child.exitCode, child.signalCode)})`,
        );
      if (await spec.ready().catch(() => false)) break;
      if (Date.now() > until) {
        child.kill("SIGKILL");
        throw new Error(
          `the ${spec.name} did not become ready within ${(spec.readyTimeoutMs ?? 60_000) / 1000} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    running.healthySince = Date.now();
  }

  pid(name: string): number | undefined {
    return this.children.get(name)?.child.pid;
  }

  /** Stops every child: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const all = [...this.children.values()];
    for (const { child } of all)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const force = setTimeout(() => {
      for (const { child } of all)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }, graceMs);
    await Promise.all(all.map((r) => r.exited));
    clearTimeout(force);
  }

  private exited(running: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.children.get(running.spec.name) !== running) return;
    const how = describeExit(code, signal);
    if (!running.spec.restart) {
      this.print(`✘ the ${running.spec.name} exited (${how}); stopping`);
      this.onFatal(`${running.spec.name} exited`);
      return;
    }
    // A child that ran for a minute starts its backoff over.
    const attempt =
      running.healthySince && Date.now() - running.healthySince > 60_000 ? 1 : running.restarts + 1;
    const delay = restartDelayMs(attempt);
    this.print(`✘ the ${running.spec.name} died (${how}); restarting it in ${delay / 1000} s`);
    setTimeout(() => {
      if (this.stopping) return;
      this.start(running.spec, attempt).then(
        () => this.print(`✔ the ${running.spec.name} is running again (pid ${this.pid(running.spec.name)})`),
        (err: unknown) => {
          if (!this.stopping)
            this.print(`✘ restarting the ${running.spec.name} failed: ${(err as Error).message}`);
        },
      );
    }, delay);
  }
}
