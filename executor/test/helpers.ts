import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sessionAuthorization } from "agentcore-vpc-platform-contract";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import {
  loadConfig,
  type ExecutorConfig,
  type SessionBudgets,
  type WorkerLimits,
} from "../src/config/config";
import { buildServer, type BuildOptions } from "../src/server";

/** Debian's python3 has pandas/matplotlib here and in CI; EXECUTOR_PYTHON overrides. */
export const PYTHON = process.env.EXECUTOR_PYTHON ?? "/usr/bin/python3";

// Test responses are checked field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Overrides = Partial<Omit<ExecutorConfig, "limits" | "budgets">> & {
  limits?: Partial<WorkerLimits>;
  budgets?: Partial<SessionBudgets>;
};

export interface CallOptions {
  /** The token to send; default: the one the harness got when it created the session; null: none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  app: FastifyInstance;
  url: string;
  config: ExecutorConfig;
  /** Tokens of the sessions this harness created, by session id. */
  tokens: Map<string, string>;
  call(
    method: string,
    route: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<{ status: number; json: Json; text: string }>;
  /** fetch with the session's token added (for raw bodies and downloads). */
  fetch(route: string, init?: RequestInit & CallOptions): Promise<Response>;
  createSession(): Promise<string>;
  exec(id: string, code: string, extra?: Record<string, unknown>): Promise<Json>;
  close(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/**
 * As root every server runs its sessions under uids from a base. Test files run in parallel, so each file
 * passes its own range (`UID_RANGES`): one server's clean-up of a uid must never kill another's worker.
 */
export const UID_RANGES = {
  sessions: 210_000,
  faults: 211_000,
  files: 212_000,
  s3: 213_000,
  drain: 214_000,
  attacksNetwork: 215_000,
  attacksProcesses: 216_000,
  attacksFiles: 217_000,
  attacksBudgets: 218_000,
  attacksBash: 219_000,
  capabilities: 220_000,
  bigPull: 221_000,
  helpers: 222_000,
  lifecycle: 223_000,
  render: 224_000,
  logEvents: 225_000,
} as const;

/** Uids one server may use (sessions are numbered from 0 within it). */
export const UIDS_PER_SERVER = 100;

/** The uid base for the n-th server of a test file (undefined when not root: no per-session uids). */
export function uidBase(range: number, server = 0): number | undefined {
  return isRoot ? range + server * UIDS_PER_SERVER : undefined;
}

/**
 * Processes left over from a server: owned by its uid range (root), or working in a directory under
 * `dir` (workers and their children start in their session directory).
 */
export async function strayProcesses(dir: string, base: number | null): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, "utf8");
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (/^State:\s+Z/m.test(status)) continue;
      const inRange = base !== null && uid >= base && uid < base + UIDS_PER_SERVER;
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

/** Live (not zombie) processes of a uid, read from /proc as an outsider sees them. */
export function processesOfUid(uid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid && !/^State:\s+Z/m.test(status))
        pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Waits (bounded) until a closed server has left no process behind; throws with the list otherwise. */
export async function expectNoStrays(workDir: string, base: number | null): Promise<void> {
  let left: string[] = [];
  for (let i = 0; i < 100; i++) {
    left = await strayProcesses(workDir, base);
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`processes left behind by the executor:\n${left.join("\n")}`);
}

/** The session id of a `/sessions/<id>…` route. */
function sessionOfRoute(route: string): string | undefined {
  return /^\/sessions\/([^/?]+)/.exec(route)?.[1];
}

/** A real executor on 127.0.0.1 with a real Python zygote and a throwaway work directory. */
export async function startExecutor(
  range: number,
  overrides: Overrides = {},
  options: BuildOptions & { server?: number } = {},
): Promise<Harness> {
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
    workerUidBase: overrides.workerUidBase ?? uidBase(range, options.server) ?? null,
    limits: { ...base.limits, ...overrides.limits },
    budgets: { ...base.budgets, ...overrides.budgets },
  };
  config.limits.fileSizeBytes = config.budgets.diskBytes;
  const app = buildServer(config, options);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const url = `http://127.0.0.1:${address.port}`;
  const tokens = new Map<string, string>();
  const authHeaders = (route: string, options: CallOptions = {}): Record<string, string> => {
    const id = sessionOfRoute(route);
    const token =
      options.token === undefined ? (id ? tokens.get(decodeURIComponent(id)) : undefined) : options.token;
    return { ...(token ? { authorization: sessionAuthorization(token) } : {}), ...options.headers };
  };
  const call: Harness["call"] = async (method, route, body, options) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...authHeaders(route, options),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (method === "POST" && route === "/sessions" && res.status === 201)
      tokens.set(json.sessionId, json.token);
    return { status: res.status, json, text };
  };
  return {
    app,
    url,
    config,
    tokens,
    call,
    fetch: (route, init = {}) => {
      const { token, headers, ...rest } = init;
      const auth = authHeaders(route, token === undefined ? {} : { token });
      return fetch(`${url}${route}`, {
        ...rest,
        headers: { ...auth, ...(headers as Record<string, string>) },
      });
    },
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

/** Deletes every session a harness holds (between tests). */
export async function deleteAll(ex: Harness): Promise<void> {
  for (const session of ex.app.executor.list()) await ex.call("DELETE", `/sessions/${session.id}`);
}

/**
 * The check after every fault: the server still answers /health with 200, and a FRESH session (a new
 * worker) imports pandas and computes correctly. The session is deleted again, so the check leaves nothing.
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
