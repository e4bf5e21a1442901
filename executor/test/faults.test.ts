import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deleteAll,
  expectHealthyAfterFault,
  startExecutor,
  strayProcesses,
  UID_RANGES,
  type Harness,
} from "./helpers";

let ex: Harness;
const MiB = 1024 * 1024;

beforeAll(async () => {
  // maxSessions is left at its default: the 50-session case checks that the default allows 50
  ex = await startExecutor(UID_RANGES.faults, {
    bodyLimitBytes: 64 * 1024,
    limits: { addressSpaceBytes: 1024 * MiB, processes: 24, outputBytes: 64 * 1024 },
    budgets: { diskBytes: 2 * MiB },
  });
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

/** After every fault: /health is 200 and a fresh session computes correctly. */
const serverStillWorks = () => expectHealthyAfterFault(ex);

describe("timeouts", () => {
  it("kills only the looping worker, says so, and gives the session a fresh interpreter", async () => {
    const [looping, bystander] = await Promise.all([ex.createSession(), ex.createSession()]);
    await ex.exec(looping, "state = 'before'\nopen('data/kept.txt', 'w').write('kept')");
    await ex.exec(bystander, "mine = 1");
    const res = await ex.exec(looping, "while True:\n    pass", { timeoutSeconds: 1 });
    expect(res.status).toBe("timeout");
    expect(res.stateLost).toBe(true);
    expect(res.error).toMatch(
      /timed out after 1 s.*worker process was killed.*other sessions are unaffected/s,
    );
    expect(res.error).toContain("next execution starts a fresh interpreter");
    const after = await ex.exec(looping, "print('state' in globals(), open('data/kept.txt').read())");
    expect(after).toMatchObject({ status: "ok", stdout: "False kept\n", restarted: true });
    expect((await ex.exec(bystander, "mine + 1")).stdout).toBe("2\n");
    await serverStillWorks();
  });

  it("times out bash and its child processes", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "sleep 300 & sleep 300; echo never", {
      language: "bash",
      timeoutSeconds: 1,
    });
    expect(res.status).toBe("timeout");
    expect((await ex.exec(id, "echo alive", { language: "bash" })).stdout).toBe("alive\n");
    await serverStillWorks();
  });
});

describe("resource limits", () => {
  it("turns a memory blow-up into MemoryError without losing the session", async () => {
    const id = await ex.createSession();
    await ex.exec(id, "keep = 'me'");
    const big = await ex.exec(id, "x = bytearray(8 * 1024**3)");
    expect(big.status).toBe("error");
    expect(big.error).toMatch(/MemoryError/);
    const growing = await ex.exec(
      id,
      "import numpy as np\nhog = []\nwhile True:\n    hog.append(np.ones(16 * 1024**2))",
    );
    expect(growing.status).toBe("error");
    expect(growing.error).toMatch(/MemoryError|Unable to allocate/);
    const after = await ex.exec(id, "del hog\nkeep");
    expect(after).toMatchObject({ status: "ok", stdout: "'me'\n", stateLost: false });
    await serverStillWorks();
  });

  it("stops a fork bomb at the process limit", async () => {
    const id = await ex.createSession();
    const code = [
      "import os, time",
      "pids, err = [], None",
      "for _ in range(300):",
      "    try:",
      "        pid = os.fork()",
      "    except OSError as e:",
      "        err = e",
      "        break",
      "    if pid == 0:",
      "        time.sleep(60)",
      "        os._exit(0)",
      "    pids.append(pid)",
      "for p in pids:",
      "    os.kill(p, 9)",
      "    os.waitpid(p, 0)",
      "print(len(pids) < 300, type(err).__name__)",
    ].join("\n");
    const res = await ex.exec(id, code, { timeoutSeconds: 30 });
    expect(res.status).toBe("ok");
    expect(res.stdout).toBe("True BlockingIOError\n");
    const bomb = await ex.exec(id, "import os\nwhile True:\n    os.fork()", { timeoutSeconds: 10 });
    expect(["error", "timeout"]).toContain(bomb.status);
    expect((await ex.exec(id, "print('ok')")).stdout).toBe("ok\n");
    // nothing of the bomb is left: only the session's worker still works in the session directory
    const worker = ex.app.executor.get(id).worker?.pid;
    const dir = path.join(ex.config.workDir, "sessions", id);
    let found = await strayProcesses(dir, null);
    expect(found.some((p) => p.startsWith(`${worker} `))).toBe(true); // the check does see the worker
    for (let i = 0; i < 100 && found.length > 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      found = await strayProcesses(dir, null);
    }
    expect(found.filter((p) => !p.startsWith(`${worker} `))).toEqual([]);
    await serverStillWorks();
  });

  it("limits file size to the session's disk budget", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "open('artifacts/big.bin', 'wb').write(b'x' * (4 * 1024 * 1024))");
    expect(res.status).toBe("error");
    expect(res.error).toMatch(/File too large/);
    await serverStillWorks();
  });

  it("kills a worker that uses up its CPU budget", async () => {
    // no spare workers here: this server forks every worker on demand (the other path)
    const cpu = await startExecutor(
      UID_RANGES.faults,
      { spareWorkers: 0, limits: { cpuSeconds: 1 } },
      { server: 1 },
    );
    try {
      const id = await cpu.createSession();
      const res = await cpu.exec(id, "while True:\n    pass", { timeoutSeconds: 60 });
      expect(res.status).toBe("error");
      expect(res.error).toMatch(/SIGXCPU|SIGKILL/);
      expect(res.stateLost).toBe(true);
      expect((await cpu.exec(id, "print('restarted')")).stdout).toBe("restarted\n");
      await expectHealthyAfterFault(cpu);
    } finally {
      await cpu.close();
    }
  });
});

