import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXECUTOR_MAIN, freePort } from "../src/local/executor-process.js";
import { eventually } from "./helpers/agent.js";

/**
 * The root README's local quick start, run exactly as written from the repository root (each command line
 * of its code block, through a shell). Only the environment moves it out of the way of anything else on
 * this machine: free ports, a temporary S3 stand-in, and (as root) the executor's own worker uid range.
 */
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const built = existsSync(EXECUTOR_MAIN);

function readmeCommands(): string[] {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Running the agent locally"));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.split("\n").filter((line) => line.trim() && !line.trim().startsWith("#"));
}

interface Ran {
  code: number | null;
  out: string;
}

let env: NodeJS.ProcessEnv;
let dev: ChildProcess | undefined;
let devOut = "";
const commands = readmeCommands();
const createdSales = !existsSync(path.join(REPO, "sales.csv"));
const sessions: string[] = [];

function run(command: string, timeoutMs = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const listening = (port: string) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "readme-"));
  env = {
    ...process.env,
    PORT: String(await freePort()),
    EXECUTOR_PORT: String(await freePort()),
    AGENT_LOCAL_S3_DIR: path.join(work, "s3"),
    LOG_LEVEL: "warn",
  };
  env.AGENT_URL = `http://127.0.0.1:${env.PORT}`;
  if (process.getuid?.() === 0) env.EXECUTOR_WORKER_UID_BASE = String(300_000 + (process.pid % 1000) * 120);
});

afterAll(async () => {
  if (dev?.exitCode === null) dev.kill("SIGKILL");
  if (createdSales) rmSync(path.join(REPO, "sales.csv"), { force: true });
  for (const id of sessions) rmSync(path.join(REPO, "downloads", id), { recursive: true, force: true });
});

describe.skipIf(!built)("the README's local quick start, from the repository root", () => {
  it("has the three commands: sample data, npm run dev with the scripted model, an invoke that passes a CSV", () => {
    expect(commands).toHaveLength(3);
    expect(commands[0]).toBe("npm run sample-data -- sales.csv");
    expect(commands[1]).toBe("AGENT_SCRIPTED_MODEL=agent/scripted/sales-ko.json npm run dev");
    expect(commands[2]).toMatch(/^npm run invoke -- --data \.\/sales\.csv "/);
  });

  it("writes the sales CSV where it is run", async () => {
    const { code, out } = await run(commands[0] as string);
    expect(code, out).toBe(0);
    expect(out).toContain(`wrote 2726 rows to ${path.join(REPO, "sales.csv")}`);
  });

  it("starts executor and agent, says what the scripted model can do, and runs the CSV to a verified report", async () => {
    dev = spawn("sh", ["-c", commands[1] as string], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    dev.stdout?.on("data", (c: Buffer) => (devOut += c.toString()));
    dev.stderr?.on("data", (c: Buffer) => (devOut += c.toString()));
    await eventually(() => devOut.includes("Ctrl-C stops both processes."), "npm run dev ready", 120_000);
    expect(devOut).toContain("The scripted model replays one prompt on one dataset");

    const { code, out } = await run(commands[2] as string);
    expect(code, out).toBe(0);
    const sessionId = /▶ session (\S+) · run (\S+)/.exec(out)?.[1] as string;
    const runId = /▶ session (\S+) · run (\S+)/.exec(out)?.[2] as string;
    sessions.push(sessionId);
    expect(out).toMatch(/data: s3:\/\/local\/data\/cli-[\w-]+\/sales\.csv/);
    expect(out).toContain("✔ verification passed: 11 values re-computed independently");
    expect(out).toContain("■ done in");
    const downloaded = readdirSync(path.join(REPO, "downloads", sessionId, runId)).sort();
    expect(downloaded).toEqual(
      expect.arrayContaining(["calculations.json", "category_sales.png", "report.md"]),
    );

    // The same run, attached afterwards: replayed from its log to the same end.
    const attached = await run(`npm run invoke -- --attach ${sessionId}`);
    expect(attached.code, attached.out).toBe(0);
    expect(attached.out).toContain(`▶ session ${sessionId} · run ${runId}`);
    expect(attached.out).toContain("■ done in");
  });

  it("ends a prompt the recording does not cover with the scripted model's sentence", async () => {
    const { code, out } = await run('npm run invoke -- --data ./sales.csv "How many rows?"');
    const sessionId = /▶ session (\S+)/.exec(out)?.[1];
    if (sessionId) sessions.push(sessionId);
    expect(code).toBe(1);
    expect(out).toMatch(
      /SCRIPTED_MODEL_MISMATCH in setup: The scripted model replays one prompt on one dataset/,
    );
    expect(out).not.toMatch(/no turn \d/);
  });

  it("stops both processes when npm run dev is killed by pid", async () => {
    dev?.kill("SIGTERM"); // the shell running `npm run dev`, as `kill <pid>` would
    await eventually(
      async () => !(await listening(env.PORT as string)) && !(await listening(env.EXECUTOR_PORT as string)),
      "agent and executor stopped",
      30_000,
    );
  });
});
