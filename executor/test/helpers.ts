import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { loadConfig, type ExecutorConfig, type WorkerLimits } from "../src/config";
import { buildServer, type BuildOptions } from "../src/server";

/** Debian's python3 has pandas/matplotlib here and in CI; EXECUTOR_PYTHON overrides. */
export const PYTHON = process.env.EXECUTOR_PYTHON ?? "/usr/bin/python3";

// Test responses are checked field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Overrides = Partial<Omit<ExecutorConfig, "limits">> & { limits?: Partial<WorkerLimits> };

export interface Harness {
  app: FastifyInstance;
  url: string;
  config: ExecutorConfig;
  call(method: string, route: string, body?: unknown): Promise<{ status: number; json: Json; text: string }>;
  createSession(): Promise<string>;
  exec(id: string, code: string, extra?: Record<string, unknown>): Promise<Json>;
  close(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;
let servers = 0;

/**
 * As root every server drops its workers to per-session uids from a base: test servers run in parallel
 * (vitest runs files in parallel), so each gets its own range, or one server's clean-up of a uid would
 * kill another server's worker. Undefined when not root (no per-session uids there).
 */
export function uniqueUidBase(): number | undefined {
  if (!isRoot) return undefined;
  servers += 1;
  return 200_000 + (process.pid % 20_000) * 1000 + (servers % 8) * 120;
}

/**
 * Processes left over from a server: owned by its uid range (root), or working in a directory under
 * `dir` (workers and their children start in their session directory; /proc/<pid>/environ would not
 * do, it shows the zygote's environment).
 */
export async function strayProcesses(dir: string, uidBase: number | null): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, "utf8");
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      const inRange = uidBase !== null && uid >= uidBase && uid < uidBase + 120;
      const cwd = inRange ? "" : await readlink(`/proc/${name}/cwd`).catch(() => "");
      if (inRange || cwd === dir || cwd.startsWith(`${dir}/`)) {
        const cmdline = (await readFile(`/proc/${name}/cmdline`, "utf8")).replaceAll("\0", " ").trim();
        found.push(`${name} (uid ${uid}, cwd ${cwd || "?"}): ${cmdline}`);
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits (bounded) until a closed server has left no process behind; throws with the list otherwise. */
export async function expectNoStrays(workDir: string, uidBase: number | null): Promise<void> {
  let left: string[] = [];
  for (let i = 0; i < 100; i++) {
    left = await strayProcesses(workDir, uidBase);
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`processes left behind by the executor:\n${left.join("\n")}`);
}

/** A real executor on 127.0.0.1 with a real Python zygote and a throwaway work directory. */
export async function startExecutor(overrides: Overrides = {}, options: BuildOptions = {}): Promise<Harness> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-test-"));
  const base = loadConfig({ ...process.env, EXECUTOR_PYTHON: PYTHON, LOG_LEVEL: "silent" });
  const config: ExecutorConfig = {
    ...base,
    ...overrides,
    host: "127.0.0.1",
    port: 0,
    workDir,
    // shared across test servers: matplotlib builds its font cache once, not per server
    mplConfigDir: path.join(os.tmpdir(), "executor-test-mplconfig"),
    workerUidBase: overrides.workerUidBase ?? uniqueUidBase() ?? null,
    limits: { ...base.limits, ...overrides.limits },
  };
  const app = buildServer(config, options);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const url = `http://127.0.0.1:${address.port}`;
  const call: Harness["call"] = async (method, route, body) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    app,
    url,
    config,
    call,
    async createSession() {
      const res = await call("POST", "/sessions");
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
      return res.json.sessionId as string;
    },
    async exec(id, code, extra = {}) {
      const res = await call("POST", `/sessions/${id}/execute`, { code, ...extra });
      if (res.status !== 200) throw new Error(`execute failed: ${res.status} ${res.text}`);
      return res.json;
    },
    async close() {
      await app.close();
      await expectNoStrays(workDir, config.workerUidBase);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * The check after every fault case (issue 4): the server still answers /health with 200, and a FRESH
 * session (a new worker forked from the zygote) imports pandas and computes correctly. The session is
 * deleted again, so the check leaves nothing behind.
 */
export async function expectHealthyAfterFault(ex: Harness): Promise<void> {
  const health = await ex.call("GET", "/health");
  expect(health.status, "GET /health after the fault").toBe(200);
  expect(health.json.status).toBe("ok");
  const id = await ex.createSession();
  const res = await ex.exec(id, "import pandas as pd\nint(pd.Series([19, 23]).sum()) * 1000 + 7");
  expect(res, "a fresh session after the fault").toMatchObject({
    status: "ok",
    stdout: "42007\n",
    stateLost: false,
    restarted: false,
  });
  expect((await ex.call("DELETE", `/sessions/${id}`)).status).toBe(200);
}
