import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteAll, expectHealthyAfterFault, startExecutor, UID_RANGES, type Harness } from "./helpers";

/** Session code against the task's shared memory and disk: the server's budgets stop it, not the task. */

const MiB = 1024 * 1024;
let ex: Harness;
beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.attacksBudgets, {
    uploadLimitBytes: 64 * MiB,
    limits: { addressSpaceBytes: 2048 * MiB },
    budgets: { diskBytes: 40 * MiB, memoryBytes: 300 * MiB, pollMs: 100 },
  });
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

describe("disk budget", () => {
  it("stops an execution that fills the disk, says why, and leaves other sessions their room", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    const fill = await ex.exec(
      a,
      [
        "import time",
        "for i in range(5):",
        "    with open(f'data/fill-{i}.bin', 'wb') as f:",
        "        f.write(b'x' * (20 * 1024 * 1024))",
        "    time.sleep(0.5)",
        "print('wrote 100 MB')",
      ].join("\n"),
      { timeoutSeconds: 30 },
    );
    expect(fill).toMatchObject({ status: "error", stateLost: true, stdout: "" });
    expect(fill.error).toMatch(
      /files take \d+ MB, above its disk budget of 40 MB \(EXECUTOR_SESSION_DISK_MB\); delete files to continue/,
    );
    const files = (await ex.call("GET", `/sessions/${a}/files`)).json.files.filter((f: { path: string }) =>
      f.path.startsWith("data/fill"),
    );
    expect(files.length).toBeLessThan(5);
    // over its budget, the session's uploads and pulls are refused with 507 until it deletes files
    const upload = await ex.fetch(`/sessions/${a}/files/data/more.bin`, {
      method: "PUT",
      body: Buffer.alloc(MiB),
    });
    expect(upload.status).toBe(507);
    expect(((await upload.json()) as { code: string }).code).toBe("DISK_BUDGET_EXCEEDED");
    // the other session has its whole budget
    const other = await ex.exec(b, "open('data/mine.bin', 'wb').write(b'y' * (30 * 1024 * 1024))");
    expect(other).toMatchObject({ status: "ok", stdout: "31457280\n" });
    // and the first one works again once it cleans up
    const cleaned = await ex.exec(
      a,
      "import glob, os\nfor f in glob.glob('data/fill-*'): os.remove(f)\nprint('clean')",
    );
    expect(cleaned.stdout).toBe("clean\n");
    await expectHealthyAfterFault(ex);
  });

  it("caps single files at the disk budget (RLIMIT_FSIZE) and refuses uploads over it with 507", async () => {
    const id = await ex.createSession();
    const big = await ex.exec(id, "f = open('data/one.bin', 'wb')\nf.write(b'z' * (41 * 1024 * 1024))");
    expect(big.status).toBe("error");
    // the write fails at the budget (EFBIG), unless the disk check sees the full file first and stops the cell
    expect(big.error).toMatch(/File too large|above its disk budget of 40 MB/);
    const size = await ex.exec(id, "import os\nos.path.getsize('data/one.bin')");
    expect(Number(size.stdout)).toBeLessThanOrEqual(40 * MiB);
    await ex.exec(id, "import os\nos.remove('data/one.bin')");
    const upload = await ex.fetch(`/sessions/${id}/files/data/up.bin`, {
      method: "PUT",
      body: Buffer.alloc(41 * MiB),
    });
    expect(upload.status).toBe(507);
    const fits = await ex.fetch(`/sessions/${id}/files/data/up.bin`, {
      method: "PUT",
      body: Buffer.alloc(10 * MiB),
    });
    expect(fits.status).toBe(201);
  });
});

describe("memory budget", () => {
  it("stops a session whose forked children together pass its budget (PSS), not its neighbours", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    await ex.exec(b, "kept = 'b'");
    const res = await ex.exec(
      a,
      [
        "import os, time",
        "kids = []",
        "for _ in range(3):",
        "    pid = os.fork()",
        "    if pid == 0:",
        "        hog = bytearray(150 * 1024 * 1024)  # touched: zero-filled pages are written",
        "        for i in range(0, len(hog), 4096): hog[i] = 1",
        "        time.sleep(60)",
        "        os._exit(0)",
        "    kids.append(pid)",
        "for pid in kids: os.waitpid(pid, 0)",
        "print('survived')",
      ].join("\n"),
      { timeoutSeconds: 60 },
    );
    expect(res).toMatchObject({ status: "error", stateLost: true, stdout: "" });
    expect(res.error).toMatch(
      /processes used \d+ MB of memory, above its budget of 300 MB \(EXECUTOR_SESSION_MEMORY_MB\)/,
    );
    expect((await ex.exec(b, "kept")).stdout).toBe("'b'\n");
    await expectHealthyAfterFault(ex);
  });

  it("stops the largest session when the task passes 90 % of its memory", async () => {
    const baseline = ex.app.executor.taskMemory();
    const budgets = ex.config.budgets;
    const saved = { task: budgets.taskMemoryBytes, session: budgets.memoryBytes };
    budgets.taskMemoryBytes = baseline + 700 * MiB;
    budgets.memoryBytes = 2000 * MiB;
    try {
      const [large, small] = [await ex.createSession(), await ex.createSession()];
      await ex.exec(
        large,
        "big = bytearray(400 * 1024 * 1024)\nfor i in range(0, len(big), 4096): big[i] = 1",
      );
      const grow = await ex.exec(
        small,
        "import time\nmid = bytearray(350 * 1024 * 1024)\nfor i in range(0, len(mid), 4096): mid[i] = 1\ntime.sleep(1.5)\nprint('small done')",
        { timeoutSeconds: 30 },
      );
      expect(grow).toMatchObject({ status: "ok", stdout: "small done\n" });
      const after = await ex.exec(large, "print('big' in globals())");
      expect(after).toMatchObject({ status: "ok", stdout: "False\n", restarted: true });
    } finally {
      budgets.taskMemoryBytes = saved.task;
      budgets.memoryBytes = saved.session;
    }
    await expectHealthyAfterFault(ex);
  });
});
