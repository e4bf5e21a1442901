import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteAll, expectHealthyAfterFault, startExecutor, UID_RANGES, type Harness } from "./helpers";

/**
 * Session code against the executor's API, the network and the task's secrets. Each test is an attack a
 * session's own code (or a loopback client without the session's token) would try.
 */

let ex: Harness;
/** A listener on loopback that records whether anything reached it. */
let canary: http.Server;
let canaryHits = 0;
const CANARY_SECRET = "AKIA-canary-secret-of-the-task-role";

beforeAll(async () => {
  // What the task has in its environment on ECS: none of it may reach a session.
  Object.assign(process.env, {
    AWS_SECRET_ACCESS_KEY: CANARY_SECRET,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/canary",
    ECS_CONTAINER_METADATA_URI_V4: "http://169.254.170.2/v4/canary",
    DATA_BUCKET: "canary-bucket",
  });
  canary = http.createServer((_req, res) => {
    canaryHits += 1;
    res.end("reached");
  });
  await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
  ex = await startExecutor(UID_RANGES.attacksNetwork);
});
afterAll(async () => {
  await ex?.close();
  await new Promise((resolve) => canary.close(resolve));
  for (const name of [
    "AWS_SECRET_ACCESS_KEY",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "ECS_CONTAINER_METADATA_URI_V4",
    "DATA_BUCKET",
  ]) {
    delete process.env[name];
  }
});
afterEach(async () => deleteAll(ex));

const apiPort = () => new URL(ex.url).port;

describe("sessions are capabilities", () => {
  it("returns a 128-bit token with every new session and needs it on every session route", async () => {
    const created = await ex.call("POST", "/sessions");
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^[0-9a-f]{32}$/);
    const id = created.json.sessionId as string;
    const other = await ex.createSession();
    const routes: [string, string, unknown][] = [
      ["GET", `/sessions/${id}`, undefined],
      ["POST", `/sessions/${id}/execute`, { code: "print(SECRET)" }],
      ["GET", `/sessions/${id}/files`, undefined],
      ["GET", `/sessions/${id}/files/data/x.csv`, undefined],
      ["PUT", `/sessions/${id}/files/data/x.csv`, "overwrite"],
      ["POST", `/sessions/${id}/sync`, { direction: "push" }],
      ["DELETE", `/sessions/${id}`, undefined],
    ];
    for (const [method, route, body] of routes) {
      for (const token of [null, "0".repeat(32), ex.tokens.get(other) as string, `${created.json.token}0`]) {
        const res = await ex.call(method, route, body, { token });
        expect(res.status, `${method} ${route} with ${token}`).toBe(401);
        expect(res.json.code).toBe("UNAUTHORIZED");
      }
    }
    // an unknown id is 404 with or without a token
    expect(
      (await ex.call("GET", "/sessions/no-such-session", undefined, { token: created.json.token })).status,
    ).toBe(404);
    expect((await ex.call("GET", "/sessions/no-such-session", undefined, { token: null })).status).toBe(404);
    // the session is intact and still answers its own token
    expect((await ex.exec(id, "1 + 1")).stdout).toBe("2\n");
  });

  it("has no route that lists sessions or worker pids", async () => {
    const id = await ex.createSession();
    expect((await ex.call("GET", "/sessions")).status).toBe(404);
    const status = await ex.call("GET", `/sessions/${id}`);
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.json)).not.toMatch(/pid/i);
    const info = await ex.call("GET", "/info");
    expect(info.json.sessions).toEqual({
      count: 1,
      max: ex.config.maxSessions,
      spareWorkers: expect.any(Number),
    });
    expect(JSON.stringify(info.json)).not.toContain(id);
  });
});

describe("workers have no network", () => {
  it("cannot reach the executor's own API, another loopback listener or the ECS credentials endpoint", async () => {
    const a = await ex.createSession();
    const b = await ex.createSession();
    const res = await ex.exec(
      a,
      [
        "import socket, urllib.request",
        "results = []",
        `for url in ['http://127.0.0.1:${apiPort()}/info', 'http://127.0.0.1:${apiPort()}/sessions/${b}/execute', 'http://127.0.0.1:${(canary.address() as AddressInfo).port}/', 'http://169.254.170.2/v2/credentials/canary']:`,
        "    try:",
        "        urllib.request.urlopen(url, timeout=2).read()",
        "        results.append('REACHED ' + url)",
        "    except Exception as exc:",
        "        results.append(type(getattr(exc, 'reason', exc)).__name__)",
        "print(results)",
      ].join("\n"),
    );
    expect(res.stdout).toBe("['PermissionError', 'PermissionError', 'PermissionError', 'PermissionError']\n");
    expect(canaryHits).toBe(0);
  });

  it("may open AF_UNIX sockets and no other family (an allow list)", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      [
        "import socket",
        "a, b = socket.socketpair()",
        "a.send(b'ok'); print(b.recv(2).decode())",
        "for family, kind in [(socket.AF_INET, socket.SOCK_STREAM), (socket.AF_INET, socket.SOCK_DGRAM), (socket.AF_INET6, socket.SOCK_STREAM), (socket.AF_NETLINK, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_RAW), (40, socket.SOCK_STREAM), (44, socket.SOCK_RAW)]:",
        "    try:",
        "        socket.socket(family, kind); print('OPENED', family)",
        "    except OSError as exc:",
        "        print(family, exc.errno)",
      ].join("\n"),
    );
    expect(res.stdout).toBe("ok\n2 1\n2 1\n10 1\n16 1\n17 1\n40 1\n44 1\n");
  });
});

