/**
 * Executor benchmark (a script, not a test): `npm run bench -w executor`, or `npx tsx executor/bench/bench.ts`
 * from the repo root. Loopback only, bounded loops; a watchdog ends it after BENCH_MAX_SECONDS.
 *
 * The server runs as its own process (`node --import tsx src/main.ts`, as `npm start` runs dist/main.js),
 * so the load generator does not share its event loop; the client is a lean keep-alive HTTP/1.1 client, one
 * connection per session, like an agent's. Figures, each with its target:
 *  - new session to the first pandas result: POST /sessions, then `print(len(pd.DataFrame({'a': [1, 2]})))`,
 *    30 sequential samples, each starting with the spare pool full (spares refill in the background between
 *    sessions, as they do between an agent's runs, which are minutes apart), next to a cold
 *    `python3 -c "import pandas, matplotlib"` measured in the same run; and session create alone, from the
 *    same samples
 *  - trivial execution round trip with 1 session, and with 50 concurrent sessions (open loop), aggregate
 *    executions per second (closed loop), marginal memory (USS) per idle session, CPU per execution
 * Knobs: EXECUTOR_PYTHON, BENCH_FIRST_RESULTS (30), BENCH_EXECS (1000), BENCH_SESSIONS (50), BENCH_RATE (500),
 * BENCH_OPEN_SECONDS (4), BENCH_PER_SESSION (60), BENCH_IDLE_SESSIONS (20), BENCH_MAX_SECONDS (300),
 * BENCH_SERVER_PROFILE (a folder for the server's V8 CPU profile).
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { defaultPython } from "../src/config/config";
import { Connection } from "./client";
import { startBenchServer } from "./server";
import { childrenOf, cpuSeconds, cpuTimes, ms, pct, sleep, smaps, uidOf } from "./stats";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const FIRST_RESULTS = num("BENCH_FIRST_RESULTS", 30);
const EXECS = num("BENCH_EXECS", 1000);
const SESSIONS = num("BENCH_SESSIONS", 50);
const RATE = num("BENCH_RATE", 500);
const OPEN_SECONDS = num("BENCH_OPEN_SECONDS", 4);
const PER_SESSION = num("BENCH_PER_SESSION", 60);
const IDLE_SESSIONS = num("BENCH_IDLE_SESSIONS", 20);
const MAX_SECONDS = num("BENCH_MAX_SECONDS", 300);
const python = process.env.EXECUTOR_PYTHON ?? defaultPython();
const TRIVIAL = { code: "x += 1" };
const FIRST_PANDAS = { code: "import pandas as pd\nprint(len(pd.DataFrame({'a': [1, 2]})))" };
const isRoot = process.getuid?.() === 0;
/** Per-session uids of the benchmark's server, away from the tests' ranges. */
const UID_BASE = 230_000;
const SPARES = 2;

function report(figure: string, measured: string, target: string, pass?: boolean): void {
  const verdict = pass === undefined ? "" : pass ? "PASS" : "MISS";
  console.log(`${figure.padEnd(46)} ${measured.padEnd(34)} ${target.padEnd(26)} ${verdict}`);
}
const note = (text: string) => console.log(`${"".padEnd(46)} ${text}`);

