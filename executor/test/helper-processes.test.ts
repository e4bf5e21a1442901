import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteAll, processesOfUid, startExecutor, UID_RANGES, type Harness } from "./helpers";

/** SessionManager.runHelper: a server-side Python script run for a session, confined like its worker. */

let ex: Harness;
beforeAll(async () => {
  process.env.AWS_SECRET_ACCESS_KEY = "helper-canary";
  ex = await startExecutor(UID_RANGES.helpers);
});
afterAll(async () => {
  await ex?.close();
  delete process.env.AWS_SECRET_ACCESS_KEY;
});
afterEach(async () => deleteAll(ex));

const PROBE = path.join(__dirname, "fixtures", "probe_helper.py");
const isRoot = process.getuid?.() === 0;

describe("helper processes", () => {
  it("run under the session's uid, in its folder, with its environment, no_new_privs, seccomp, not dumpable", async () => {
    const id = await ex.createSession();
    const session = ex.app.executor.get(id);
    const result = await ex.app.executor.runHelper(session, { script: PROBE, args: ["report", "3"] });
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      timedOut: false,
      truncated: false,
      stderr: "to stderr\n",
    });
    const probe = JSON.parse(result.stdout);
    expect(probe).toMatchObject({
      cwd: session.dir,
      noNewPrivs: "1",
      seccomp: "2",
      dumpable: 0,
      network: 1,
      args: ["report", "3"],
    });
    if (isRoot) expect(probe.uid).toBe(session.owner?.uid);
    expect(probe.env).not.toContain("AWS_SECRET_ACCESS_KEY");
    expect(probe.env).toEqual(expect.arrayContaining(["HOME", "TMPDIR", "PATH"]));
    // what it wrote belongs to the session, like anything the session writes
    const read = await ex.exec(
      id,
      "import os\nprint(open('artifacts/from-helper.txt').read(), os.stat('artifacts/from-helper.txt').st_uid == os.getuid())",
    );
    expect(read.stdout).toBe("written by the helper True\n");
  });

  it("is one at a time with executions, times out, and leaves no process behind", async () => {
    const id = await ex.createSession();
    const session = ex.app.executor.get(id);
    const sleeping = ex.app.executor.runHelper(session, { script: PROBE, args: ["sleep"], timeoutMs: 2000 });
    const busy = await ex.call("POST", `/sessions/${id}/execute`, { code: "1" });
    expect(busy.status).toBe(409);
    expect(busy.json.code).toBe("SESSION_BUSY");
    expect(await sleeping).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL" });
    const detached = await ex.app.executor.runHelper(session, { script: PROBE, args: ["detach"] });
    expect(detached.exitCode).toBe(0);
    if (session.owner) expect(processesOfUid(session.owner.uid)).toEqual([session.worker?.pid]);
  });

  it("is killed with its session", async () => {
    const id = await ex.createSession();
    const session = ex.app.executor.get(id);
    const running = ex.app.executor.runHelper(session, { script: PROBE, args: ["sleep"], timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await ex.call("DELETE", `/sessions/${id}`);
    const result = await running;
    expect(result.signal).toBe("SIGKILL");
    expect(result.timedOut).toBe(false);
    if (session.owner) expect(processesOfUid(session.owner.uid)).toEqual([]);
  });
});