describe("workers have no secrets", () => {
  it("start from an allow-listed environment and cannot read the server's or the zygote's", async () => {
    const id = await ex.createSession();
    const zygote = ex.app.executor.zygoteInfo?.pid;
    const res = await ex.exec(
      id,
      [
        "import os",
        "print(sorted(k for k in os.environ if k.startswith(('AWS', 'ECS', 'DATA_BUCKET', 'NODE', 'EXECUTOR_WORK'))))",
        `for pid in [${process.pid}, ${zygote}, os.getppid(), 1]:`,
        "    try:",
        "        data = open(f'/proc/{pid}/environ', 'rb').read()",
        `        print('READ', pid, ${JSON.stringify(CANARY_SECRET)}.encode() in data)`,
        "    except OSError as exc:",
        "        print(type(exc).__name__)",
      ].join("\n"),
    );
    expect(res.stdout).toBe("[]\nPermissionError\nPermissionError\nPermissionError\nPermissionError\n");
    expect(res.stdout).not.toContain(CANARY_SECRET);
  });

  it("run with no_new_privs, not dumpable, under the seccomp filter (live, this machine's ABI)", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      [
        "import ctypes, os",
        "status = open('/proc/self/status').read()",
        "print([l.split(':')[1].strip() for l in status.splitlines() if l.split(':')[0] in ('NoNewPrivs', 'Seccomp')])",
        "libc = ctypes.CDLL(None, use_errno=True)",
        "print('dumpable', libc.prctl(3, 0, 0, 0, 0))",
        "numbers = {'ptrace': 101, 'process_vm_readv': 310, 'process_vm_writev': 311, 'pidfd_getfd': 438, 'perf_event_open': 298, 'kcmp': 312, 'bpf': 321, 'io_uring_setup': 425, 'io_uring_enter': 426, 'io_uring_register': 427, 'unshare': 272, 'setns': 308, 'userfaultfd': 323, 'keyctl': 250}",
        "for name, nr in numbers.items():",
        "    r = libc.syscall(nr, 0, 0, 0, 0, 0, 0)",
        "    print(name, r, ctypes.get_errno())",
        "print('clone3', libc.syscall(435, 0, 0), ctypes.get_errno())",
        "print('newuser', libc.unshare(0x10000000), ctypes.get_errno())",
        "pid = os.fork()",
        "if pid == 0: os._exit(7)",
        "print('fork', os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))",
      ].join("\n"),
    );
    expect(res.status, res.stderr).toBe("ok");
    const lines = (res.stdout as string).trim().split("\n");
    expect(lines[0]).toBe("['1', '2']");
    expect(lines[1]).toBe("dumpable 0");
    for (const line of lines.slice(2, 16)) expect(line, line).toMatch(/^\w+ -1 1$/);
    expect(lines[16]).toBe("clone3 -1 38");
    expect(lines[17]).toBe("newuser -1 1");
    expect(lines[18]).toBe("fork 7");
  });

  it.runIf(process.arch === "x64")("kills a process that uses another ABI (x32, i386)", async () => {
    const id = await ex.createSession();
    const x32 = await ex.exec(id, "import ctypes\nctypes.CDLL(None).syscall(0x40000000 + 39)");
    expect(x32).toMatchObject({ status: "error", stateLost: true });
    expect(x32.error).toMatch(/SIGSYS/);
    const i386 = await ex.exec(
      id,
      [
        "import ctypes, mmap",
        "code = b'\\xb8\\x14\\x00\\x00\\x00\\xcd\\x80\\xc3'  # mov eax, 20 (getpid); int 0x80; ret",
        "page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)",
        "page.write(code)",
        "address = ctypes.addressof(ctypes.c_char.from_buffer(page))",
        "ctypes.CFUNCTYPE(ctypes.c_int)(address)()",
      ].join("\n"),
    );
    expect(i386).toMatchObject({ status: "error", stateLost: true });
    expect(i386.error).toMatch(/SIGSYS/);
    expect((await ex.exec(id, "print('fresh')")).stdout).toBe("fresh\n");
    await expectHealthyAfterFault(ex);
  });
});
