/**
 * Executor benchmark (a script, not a test): `npm run bench -w executor`, or
 * `npx tsx executor/bench/bench.ts` from the repo root. Loopback only, bounded loops, stops by itself
 * (a watchdog ends it after BENCH_MAX_SECONDS).
 *
 * The server runs as its own process (`node --import tsx src/main.ts`, as `npm start` runs dist/main.js),
 * so the load generator does not share its event loop; the client here is a lean keep-alive HTTP/1.1
 * client, one connection per session, like an agent's. Prints each figure of issue 4 with its target:
 *  - session create p50/p99 (POST /sessions, sequential)
 *  - trivial execution round trip p50/p99 with 1 session, and with 50 concurrent sessions (open loop:
 *    each session sends executions at a steady pace with a random phase, BENCH_RATE per second in all)
 *  - aggregate executions per second (50 sessions, closed loop: each sends its next as soon as the
 *    previous one returns)
 *  - marginal memory per idle session: USS (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup)
 *    of the workers of 20 idle sessions, divided by 20
 *  - a cold `python3 -c "import pandas, matplotlib"` for comparison, in the same run
 * Knobs: EXECUTOR_PYTHON, BENCH_CREATES (60), BENCH_EXECS (1000), BENCH_SESSIONS (50),
 * BENCH_RATE (500), BENCH_OPEN_SECONDS (4), BENCH_PER_SESSION (60), BENCH_IDLE_SESSIONS (20),
 * BENCH_MAX_SECONDS (300).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defaultPython } from "../src/config";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CREATES = num("BENCH_CREATES", 60);
const EXECS = num("BENCH_EXECS", 1000);
const SESSIONS = num("BENCH_SESSIONS", 50);
const RATE = num("BENCH_RATE", 500);
const OPEN_SECONDS = num("BENCH_OPEN_SECONDS", 4);
const PER_SESSION = num("BENCH_PER_SESSION", 60);
const IDLE_SESSIONS = num("BENCH_IDLE_SESSIONS", 20);
const MAX_SECONDS = num("BENCH_MAX_SECONDS", 300);
const python = process.env.EXECUTOR_PYTHON ?? defaultPython();
const EXECUTOR_DIR = path.resolve(__dirname, "..");
const TRIVIAL = { code: "x += 1" };

// ---------------------------------------------------------------------------------------------------
// A lean HTTP/1.1 keep-alive client: one request at a time per connection, Content-Length bodies only
// (what Fastify sends for JSON). Cheaper than fetch, so the 2 cores go to the executor, not the client.

interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiter: { resolve: (r: Response) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly port: number) {}

  private connect(): net.Socket {
    const socket = net.connect({ host: "127.0.0.1", port: this.port, noDelay: true });
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      this.socket = null;
      const waiter = this.waiter;
      this.waiter = null;
      waiter?.reject(err);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf("\r\n\r\n");
    if (end < 0 || !this.waiter) return;
    const head = this.buffer.subarray(0, end).toString("latin1");
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.waiter.reject(new Error(`response without content-length: ${head}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    const body = this.buffer.subarray(end + 4, total).toString("utf8");
    this.buffer = this.buffer.subarray(total);
    const waiter = this.waiter;
    this.waiter = null;
    waiter.resolve({ status: Number(head.slice(9, 12)), json: body ? JSON.parse(body) : undefined });
  }

  request(method: string, route: string, body?: unknown): Promise<Response> {
    if (this.waiter) throw new Error("one request at a time per connection");
    const socket = this.socket ?? this.connect();
    const payload = body === undefined ? "" : JSON.stringify(body);
    const head =
      `${method} ${route} HTTP/1.1\r\nhost: 127.0.0.1\r\n` +
      (payload ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` : "") +
      "\r\n";
    return new Promise<Response>((resolve, reject) => {
      this.waiter = { resolve, reject };
      socket.write(head + payload);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

// ---------------------------------------------------------------------------------------------------

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const rows: string[] = [];
function report(figure: string, measured: string, target: string, pass?: boolean): void {
  const verdict = pass === undefined ? "" : pass ? "PASS" : "MISS";
  const row = `${figure.padEnd(46)} ${measured.padEnd(34)} ${target.padEnd(22)} ${verdict}`;
  rows.push(row);
  console.log(row);
}

function smaps(pid: number): { uss: number; pss: number; rss: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return {
    uss: (kb("Private_Clean") + kb("Private_Dirty")) * 1024,
    pss: kb("Pss") * 1024,
    rss: kb("Rss") * 1024,
  };
}

/** utime + stime of a process, in seconds (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy (not idle/iowait) and total jiffies of all CPUs, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1, 9);
  const values = fields.map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function main(): Promise<void> {
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `executor benchmark — ${os.cpus().length} CPUs, load average ${load.join(" ")} at start, ` +
      `node ${process.version}, python ${python}`,
  );
  const before = cpuTimes();
  await sleep(1000);
  const after = cpuTimes();
  const busy = (100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total);
  console.log(
    `CPU busy with other work in the second before the run: ${busy.toFixed(0)}% of all CPUs ` +
      "(other work on this machine skews every figure, the tail latencies most)\n",
  );

  // The comparison figure: what every session would pay without the zygote.
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(python, ["-c", "import pandas, matplotlib"], { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${python} cannot import pandas/matplotlib`);
    cold.push(performance.now() - t);
  }

  const port = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-bench-"));
  const startT = performance.now();
  const server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: EXECUTOR_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      EXECUTOR_PYTHON: python,
      EXECUTOR_WORK_DIR: workDir,
      EXECUTOR_MAX_SESSIONS: String(Math.max(64, SESSIONS + 2, IDLE_SESSIONS + 2)),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info", // the production default: request logs included
      NODE_NO_WARNINGS: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const watchdog = setTimeout(() => {
    console.error(`benchmark did not finish within ${MAX_SECONDS} s; stopping`);
    server.kill("SIGKILL");
    process.exit(1);
  }, MAX_SECONDS * 1000);
  watchdog.unref();

  const control = new Connection(port);
  const connections: Connection[] = [control];
  const open = () => {
    const c = new Connection(port);
    connections.push(c);
    return c;
  };
  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error("the executor exited during start-up");
      const health = await control.request("GET", "/health").catch(() => {
        control.close();
        return null;
      });
      if (health?.status === 200) break;
      if (performance.now() - startT > 120_000) throw new Error("the executor did not start in 120 s");
      await sleep(50);
    }
    const info = (await control.request("GET", "/info")).json;
    console.log(
      `server: pid ${server.pid}, ready in ${ms(performance.now() - startT)} (node start + zygote preload of ` +
        `${info.python.preloaded.join(", ")}; once per task), python ${info.python.version}, ` +
        `per-session uids ${info.limits.perUidWorkers ? "on (root)" : "off"}\n`,
    );

    const create = async (c: Connection): Promise<string> => {
      const res = await c.request("POST", "/sessions");
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json.sessionId as string;
    };
    const execute = async (c: Connection, id: string, body: object): Promise<void> => {
      const res = await c.request("POST", `/sessions/${id}/execute`, body);
      if (res.status !== 200 || res.json.status !== "ok") {
        throw new Error(`execution failed: ${res.status} ${JSON.stringify(res.json)}`);
      }
    };
    const remove = async (c: Connection, id: string) => {
      await c.request("DELETE", `/sessions/${id}`);
    };

    // 1. Session create, sequential (each session used once, then deleted).
    const creates: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      const t = performance.now();
      const id = await create(control);
      creates.push(performance.now() - t);
      await execute(control, id, { code: "import pandas as pd\nint(pd.Series([1, 2]).sum())" });
      await remove(control, id);
    }

    // 2. Round trip with one session, sequential.
    const one = await create(control);
    await execute(control, one, { code: "x = 0" });
    for (let i = 0; i < 50; i++) await execute(control, one, TRIVIAL); // warm-up
    const single: number[] = [];
    for (let i = 0; i < EXECS; i++) {
      const t = performance.now();
      await execute(control, one, TRIVIAL);
      single.push(performance.now() - t);
    }
    await remove(control, one);

    // 3. 50 concurrent sessions.
    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, async () => {
        const conn = open();
        const id = await create(conn);
        await execute(conn, id, { code: "x = 0" });
        return { conn, id };
      }),
    );
    const workerPids: number[] = await Promise.all(
      sessions.map(async ({ conn, id }) => (await conn.request("GET", `/sessions/${id}`)).json.workerPid),
    );
    for (const { conn, id } of sessions) for (let i = 0; i < 5; i++) await execute(conn, id, TRIVIAL);

    // 3a. Open loop: every session paced at RATE / SESSIONS per second, random phase, for OPEN_SECONDS.
    const interval = (1000 * SESSIONS) / RATE;
    const paced: number[] = [];
    const openStart = performance.now();
    const openEnd = openStart + OPEN_SECONDS * 1000;
    await Promise.all(
      sessions.map(async ({ conn, id }) => {
        let next = openStart + Math.random() * interval;
        while (next < openEnd) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          const t = performance.now();
          await execute(conn, id, TRIVIAL);
          paced.push(performance.now() - t);
          next = Math.max(next + interval, performance.now()); // never queue up a backlog
        }
      }),
    );
    const pacedRate = paced.length / ((performance.now() - openStart) / 1000);

    // 3b. Closed loop: every session sends its next execution as soon as the previous one returns.
    const serverCpu0 = cpuSeconds(server.pid as number);
    const workerCpu0 = workerPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const clientCpu0 = process.cpuUsage();
    const saturated: number[] = [];
    const closedStart = performance.now();
    await Promise.all(
      sessions.map(async ({ conn, id }) => {
        for (let i = 0; i < PER_SESSION; i++) {
          const t = performance.now();
          await execute(conn, id, TRIVIAL);
          saturated.push(performance.now() - t);
        }
      }),
    );
    const closedSeconds = (performance.now() - closedStart) / 1000;
    const n = saturated.length;
    const perExec = (seconds: number) => `${((seconds / n) * 1e6).toFixed(0)} µs`;
    const clientCpu = process.cpuUsage(clientCpu0);
    const cpuLine =
      `CPU per execution: server ${perExec(cpuSeconds(server.pid as number) - serverCpu0)}, ` +
      `Python worker ${perExec(workerPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - workerCpu0)}, ` +
      `bench client ${perExec((clientCpu.user + clientCpu.system) / 1e6)} (user + system, from /proc)`;
    await Promise.all(sessions.map(({ conn, id }) => remove(conn, id)));

    // 4. Marginal memory of idle sessions: USS of their workers (what each one adds to the machine).
    const idle: string[] = [];
    for (let i = 0; i < IDLE_SESSIONS; i++) {
      const id = await create(control);
      await execute(control, id, { code: "x = 1" });
      idle.push(id);
    }
    await sleep(500); // let the workers settle
    const idlePids: number[] = [];
    for (const id of idle) idlePids.push((await control.request("GET", `/sessions/${id}`)).json.workerPid);
    const mem = idlePids.map(smaps);
    const ussPer = mem.reduce((s, m) => s + m.uss, 0) / idle.length;
    const pssPer = mem.reduce((s, m) => s + m.pss, 0) / idle.length;
    const zygote = smaps(zygotePid(idlePids[0] as number));
    for (const id of idle) await remove(control, id);

    const MB = 1024 * 1024;
    console.log(`${"figure".padEnd(46)} ${"measured".padEnd(34)} ${"target (issue 4)".padEnd(22)} verdict`);
    console.log("-".repeat(112));
    report(
      `cold python3 -c "import pandas, matplotlib"`,
      `p50 ${ms(pct(cold, 50))}  (n=${cold.length})`,
      "(comparison)",
    );
    report(
      "session create (POST /sessions)",
      `p50 ${ms(pct(creates, 50))}  p99 ${ms(pct(creates, 99))}  (n=${creates.length})`,
      "p50 ≤ 20 ms",
      pct(creates, 50) <= 20,
    );
    console.log(
      `${"  speed-up vs the cold import (p50)".padEnd(46)} ${(pct(cold, 50) / pct(creates, 50)).toFixed(0)}x`,
    );
    report(
      "trivial round trip, 1 session",
      `p50 ${ms(pct(single, 50))}  p99 ${ms(pct(single, 99))}  (n=${single.length})`,
      "p50 ≤ 5 ms, p99 ≤ 50 ms",
      pct(single, 50) <= 5 && pct(single, 99) <= 50,
    );
    report(
      `trivial round trip, ${SESSIONS} concurrent sessions`,
      `p50 ${ms(pct(paced, 50))}  p99 ${ms(pct(paced, 99))}  (n=${paced.length})`,
      "p50 ≤ 5 ms, p99 ≤ 50 ms",
      pct(paced, 50) <= 5 && pct(paced, 99) <= 50,
    );
    console.log(
      `${"".padEnd(46)} (open loop: ${(RATE / SESSIONS).toFixed(0)}/s per session, ${pacedRate.toFixed(0)}/s in all)`,
    );
    report(
      `aggregate executions/s, ${SESSIONS} sessions`,
      `${(n / closedSeconds).toFixed(0)}/s  (n=${n}, ${closedSeconds.toFixed(2)} s)`,
      "≥ 1,000/s on 2 cores",
      n / closedSeconds >= 1000,
    );
    console.log(
      `${"".padEnd(46)} (closed loop, ${SESSIONS} in flight: round trip p50 ${ms(pct(saturated, 50))}, ` +
        `p99 ${ms(pct(saturated, 99))} = queueing)`,
    );
    report(
      "marginal memory per idle session (USS)",
      `${(ussPer / MB).toFixed(1)} MB  (${idle.length} sessions)`,
      "≤ 15 MB",
      ussPer <= 15 * MB,
    );
    console.log(
      `${"".padEnd(46)} (PSS ${(pssPer / MB).toFixed(1)} MB per worker; the zygote they share: ` +
        `RSS ${(zygote.rss / MB).toFixed(0)} MB, once per task)`,
    );
    console.log(`\n${cpuLine}`);
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    for (const c of connections) c.close();
    const exited = new Promise((resolve) => server.once("exit", resolve));
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await Promise.race([exited, sleep(30_000)]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await rm(workDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

/** The zygote is the parent of every worker. */
function zygotePid(workerPid: number): number {
  const stat = readFileSync(`/proc/${workerPid}/stat`, "utf8");
  return Number(stat.split(") ")[1]?.split(" ")[1]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
