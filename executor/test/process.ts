import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sessionAuthorization } from "agentcore-vpc-platform-contract";
import { expectNoStrays, PYTHON, uidBase, type Json } from "./helpers";
import { freePort } from "./net";

const EXECUTOR_DIR = path.resolve(__dirname, "..");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ExecutorProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  url: string;
  workDir: string;
  uidBase: number | undefined;
  tokens: Map<string, string>;
  call(method: string, route: string, body?: unknown): Promise<{ status: number; json: Json }>;
  /** SIGKILLs the server if it still runs, checks nothing of it is left, removes its work folder. */
  cleanUp(): Promise<void>;
}

/**
 * Starts src/main.ts as its own process (the entry point of `npm start`, via tsx), optionally under
 * another program (`wrap`, e.g. setpriv to run it with a container's capability set).
 */
export async function startExecutorProcess(
  range: number,
  env: Record<string, string> = {},
  options: { server?: number; wrap?: string[] } = {},
): Promise<ExecutorProcess> {
  const port = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "executor-proc-"));
  const base = uidBase(range, options.server);
  const argv = [process.execPath, "--import", "tsx", "src/main.ts"];
  const [command, ...args] = [...(options.wrap ?? []), ...argv] as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: EXECUTOR_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      EXECUTOR_PYTHON: PYTHON,
      EXECUTOR_WORK_DIR: workDir,
      MPLCONFIGDIR: path.join(os.tmpdir(), "executor-test-mplconfig"),
      LOG_LEVEL: "warn",
      ...(base === undefined ? {} : { EXECUTOR_WORKER_UID_BASE: String(base) }),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const tokens = new Map<string, string>();
  const call: ExecutorProcess["call"] = async (method, route, body) => {
    const id = /^\/sessions\/([^/]+)/.exec(route)?.[1];
    const token = id ? tokens.get(id) : undefined;
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(body ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: sessionAuthorization(token) } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Json;
    if (method === "POST" && route === "/sessions" && res.status === 201)
      tokens.set(json.sessionId, json.token);
    return { status: res.status, json };
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`executor exited during start-up (code ${child.exitCode})`);
    const ok = await call("GET", "/health").catch(() => null);
    if (ok?.status === 200) break;
    await sleep(100);
  }
  return {
    child,
    exited,
    url,
    workDir,
    uidBase: base,
    tokens,
    call,
    async cleanUp() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      await expectNoStrays(workDir, base ?? null);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
