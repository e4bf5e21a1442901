import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
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
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
