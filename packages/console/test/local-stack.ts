import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const EXECUTOR_BUILT = existsSync(path.join(REPO, "executor", "dist", "main.js"));
export const SCRIPTED_PROMPT =
  "총 매출액을 계산하고, 카테고리별 매출 비중도 함께 보여줘. pdf 보고서 생성해줘";

export interface LocalStack {
  agentUrl: string;
  localS3: string;
  work: string;
  stop(): Promise<void>;
}

/**
 * The scripted local stack, as `npm run dev` starts it (the same supervisor: the real executor and the
 * agent with the recorded sales run), on free ports with its own S3 stand-in and, as root, its own worker
 * uid range. Resolves once the supervisor says both are up.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const work = mkdtempSync(path.join(os.tmpdir(), "console-stack-"));
  chmodSync(work, 0o755); // session workers (their own uids, as root) must reach the executor's folder
  const localS3 = path.join(work, "s3");
  mkdirSync(localS3);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EXECUTOR_PORT: String(await freePort()),
    EXECUTOR_WORK_DIR: path.join(work, "executor"),
    AGENT_LOCAL_S3_DIR: localS3,
    AGENT_SCRIPTED_MODEL: path.join(REPO, "agent", "scripted", "sales-ko.json"),
    AGENT_HEARTBEAT_MS: "1000",
    LOG_LEVEL: "warn",
  };
  if (process.getuid?.() === 0) env.EXECUTOR_WORKER_UID_BASE = String(400_000 + (process.pid % 1000) * 120);
  const child: ChildProcess = spawn(path.join(REPO, "node_modules", ".bin", "tsx"), ["agent/src/dev.ts"], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const until = Date.now() + 150_000;
  while (!out.includes("Ctrl-C stops both processes.")) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`the local stack did not start:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    agentUrl: `http://127.0.0.1:${port}`,
    localS3,
    work,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
