/**
 * Executor benchmark (a script, not a test): `npx tsx executor/bench/bench.ts` from the repo root,
 * or `npm run bench -w executor`. Loopback only, bounded loops. Prints:
 *  - cold `python3 -c "import pandas, matplotlib"` vs session create latency (p50/p95)
 *  - execute round trip (p50/p95)
 *  - throughput of N concurrent sessions
 * Knobs: EXECUTOR_PYTHON, BENCH_CREATES (30), BENCH_EXECS (100), BENCH_CONCURRENCY (8), BENCH_PER_SESSION (20).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultPython, loadConfig } from "../src/config";
import { buildServer } from "../src/server";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CREATES = num("BENCH_CREATES", 30);
const EXECS = num("BENCH_EXECS", 100);
const CONCURRENCY = num("BENCH_CONCURRENCY", 8);
const PER_SESSION = num("BENCH_PER_SESSION", 20);
const python = process.env.EXECUTOR_PYTHON ?? defaultPython();

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (label: string, samples: number[]) =>
  console.log(
    `${label.padEnd(48)} p50 ${fmt(pct(samples, 50)).padStart(10)}   p95 ${fmt(pct(samples, 95)).padStart(10)}   (n=${samples.length})`,
  );

async function main(): Promise<void> {
  console.log(`executor benchmark — ${os.cpus().length} CPUs, node ${process.version}, python ${python}\n`);
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(python, ["-c", "import pandas, matplotlib"], { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${python} cannot import pandas/matplotlib`);
    cold.push(performance.now() - t);
  }
  line(`cold: python3 -c "import pandas, matplotlib"`, cold);

  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-bench-"));
  const base = loadConfig({ ...process.env, EXECUTOR_PYTHON: python, LOG_LEVEL: "silent" });
  const config = { ...base, workDir, host: "127.0.0.1", port: 0, maxSessions: Math.max(64, CONCURRENCY + 2) };
  const app = buildServer(config);
  const startT = performance.now();
  await app.listen({ host: "127.0.0.1", port: 0 });
  console.log(
    `${"server start (zygote preload, once per task)".padEnd(48)} ${fmt(performance.now() - startT)}`,
  );
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const post = async (route: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method: "POST",
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await res.json()) as { sessionId: string; status: string };
  };
  const del = (id: string) => fetch(`${url}/sessions/${id}`, { method: "DELETE" });

  try {
    const creates: number[] = [];
    const firstExec: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      let t = performance.now();
      const { sessionId } = await post("/sessions");
      creates.push(performance.now() - t);
      t = performance.now();
      const r = await post(`/sessions/${sessionId}/execute`, {
        code: "import pandas as pd\npd.DataFrame({'a':[1]}).a.sum()",
      });
      firstExec.push(performance.now() - t);
      if (r.status !== "ok") throw new Error(`execution failed: ${JSON.stringify(r)}`);
      await del(sessionId);
    }
    line("POST /sessions (fork from warm zygote)", creates);
    line("first execute using pandas in a new session", firstExec);
    console.log(
      `${"speed-up of session create vs cold import (p50)".padEnd(48)} ${(pct(cold, 50) / pct(creates, 50)).toFixed(0)}x\n`,
    );

    const { sessionId } = await post("/sessions");
    await post(`/sessions/${sessionId}/execute`, { code: "x = 0" });
    const rt: number[] = [];
    for (let i = 0; i < EXECS; i++) {
      const t = performance.now();
      await post(`/sessions/${sessionId}/execute`, { code: "x += 1\nx" });
      rt.push(performance.now() - t);
    }
    line("execute round trip (x += 1)", rt);
    const pandasRt: number[] = [];
    await post(`/sessions/${sessionId}/execute`, {
      code: "import numpy as np, pandas as pd\ndf = pd.DataFrame({'k': np.arange(20000) % 5, 'v': np.arange(20000)})",
    });
    for (let i = 0; i < Math.min(EXECS, 50); i++) {
      const t = performance.now();
      await post(`/sessions/${sessionId}/execute`, { code: "df.groupby('k').v.sum().to_dict()" });
      pandasRt.push(performance.now() - t);
    }
    line("execute round trip (groupby on 20k rows)", pandasRt);
    await del(sessionId);

    for (const n of [1, CONCURRENCY]) {
      const ids = await Promise.all(
        Array.from({ length: n }, async () => (await post("/sessions")).sessionId),
      );
      const t = performance.now();
      await Promise.all(
        ids.map(async (id) => {
          for (let i = 0; i < PER_SESSION; i++) {
            await post(`/sessions/${id}/execute`, {
              code: "import numpy as np\nfloat(np.random.rand(200, 200).sum())",
            });
          }
        }),
      );
      const seconds = (performance.now() - t) / 1000;
      console.log(
        `${`${n} concurrent session(s) x ${PER_SESSION} executions`.padEnd(48)} ${((n * PER_SESSION) / seconds).toFixed(0)} executions/s (${seconds.toFixed(2)} s)`,
      );
      await Promise.all(ids.map(del));
    }
  } finally {
    await app.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