describe("crashes", () => {
  it("survives os._exit and a segfault in native code", async () => {
    const id = await ex.createSession();
    const exited = await ex.exec(id, "import os\nos._exit(3)");
    expect(exited).toMatchObject({ status: "error", stateLost: true });
    expect(exited.error).toMatch(/exited with code 3.*Python state .* is lost/s);
    const segv = await ex.exec(id, "import ctypes\nctypes.string_at(0)");
    expect(segv).toMatchObject({ status: "error", stateLost: true, restarted: true });
    expect(segv.error).toMatch(/SIGSEGV/);
    expect((await ex.exec(id, "print('back')")).stdout).toBe("back\n");
    await serverStillWorks();
  });

  it("survives the worker killing itself and forked children that outlive it", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      "import os, time\nif os.fork() == 0:\n    time.sleep(120)\nos.kill(os.getpid(), 9)",
    );
    expect(res.status).toBe("error");
    expect(res.error).toMatch(/SIGKILL/);
    await serverStillWorks();
  });
});

describe("output caps", () => {
  it("truncates huge Python output and says how much was dropped", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      "for i in range(100_000):\n    print('x' * 99)\nimport sys\nprint('tail', file=sys.stderr)",
    );
    expect(res.status).toBe("ok");
    expect(res.truncated).toBe(true);
    expect(res.stdout.length).toBeLessThan(70 * 1024);
    expect(res.stdout).toMatch(/\[output truncated: \d+ more bytes not shown\]$/);
    expect(res.stderr).toBe("tail\n");
    expect((await ex.exec(id, "print('small')")).stdout).toBe("small\n");
    await serverStillWorks();
  });

  it("truncates huge bash output", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "head -c 30000000 /dev/zero | tr '\\0' 'y'", { language: "bash" });
    expect(res.status).toBe("ok");
    expect(res.truncated).toBe(true);
    expect(res.stdout.startsWith("yyyy")).toBe(true);
    await serverStillWorks();
  });
});

