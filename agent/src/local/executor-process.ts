import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** executor/dist/main.js in this repository (src/local and dist/local are both two levels below agent/). */
export const EXECUTOR_MAIN = fileURLToPath(new URL("../../../executor/dist/main.js", import.meta.url));

export interface ExecutorProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real executor (built) on 127.0.0.1 and waits for /health. Used by `npm run dev` and the
 * end-to-end tests. Debian's python3 serves when it has pandas and matplotlib (executor/README.md).
 */
export async function startExecutorProcess(opts: {
  port: number;
  workDir?: string;
  env?: Record<string, string>;
  stdio?: "inherit" | "ignore";
}): Promise<ExecutorProcess> {
  if (!existsSync(EXECUTOR_MAIN))
    throw new Error(`${EXECUTOR_MAIN} is missing: run npm run build -w executor`);
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const child = spawn(process.execPath, [EXECUTOR_MAIN], {
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      EXECUTOR_PYTHON: process.env.EXECUTOR_PYTHON ?? python,
      LOG_LEVEL: process.env.EXECUTOR_LOG_LEVEL ?? "warn",
      ...(opts.workDir ? { EXECUTOR_WORK_DIR: opts.workDir } : {}),
      ...opts.env,
    },
    stdio: ["ignore", opts.stdio ?? "inherit", opts.stdio ?? "inherit"],
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the executor exited with code ${child.exitCode} during start-up`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error("the executor did not become healthy within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A free TCP port on 127.0.0.1 (the executor takes its port from the environment, so it cannot use 0). */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
