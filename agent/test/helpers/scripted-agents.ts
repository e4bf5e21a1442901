import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Script } from "../../src/workflow/scripted-model.js";
import { startAgent } from "./agent.js";
import { startFakeExecutor, type FakeExecutor } from "./fake-executor.js";
import { writeScript } from "./scripts.js";

/** A test file's agents: scripted models, one fake executor and one folder standing in for S3. */
export interface ScriptedAgents {
  /** The fake executor every agent of the file talks to (from `beforeAll` on). */
  readonly fake: FakeExecutor;
  /** The folder standing in for S3 (from `beforeAll` on). */
  readonly localS3: string;
  /** Starts an agent whose model replays `script`; returns its URL. Closed after the file's tests. */
  start(script: Script, env?: Record<string, string>): Promise<string>;
}

/**
 * Registers the file's `beforeAll` (fake executor, S3 folder named from `prefix`) and `afterAll` (every agent
 * started, then the fake executor, closed). `defaults` are environment variables every agent gets.
 */
export function useScriptedAgents(prefix: string, defaults: Record<string, string> = {}): ScriptedAgents {
  let fake: FakeExecutor | undefined;
  let localS3: string | undefined;
  const servers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    fake = await startFakeExecutor();
    localS3 = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await fake?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useScriptedAgents: used before beforeAll ran");
    return value;
  };
  const agents: ScriptedAgents = {
    get fake() {
      return ready(fake);
    },
    get localS3() {
      return ready(localS3);
    },
    async start(script, env = {}) {
      const started = await startAgent({
        EXECUTOR_URL: agents.fake.url,
        AGENT_LOCAL_S3_DIR: agents.localS3,
        AGENT_SCRIPTED_MODEL: writeScript(script),
        ...defaults,
        ...env,
      });
      servers.push(started.server);
      return started.url;
    },
  };
  return agents;
}
