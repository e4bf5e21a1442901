import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deleteAll,
  expectHealthyAfterFault,
  processesOfUid,
  startExecutor,
  UID_RANGES,
  type Harness,
} from "./helpers";

/**
 * The same attacks as Python's, from `{"language": "bash"}` cells: bash and every program it runs inherit the
 * worker's uid, limits, no_new_privs and seccomp filter across execve, and nothing a cell starts outlives it.
 */

const MiB = 1024 * 1024;
let ex: Harness;
let canary: http.Server;
let canaryHits = 0;

beforeAll(async () => {
  process.env.AWS_SECRET_ACCESS_KEY = "bash-canary-secret";
  canary = http.createServer((_req, res) => {
    canaryHits += 1;
    res.end("reached");
  });
  await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
  ex = await startExecutor(UID_RANGES.attacksBash, {
    limits: { processes: 32 },
    budgets: { diskBytes: 40 * MiB, memoryBytes: 300 * MiB, pollMs: 100 },
  });
});
afterAll(async () => {
  await ex?.close();
  await new Promise((resolve) => canary.close(resolve));
  delete process.env.AWS_SECRET_ACCESS_KEY;
});
afterEach(async () => deleteAll(ex));

const bash = (id: string, code: string, extra: Record<string, unknown> = {}) =>
  ex.exec(id, code, { language: "bash", ...extra });
const isRoot = process.getuid?.() === 0;

describe("bash cells keep every limit of the hardened executor", () => {
  it("have no network: /dev/tcp to the API and to loopback, and a Python started from bash", async () => {
    const id = await ex.createSession();
    const port = (canary.address() as AddressInfo).port;
    const res = await bash(
      id,
      [
        `(exec 3<>/dev/tcp/127.0.0.1/${new URL(ex.url).port}) 2>/dev/null && echo API-REACHED || echo api-refused`,
        `(exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null && echo CANARY-REACHED || echo canary-refused`,
        "(exec 3<>/dev/udp/169.254.170.2/80) 2>/dev/null && echo ECS-REACHED || echo ecs-refused",
        `python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:${port}/')" 2>&1 | tail -1`,
      ].join("\n"),
    );
    expect(res.stdout).toBe(
      "api-refused\ncanary-refused\necs-refused\nurllib.error.URLError: <urlopen error [Errno 1] Operation not permitted>\n",
    );
    expect(canaryHits).toBe(0);
  });

  it("run every program under the seccomp filter and no_new_privs (inherited across exec), with no secrets", async () => {
    const id = await ex.createSession();
    const res = await bash(
      id,
      [
        "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status | tr -d '\\t'",
        "python3 -c \"import ctypes; l=ctypes.CDLL(None, use_errno=True); print('ptrace', l.syscall(101, 0, 0, 0, 0), ctypes.get_errno())\"",
        "env | grep -cE '^(AWS|ECS|DATA_BUCKET)' || true",
        "cat /proc/1/environ >/dev/null 2>&1 && echo READ-INIT || echo init-denied",
        "id -u",
      ].join("\n"),
    );
    const lines = (res.stdout as string).trim().split("\n");
    expect(lines.slice(0, 5)).toEqual(["NoNewPrivs:1", "Seccomp:2", "ptrace -1 1", "0", "init-denied"]);
    if (isRoot) expect(Number(lines[5])).toBe(ex.app.executor.get(id).owner?.uid);
  });

  it.runIf(isRoot)("cannot touch another session: its files, its processes", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    await bash(b, "echo secret-of-b > data/b.txt");
    const target = ex.app.executor.get(b);
    const res = await bash(
      a,
      [
        `cat ${target.dir}/data/b.txt 2>/dev/null || echo files-denied`,
        `ls ${target.tmpDir} 2>/dev/null || echo tmp-denied`,
        `kill -9 ${target.worker?.pid} 2>/dev/null || echo kill-denied`,
        `cat /proc/${target.worker?.pid}/environ 2>/dev/null || echo environ-denied`,
      ].join("\n"),
    );
    expect(res.stdout).toBe("files-denied\ntmp-denied\nkill-denied\nenviron-denied\n");
    expect((await bash(b, "cat data/b.txt")).stdout).toBe("secret-of-b\n");
  });

  it.runIf(isRoot)(
    "leave no process behind: nohup, setsid, disown and double forks all end with the cell",
    async () => {
      const id = await ex.createSession();
      const res = await bash(
        id,
        [
          "nohup sleep 3600 >/dev/null 2>&1 &",
          "setsid sh -c 'while :; do :; done' >/dev/null 2>&1 &",
          "(setsid sleep 3600 &) ",
          "sleep 3600 & disown",
          "sleep 0.3; echo started",
        ].join("\n"),
      );
      expect(res.stdout).toBe("started\n");
      const session = ex.app.executor.get(id);
      expect(processesOfUid(session.owner?.uid as number)).toEqual([session.worker?.pid]);
    },
  );

  it("are stopped at the disk and memory budgets, and limited per file", async () => {
    const id = await ex.createSession();
    const disk = await bash(
      id,
      "for i in 1 2 3 4 5; do head -c 20000000 /dev/zero > data/f$i; sleep 0.5; done; echo done",
      {
        timeoutSeconds: 30,
      },
    );
    expect(disk).toMatchObject({ status: "error", stateLost: true });
    expect(disk.error).toMatch(/above its disk budget of 40 MB/);
    await bash(id, "rm -f data/f*");
    // RLIMIT_FSIZE stops the write at the budget (SIGXFSZ: status 153), unless the disk check sees the full
    // file first and stops the cell; either way no file passes the budget
    const fsize = await bash(id, "head -c 50000000 /dev/zero > data/one.bin; echo status $?");
    if (fsize.status === "ok") expect(fsize.stdout).toBe("status 153\n");
    else expect(fsize.error).toMatch(/above its disk budget of 40 MB/);
    expect(Number((await bash(id, "stat -c %s data/one.bin")).stdout)).toBeLessThanOrEqual(40 * MiB);
    await bash(id, "rm -f data/one.bin");
    const memory = await bash(
      id,
      "for i in 1 2 3; do python3 -c 'import time; b = bytearray(150 * 2**20); b[::4096] = b\"x\" * len(b[::4096]); time.sleep(60)' & done; wait; echo survived",
      { timeoutSeconds: 60 },
    );
    expect(memory, JSON.stringify(memory)).toMatchObject({ status: "error", stateLost: true });
    expect(memory.error, JSON.stringify(memory)).toMatch(/above its budget of 300 MB/);
    expect(memory.error).toMatch(/above its budget of 300 MB/);
    await expectHealthyAfterFault(ex);
  });

  it("stop a fork bomb at the process limit", async () => {
    const id = await ex.createSession();
    await bash(id, "bomb() { bomb | bomb & }; bomb; sleep 1; echo after", { timeoutSeconds: 20 });
    expect((await bash(id, "echo alive")).stdout).toBe("alive\n");
    const session = ex.app.executor.get(id);
    if (session.owner) expect(processesOfUid(session.owner.uid)).toEqual([session.worker?.pid]);
    await expectHealthyAfterFault(ex);
  });
});
