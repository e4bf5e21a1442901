import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "../test/net";
import { Connection } from "./client";
import { sleep } from "./stats";

const EXECUTOR_DIR = path.resolve(__dirname, "..");

export interface BenchServer {
  child: ChildProcess;
  port: number;
  control: Connection;
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the executor as its own process (`node --import tsx src/main.ts`, as `npm start` runs dist/main.js)
 * in a throwaway work folder and waits for /health. BENCH_SERVER_PROFILE names a folder for a V8 CPU profile.
 */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-bench-"));
  const profile = process.env.BENCH_SERVER_PROFILE;
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/main.ts"], {
    cwd: EXECUTOR_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      EXECUTOR_WORK_DIR: workDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info", // the production default: request logs included
      NODE_NO_WARNINGS: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const control = new Connection(port);
  for (;;) {
    if (child.exitCode !== null) throw new Error("the executor exited during start-up");
    const health = await control.request("GET", "/health").catch(() => {
      control.close();
      return null;
    });
    if (health?.status === 200) break;
    if (performance.now() - started > 120_000) throw new Error("the executor did not start in 120 s");
    await sleep(50);
  }
  return {
    child,
    port,
    control,
    readyMs: performance.now() - started,
    async stop() {
      control.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(30_000)]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