describe("bad requests", () => {
  it("answers a body that is not JSON with 400 and a clear message", async () => {
    const id = await ex.createSession();
    for (const [route, body] of [
      [`/sessions/${id}/execute`, "{not json"],
      [`/sessions/${id}/execute`, '{"code": "1"'],
      ["/sessions", "[1, 2"],
      [`/sessions/${id}/sync`, "direction=pull"],
    ] as const) {
      const res = await ex.call("POST", route, body);
      expect(res.status, `${route} ${body}`).toBe(400);
      expect(res.json).toEqual({ error: "request body is not valid JSON", code: "INVALID_JSON" });
    }
    expect((await ex.exec(id, "6 * 7")).stdout).toBe("42\n"); // the session itself is untouched
    await serverStillWorks();
  });

  it("answers an oversized body with 413 and the limit", async () => {
    const id = await ex.createSession();
    const res = await ex.call("POST", `/sessions/${id}/execute`, { code: `x = '${"#".repeat(100 * 1024)}'` });
    expect(res.status).toBe(413);
    expect(res.json.error).toBe("request body is larger than the limit (65536 bytes)");
    expect((await ex.exec(id, "6 * 7")).stdout).toBe("42\n");
    await serverStillWorks();
  });

  it("answers every route of an unknown session with 404 saying the session is gone", async () => {
    for (const [method, route, body] of [
      ["POST", "/sessions/never-created/execute", { code: "1" }],
      ["GET", "/sessions/never-created", undefined],
      ["GET", "/sessions/never-created/files", undefined],
      ["GET", "/sessions/never-created/files/data/a.csv", undefined],
      ["POST", "/sessions/never-created/sync", { direction: "push", s3Uri: "s3://b/p/" }],
      ["DELETE", "/sessions/never-created", undefined],
    ] as const) {
      const res = await ex.call(method, route, body);
      expect(res.status, `${method} ${route}`).toBe(404);
      expect(res.json.code).toBe("SESSION_NOT_FOUND");
      expect(res.json.error).toMatch(/does not exist.*deleted.*expired.*replaced.*Create a new session/s);
    }
    await serverStillWorks();
  });
});

describe("concurrency", () => {
  it("refuses a second execution while one is running in the same session", async () => {
    const id = await ex.createSession();
    await ex.exec(id, "import os, time");
    const release = path.join(ex.config.workDir, "sessions", id, "go");
    // the first execution waits for a file the test creates, so nothing depends on timing
    const slow = ex.exec(id, "while not os.path.exists('go'): time.sleep(0.02)\nprint('released')");
    while (!(await ex.call("GET", `/sessions/${id}`)).json.busy) await new Promise((r) => setTimeout(r, 20));
    const second = await ex.call("POST", `/sessions/${id}/execute`, { code: "1" });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ code: "SESSION_BUSY" });
    expect(second.json.error).toMatch(/already running an execution/);
    await writeFile(release, "");
    expect(await slow).toMatchObject({ status: "ok", stdout: "released\n" });
    expect((await ex.exec(id, "print('next')")).stdout).toBe("next\n");
    await serverStillWorks();
  });

  it("runs 50 sessions at once (the default session cap allows them), each computing its own answer", async () => {
    expect(ex.config.maxSessions).toBeGreaterThanOrEqual(50);
    const ids = await Promise.all(Array.from({ length: 50 }, () => ex.createSession()));
    expect(new Set(ids).size).toBe(50);
    const results = await Promise.all(
      ids.map((id, i) => ex.exec(id, `import numpy as np\nn = ${i}\nint(np.arange(n + 1).sum())`)),
    );
    results.forEach((res, i) => {
      expect(res, `session ${i}`).toMatchObject({ status: "ok", stdout: `${(i * (i + 1)) / 2}\n` });
    });
    // each kept its own state
    const again = await Promise.all(ids.map((id) => ex.exec(id, "n")));
    again.forEach((res, i) => expect(res.stdout).toBe(`${i}\n`));
    const deleted = await Promise.all(ids.map((id) => ex.call("DELETE", `/sessions/${id}`)));
    expect(deleted.map((d) => d.status)).toEqual(ids.map(() => 200));
    expect(ex.app.executor.count).toBe(0);
    await serverStillWorks();
  });
});
