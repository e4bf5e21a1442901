import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deleteAll,
  expectHealthyAfterFault,
  processesOfUid,
  startExecutor,
  UID_RANGES,
  type Harness,
} from "./helpers";

/** Session A against session B, the zygote and the server, through processes and the worker protocol. */

let ex: Harness;
beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.attacksProcesses, { budgets: { pollMs: 100 } });
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

const isRoot = process.getuid?.() === 0;
const workerOf = (id: string) => ex.app.executor.get(id).worker?.pid as number;
const uidOfSession = (id: string) => ex.app.executor.get(id).owner?.uid as number;

describe.runIf(isRoot)("one session against another, the zygote and the server", () => {
  it("cannot read another session's memory, working directory or environment, or signal it", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    await ex.exec(b, "SECRET_B = 'the-secret-of-b'");
    const targets = { b: workerOf(b), zygote: ex.app.executor.zygoteInfo?.pid, server: process.pid };
    const res = await ex.exec(
      a,
      [
        "import os, signal",
        `targets = ${JSON.stringify(targets)}`,
        "for name, pid in targets.items():",
        "    out = []",
        "    for path in ('mem', 'cwd', 'environ', 'maps'):",
        "        try:",
        "            (os.readlink if path == 'cwd' else lambda p: open(p, 'rb').read(64))(f'/proc/{pid}/{path}')",
        "            out.append('READ ' + path)",
        "        except OSError as exc:",
        "            out.append(type(exc).__name__)",
        "    for sig in (signal.SIGKILL, signal.SIGSTOP, 0):",
        "        try:",
        "            os.kill(pid, sig); out.append('SIGNALLED')",
        "        except OSError as exc:",
        "            out.append(type(exc).__name__)",
        "    print(name, sorted(set(out)))",
      ].join("\n"),
    );
    expect(res.stdout).toBe(
      "b ['PermissionError']\nzygote ['PermissionError']\nserver ['PermissionError']\n",
    );
    expect((await ex.exec(b, "SECRET_B")).stdout).toBe("'the-secret-of-b'\n");
    await expectHealthyAfterFault(ex);
  });

  it("kills every other process of the session when an execution returns: daemons, setsid loops", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    const res = await ex.exec(
      a,
      [
        "import os, subprocess, time",
        "def daemon(body):",
        "    if os.fork() == 0:",
        "        os.setsid()",
        "        if os.fork() == 0:",
        "            body()",
        "        os._exit(0)",
        "def spin():",
        "    while True: pass",
        "def nap():",
        "    time.sleep(3600)",
        "daemon(spin); daemon(spin); daemon(nap)",
        "subprocess.Popen(['sleep', '3600'], start_new_session=True)",
        "subprocess.Popen(['sh', '-c', 'while :; do :; done'])",
        "time.sleep(0.3)",
        "print('started')",
      ].join("\n"),
    );
    expect(res.stdout).toBe("started\n");
    // by the time the reply arrives, only the worker is left (nothing polls: the sweep ran before it)
    expect(processesOfUid(uidOfSession(a))).toEqual([workerOf(a)]);
    expect((await ex.exec(b, "print('b unaffected')")).stdout).toBe("b unaffected\n");
    // and a deleted session leaves nothing at all
    const uid = uidOfSession(a);
    await ex.call("DELETE", `/sessions/${a}`);
    expect(processesOfUid(uid)).toEqual([]);
  });

  it("kills what a background thread starts between executions", async () => {
    const id = await ex.createSession();
    await ex.exec(
      id,
      [
        "import threading, subprocess, time",
        "def later():",
        "    time.sleep(0.5)",
        "    subprocess.Popen(['sleep', '3600'], start_new_session=True)",
        "threading.Thread(target=later, daemon=True).start()",
      ].join("\n"),
    );
    const uid = uidOfSession(id);
    const worker = workerOf(id);
    let seen = false;
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const pids = processesOfUid(uid);
      if (pids.length > 1) seen = true;
      if (seen && pids.length === 1) break;
    }
    expect(processesOfUid(uid)).toEqual([worker]);
  });
});

describe("the server survives its workers", () => {
  /** Python that finds the worker's socket to the server and writes raw bytes on it. */
  const writeOnControlSocket = (bytes: string) =>
    [
      "import os, struct",
      "def is_socket(fd):",
      "    try:",
      "        return os.readlink(f'/proc/self/fd/{fd}').startswith('socket:')",
      "    except OSError:",
      "        return False",
      "for fd in [int(fd) for fd in os.listdir('/proc/self/fd') if is_socket(fd)]:",
      `    os.write(fd, ${bytes})`,
      "import time; time.sleep(5)",
    ].join("\n");

  it("kills only the worker that sends a frame holding null, and answers its caller", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    await ex.exec(b, "kept = 1");
    const res = await ex.exec(a, writeOnControlSocket("struct.pack('>I', 4) + b'null'"));
    expect(res).toMatchObject({ status: "error", stateLost: true });
    expect(res.error).toMatch(/worker sent unexpected message null and was stopped/);
    expect((await ex.exec(b, "kept")).stdout).toBe("1\n");
    expect((await ex.exec(a, "print('a again')")).stdout).toBe("a again\n");
    await expectHealthyAfterFault(ex);
  });

  it("refuses a 60 MiB frame on its header, before reading it", async () => {
    const a = await ex.createSession();
    const b = await ex.createSession();
    const [res, other] = await Promise.all([
      ex.exec(a, writeOnControlSocket("struct.pack('>I', 60 * 1024 * 1024) + b'[' * (1024 * 1024)")),
      ex.exec(b, "sum(range(1000))"),
    ]);
    expect(res).toMatchObject({ status: "error", stateLost: true });
    expect(res.error).toMatch(/62914560 bytes exceeds the \d+-byte limit/);
    expect(other.stdout).toBe("499500\n");
    for (const frame of [
      "struct.pack('>I', 5) + b'{\"a\":'",
      "struct.pack('>I', 15) + b'{\"type\":\"oops\"}'",
      "struct.pack('>I', 2) + b'[]'",
    ]) {
      const bad = await ex.exec(a, writeOnControlSocket(frame));
      expect(bad, frame).toMatchObject({ status: "error", stateLost: true });
    }
    await expectHealthyAfterFault(ex);
  });

  it("reports code the parser cannot handle (RecursionError, MemoryError) as an error of the cell", async () => {
    const id = await ex.createSession();
    await ex.exec(id, "kept = 'state'");
    const recursion = await ex.exec(id, `x = 1${"+1".repeat(200_000)}`);
    expect(recursion).toMatchObject({ status: "error", stateLost: false });
    expect(recursion.error).toMatch(/^RecursionError while compiling the cell/);
    const memory = await ex.exec(id, `x = ${"-".repeat(100_000)}1`);
    expect(memory).toMatchObject({ status: "error", stateLost: false });
    expect(memory.error).toMatch(/^(MemoryError|RecursionError) while compiling the cell/);
    expect((await ex.exec(id, "kept")).stdout).toBe("'state'\n");
  });

  it("caps a result whose output is all control characters (six bytes each in JSON)", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "import sys\nsys.stdout.write('\\x01' * (3 * 1024 * 1024))");
    expect(res).toMatchObject({ status: "ok", truncated: true, stateLost: false });
    expect(Buffer.byteLength(JSON.stringify(res.stdout))).toBeLessThan(
      ex.config.limits.outputBytes + 64 * 1024,
    );
  });
});
