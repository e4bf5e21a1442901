import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startExecutor, type Harness } from "./helpers";

let ex: Harness;
const MiB = 1024 * 1024;

beforeAll(async () => {
  ex = await startExecutor({
    limits: { addressSpaceBytes: 1024 * MiB, processes: 24, outputBytes: 64 * 1024, fileSizeBytes: MiB },
  });
});
afterAll(async () => ex?.close());
afterEach(async () => {
  for (const session of ex.app.executor.list()) await ex.call("DELETE", `/sessions/${session.id}`);
});

/** Another session must still work after every fault. */
async function serverStillWorks(): Promise<void> {
  expect((await ex.call("GET", "/health")).status).toBe(200);
  const id = await ex.createSession();
  expect((await ex.exec(id, "import pandas\n6 * 7")).stdout).toBe("42\n");
}

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
    await serverStillWorks();
  });

  it("limits file size", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "open('artifacts/big.bin', 'wb').write(b'x' * (4 * 1024 * 1024))");
    expect(res.status).toBe("error");
    expect(res.error).toMatch(/File too large/);
  });

  it("kills a worker that uses up its CPU budget", async () => {
    const cpu = await startExecutor({ limits: { cpuSeconds: 1 } });
    try {
      const id = await cpu.createSession();
      const res = await cpu.exec(id, "while True:\n    pass", { timeoutSeconds: 60 });
      expect(res.status).toBe("error");
      expect(res.error).toMatch(/SIGXCPU|SIGKILL/);
      expect(res.stateLost).toBe(true);
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
  });

  it("truncates huge bash output", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "head -c 30000000 /dev/zero | tr '\\0' 'y'", { language: "bash" });
    expect(res.status).toBe("ok");
    expect(res.truncated).toBe(true);
    expect(res.stdout.startsWith("yyyy")).toBe(true);
  });
});
