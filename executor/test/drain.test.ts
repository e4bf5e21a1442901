import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoStrays, PYTHON, uniqueUidBase, type Json } from "./helpers";

const EXECUTOR_DIR = path.resolve(__dirname, "..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];
const dirs: { workDir: string; uidBase: number | undefined }[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const { workDir, uidBase } of dirs.splice(0)) {
    await expectNoStrays(workDir, uidBase ?? null);
    await rm(workDir, { recursive: true, force: true });
  }
});

/** Starts src/main.ts as its own process (the same entry point as `npm start`, via tsx). */
async function startProcess(env: Record<string, string>) {
  const port = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-drain-"));
  const uidBase = uniqueUidBase();
  dirs.push({ workDir, uidBase });
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: EXECUTOR_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      EXECUTOR_PYTHON: PYTHON,
      EXECUTOR_WORK_DIR: workDir,
      MPLCONFIGDIR: path.join(os.tmpdir(), "executor-test-mplconfig"),
      LOG_LEVEL: "warn",
      ...(uidBase === undefined ? {} : { EXECUTOR_WORKER_UID_BASE: String(uidBase) }),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const call = async (
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json() };
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error("executor exited during start-up");
    const ok = await call("GET", "/health").catch(() => null);
    if (ok?.status === 200) break;
    await sleep(100);
  }
  return { child, exited, call, workDir };
}

describe("SIGTERM drain", () => {
  it("finishes the running execution, reports 503 while draining, then exits 0", async () => {
    const { child, exited, call, workDir } = await startProcess({ EXECUTOR_DRAIN_GRACE_SECONDS: "60" });
    const { sessionId } = (await call("POST", "/sessions")).json;
    // the execution waits for a file the test creates, so nothing depends on timing
    const running = call("POST", `/sessions/${sessionId}/execute`, {
      code: "import os, time\nwhile not os.path.exists('release'):\n    time.sleep(0.02)\nprint('finished')",
    });
    while (!(await call("GET", `/sessions/${sessionId}`)).json.busy) await sleep(20);
    child.kill("SIGTERM");
    let health = await call("GET", "/health");
    while (health.status === 200) health = await call("GET", "/health");
    expect(health.status).toBe(503);
    expect(health.json.status).toBe("draining");
    const refused = await call("POST", "/sessions");
    expect(refused.status).toBe(503);
    expect(refused.json.code).toBe("DRAINING");
    expect(child.exitCode).toBeNull(); // still waiting for the execution
    await writeFile(path.join(workDir, "sessions", sessionId, "release"), "");
    const result = await running;
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: "ok", stdout: "finished\n" });
    expect(await exited).toBe(0);
  });

  it("stops an execution that outlives the grace period, answers it, and still exits 0", async () => {
    const { child, exited, call } = await startProcess({ EXECUTOR_DRAIN_GRACE_SECONDS: "1" });
    const { sessionId } = (await call("POST", "/sessions")).json;
    const running = call("POST", `/sessions/${sessionId}/execute`, { code: "import time\ntime.sleep(600)" });
    while (!(await call("GET", `/sessions/${sessionId}`)).json.busy) await sleep(20);
    child.kill("SIGTERM");
    const result = await running;
    expect(result.json.status).toBe("error");
    expect(result.json.error).toMatch(/shut down before the execution finished/);
    expect(await exited).toBe(0);
  });
});
