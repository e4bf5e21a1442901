import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { EXECUTOR_ADDED_CAPABILITIES, EXECUTOR_CAPABILITIES } from "agentcore-vpc-platform-contract";
import { processesOfUid, UID_RANGES } from "./helpers";
import { startExecutorProcess, type ExecutorProcess } from "./process";

/**
 * The server as it runs on Fargate: root, with Docker's default capabilities minus the dropped ones plus
 * SYS_PTRACE (packages/contract executor-task.ts). setpriv limits the bounding set, which for root is what
 * the server's effective set becomes, so every session feature runs here with exactly those capabilities.
 */

const SETPRIV = "/usr/bin/setpriv";
const canRun = process.getuid?.() === 0 && existsSync(SETPRIV);

/** Linux capability numbers of the names the contract uses. */
const CAPABILITY_BITS: Record<string, number> = {
  CHOWN: 0,
  DAC_OVERRIDE: 1,
  FOWNER: 3,
  KILL: 5,
  SETGID: 6,
  SETUID: 7,
  SYS_PTRACE: 19,
};

function wrap(capabilities: readonly string[]): string[] {
  const bounding = ["-all", ...capabilities.map((c) => `+${c.toLowerCase()}`)].join(",");
  return [SETPRIV, "--bounding-set", bounding, "--inh-caps", "-all", "--"];
}

const effective = (pid: number) =>
  BigInt(`0x${/^CapEff:\s+([0-9a-f]+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]}`);
const maskOf = (capabilities: readonly string[]) =>
  capabilities.reduce((mask, c) => mask | (1n << BigInt(CAPABILITY_BITS[c] as number)), 0n);

const started: ExecutorProcess[] = [];
afterEach(async () => {
  for (const executor of started.splice(0)) await executor.cleanUp();
});

describe.runIf(canRun)("the server with the container's capability set", () => {
  const kept = [...EXECUTOR_CAPABILITIES, ...EXECUTOR_ADDED_CAPABILITIES];

  it("runs sessions, measures them by PSS and cleans up with only the kept capabilities", async () => {
    const executor = await startExecutorProcess(
      UID_RANGES.capabilities,
      { EXECUTOR_SPARE_WORKERS: "1" },
      { wrap: wrap(kept) },
    );
    started.push(executor);
    expect(effective(executor.child.pid as number)).toBe(maskOf(kept));
    expect((await executor.call("GET", "/info")).json.isolation.memoryAccounting).toBe("pss");
    const { call } = executor;
    const { sessionId } = (await call("POST", "/sessions")).json;
    const token = executor.tokens.get(sessionId) as string;
    const run = async (code: string, language = "python") =>
      (await call("POST", `/sessions/${sessionId}/execute`, { code, language })).json;
    // the worker switched uid and kept no capability
    const caps = await run("grep -E '^Cap(Eff|Prm)' /proc/self/status | tr -d '\\t'; id -u", "bash");
    expect(caps.stdout).toBe(
      `CapPrm:0000000000000000\nCapEff:0000000000000000\n${(executor.uidBase as number) + 0}\n`,
    );
    // uploads are handed to the session (CHOWN) and served back
    const put = await fetch(`${executor.url}/sessions/${sessionId}/files/data/in.csv`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
      body: "a\n1\n",
    });
    expect(put.status).toBe(201);
    expect(
      (
        await run(
          "import os\nprint(os.stat('data/in.csv').st_uid == os.getuid(), open('data/in.csv').read().split())",
        )
      ).stdout,
    ).toBe("True ['a', '1']\n");
    // processes left by a cell are killed (KILL); memory is PSS (SYS_PTRACE reads smaps_rollup), far below RSS
    await run(
      "import subprocess\nsubprocess.Popen(['sleep', '600'], start_new_session=True)\nx = bytearray(64 * 2**20)\nx[::4096] = b'1' * len(x[::4096])",
    );
    const worker = Number((await run("import os\nos.getpid()")).stdout);
    const status = (await call("GET", `/sessions/${sessionId}`)).json;
    const rss = Number(readFileSync(`/proc/${worker}/statm`, "utf8").split(" ")[1]) * 4096;
    expect(status.usage.memoryBytes).toBeGreaterThan(64 * 2 ** 20);
    expect(status.usage.memoryBytes).toBeLessThan(rss);
    expect(processesOfUid(executor.uidBase as number)).toEqual([worker]);
    // a session's locked folders are removed with it (DAC_OVERRIDE, FOWNER)
    await run("mkdir -p data/l/m && touch data/l/m/f && chmod 1000 data/l/m && chmod 0 data/l", "bash");
    expect((await call("DELETE", `/sessions/${sessionId}`)).status).toBe(200);
    expect(existsSync(`${executor.workDir}/sessions/${sessionId}`)).toBe(false);
  });

  it("needs SYS_PTRACE to measure by PSS: without it the budget falls back to the RSS", async () => {
    const without = kept.filter((c) => c !== "SYS_PTRACE");
    const executor = await startExecutorProcess(
      UID_RANGES.capabilities,
      { EXECUTOR_SPARE_WORKERS: "0" },
      { server: 1, wrap: wrap(without) },
    );
    started.push(executor);
    const { sessionId } = (await executor.call("POST", "/sessions")).json;
    const worker = Number(
      (await executor.call("POST", `/sessions/${sessionId}/execute`, { code: "import os\nos.getpid()" })).json
        .stdout,
    );
    const read = () =>
      execFileSync(SETPRIV, [...wrap(without).slice(1), "cat", `/proc/${worker}/smaps_rollup`], {
        stdio: "pipe",
      });
    expect(read).toThrow();
    const status = (await executor.call("GET", `/sessions/${sessionId}`)).json;
    const rss = Number(readFileSync(`/proc/${worker}/statm`, "utf8").split(" ")[1]) * 4096;
    expect(status.usage.memoryBytes).toBeGreaterThanOrEqual(rss * 0.9);
    expect((await executor.call("GET", "/info")).json.isolation.memoryAccounting).toBe("rss");
  });
});
