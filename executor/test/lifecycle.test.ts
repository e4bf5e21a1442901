import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExecutor, UID_RANGES, type Harness } from "./helpers";

/** Idle expiry counts only requests from outside; every session ends at its absolute lifetime. */

let ex: Harness;
beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.lifecycle, { idleTimeoutSeconds: 2, maxLifetimeSeconds: 5 });
});
afterAll(async () => ex?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("session expiry", () => {
  it("expires a session whose own code keeps touching its files: only outside requests count", async () => {
    const id = await ex.createSession();
    await ex.exec(
      id,
      [
        "import threading, time",
        "def touch():",
        "    while True:",
        "        open('data/heartbeat.txt', 'w').write(str(time.time()))",
        "        time.sleep(0.05)",
        "threading.Thread(target=touch, daemon=True).start()",
      ].join("\n"),
    );
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await sleep(200);
      status = ex.app.executor.list().some((s) => s.id === id) ? 200 : 404;
    }
    expect(status).toBe(404);
    expect((await ex.call("POST", `/sessions/${id}/execute`, { code: "1" })).json.code).toBe(
      "SESSION_NOT_FOUND",
    );
  });

  it("ends a session in use at its absolute lifetime", async () => {
    const id = await ex.createSession();
    const created = ex.app.executor.get(id).createdAt.getTime();
    const statuses: number[] = [];
    while (Date.now() - created < 8000) {
      const res = await ex.call("POST", `/sessions/${id}/execute`, { code: "1" });
      statuses.push(res.status);
      if (res.status === 404) break;
      await sleep(250);
    }
    expect(statuses.at(-1)).toBe(404);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5); // it was in use all along
  });
});