async function main(): Promise<void> {
  console.log(
    `executor benchmark — ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} ` + `at start, node ${process.version}, python ${python}`,
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
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = spawnSync(python, ["-c", "import pandas, matplotlib"], { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${python} cannot import pandas/matplotlib`);
    cold.push(performance.now() - t);
  }

  const bench = await startBenchServer({
    EXECUTOR_PYTHON: python,
    EXECUTOR_MAX_SESSIONS: String(Math.max(64, SESSIONS + 2, IDLE_SESSIONS + 2)),
    EXECUTOR_SPARE_WORKERS: String(SPARES),
    ...(isRoot ? { EXECUTOR_WORKER_UID_BASE: String(UID_BASE) } : {}),
  });
  const { child: server, port, control } = bench;
  const watchdog = setTimeout(() => {
    console.error(`benchmark did not finish within ${MAX_SECONDS} s; stopping`);
    server.kill("SIGKILL");
    process.exit(1);
  }, MAX_SECONDS * 1000);
  watchdog.unref();

  const connections: Connection[] = [control];
  const open = () => {
    const c = new Connection(port);
    connections.push(c);
    return c;
  };
  const tokens = new Map<string, string>();
  try {
    const info = (await control.request("GET", "/info")).json;
    console.log(
      `server: pid ${server.pid}, ready in ${ms(bench.readyMs)} (node start + zygote preload of ` +
        `${info.python.preloaded.join(", ")}; once per task), python ${info.python.version}, ` +
        `per-session uids ${info.isolation.perSessionUid ? "on (root)" : "off"}, seccomp ${info.isolation.seccompArchitecture}\n`,
    );
    const spares = async () => (await control.request("GET", "/info")).json.sessions.spareWorkers as number;
    const create = async (c: Connection): Promise<string> => {
      const res = await c.request("POST", "/sessions");
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.json)}`);
      tokens.set(res.json.sessionId, res.json.token);
      return res.json.sessionId as string;
    };
    const execute = async (c: Connection, id: string, body: object): Promise<string> => {
      const res = await c.request("POST", `/sessions/${id}/execute`, body, tokens.get(id));
      if (res.status !== 200 || res.json.status !== "ok") {
        throw new Error(`execution failed: ${res.status} ${JSON.stringify(res.json)}`);
      }
      return res.json.stdout as string;
    };
    const remove = (c: Connection, id: string) =>
      c.request("DELETE", `/sessions/${id}`, undefined, tokens.get(id));
    const zygote = childrenOf(server.pid as number)[0] as number;
    /** Workers of sessions: the zygote's children that took a session uid (spares are still root's). */
    const sessionWorkers = () => childrenOf(zygote).filter((pid) => !isRoot || uidOf(pid) >= UID_BASE);

    // 1. New session to the first pandas result, sequential; session create alone from the same samples.
    const firsts: number[] = [];
    const creates: number[] = [];
    for (let i = 0; i < FIRST_RESULTS; i++) {
      for (let wait = 0; wait < 400 && (await spares()) < SPARES; wait++) await sleep(25);
      const t = performance.now();
      const id = await create(control);
      const created = performance.now();
      const out = await execute(control, id, FIRST_PANDAS);
      firsts.push(performance.now() - t);
      creates.push(created - t);
      if (out !== "2\n") throw new Error(`unexpected output ${JSON.stringify(out)}`);
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
    const workerPids = sessionWorkers();
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
    const mem = sessionWorkers().map(smaps);
    const ussPer = mem.reduce((s, m) => s + m.uss, 0) / mem.length;
    const pssPer = mem.reduce((s, m) => s + m.pss, 0) / mem.length;
    const zygoteMem = smaps(zygote);
    for (const id of idle) await remove(control, id);

    const MB = 1024 * 1024;
    console.log(`${"figure".padEnd(46)} ${"measured".padEnd(34)} ${"target".padEnd(26)} verdict`);
    console.log("-".repeat(116));
    const coldP50 = pct(cold, 50);
    const firstP50 = pct(firsts, 50);
    report(
      `cold python3 -c "import pandas, matplotlib"`,
      `p50 ${ms(coldP50)}  (n=${cold.length})`,
      "(comparison)",
    );
    report(
      "new session to first pandas result",
      `p50 ${ms(firstP50)}  p99 ${ms(pct(firsts, 99))}  (n=${firsts.length})`,
      "p50 ≤ 15 ms",
      firstP50 <= 15,
    );
    report(
      "  speed-up vs the cold import (p50)",
      `${(coldP50 / firstP50).toFixed(0)}x`,
      "≥ 50x",
      coldP50 / firstP50 >= 50,
    );
    report(
      "session create (POST /sessions)",
      `p50 ${ms(pct(creates, 50))}  p99 ${ms(pct(creates, 99))}  (n=${creates.length})`,
      "p50 ≤ 5 ms",
      pct(creates, 50) <= 5,
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
    note(`(open loop: ${(RATE / SESSIONS).toFixed(0)}/s per session, ${pacedRate.toFixed(0)}/s in all)`);
    report(
      `aggregate executions/s, ${SESSIONS} sessions`,
      `${(n / closedSeconds).toFixed(0)}/s  (n=${n}, ${closedSeconds.toFixed(2)} s)`,
      "≥ 1,000/s on 2 cores",
      n / closedSeconds >= 1000,
    );
    note(
      `(closed loop, ${SESSIONS} in flight: round trip p50 ${ms(pct(saturated, 50))}, p99 ${ms(pct(saturated, 99))} = queueing)`,
    );
    report(
      "marginal memory per idle session (USS)",
      `${(ussPer / MB).toFixed(1)} MB  (${mem.length} sessions)`,
      "≤ 15 MB",
      ussPer <= 15 * MB,
    );
    note(
      `(PSS ${(pssPer / MB).toFixed(1)} MB per worker; the zygote they share: RSS ${(zygoteMem.rss / MB).toFixed(0)} MB, once per task)`,
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
    await bench.stop();
    clearTimeout(watchdog);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
