import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UID_RANGES } from "./helpers";
import { sleep, startExecutorProcess, type ExecutorProcess } from "./process";

const started: ExecutorProcess[] = [];
afterEach(async () => {
  for (const executor of started.splice(0)) await executor.cleanUp();
});

async function startProcess(env: Record<string, string>) {
  const executor = await startExecutorProcess(UID_RANGES.drain, env, { server: started.length });
  started.push(executor);
  return executor;
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
