import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  isAlive,
  isNpm,
  npmAncestry,
  parentOfStat,
  type ProcessInfo,
  stateOfStat,
} from "../src/local/ancestors.js";
import { describeExit, restartDelayMs } from "../src/local/supervisor.js";
import { resolveUserPath } from "../src/paths.js";
import { eventually } from "./helpers/agent.js";

describe("paths the user typed", () => {
  it("resolve from where npm was run (INIT_CWD), not from the workspace npm runs scripts in", () => {
    expect(resolveUserPath("./shop.csv", { INIT_CWD: "/home/me/repo" })).toBe("/home/me/repo/shop.csv");
    expect(resolveUserPath("agent/scripted/sales-ko.json", { INIT_CWD: "/r" })).toBe(
      "/r/agent/scripted/sales-ko.json",
    );
    expect(resolveUserPath("/abs/file.csv", { INIT_CWD: "/r" })).toBe("/abs/file.csv");
    expect(resolveUserPath("x", {})).toBe(path.join(process.cwd(), "x"));
  });
});

describe("the npm processes above npm run dev", () => {
  it("reads the parent pid from /proc stat lines, commands with spaces and parentheses included", () => {
    expect(parentOfStat("123 (node) S 45 123 45 0 -1")).toBe(45);
    expect(parentOfStat("123 (a (b) c) S 77 1 1")).toBe(77);
  });

  it("walks up through npm, sh and node to the outermost npm, and stops at the user's shell", () => {
    const table: Record<number, ProcessInfo> = {
      50: { pid: 50, ppid: 40, command: "node /repo/node_modules/.bin/tsx agent/src/dev.ts" },
      40: { pid: 40, ppid: 30, command: "sh -c tsx agent/src/dev.ts" },
      30: { pid: 30, ppid: 20, command: "npm run dev" },
      20: { pid: 20, ppid: 10, command: "-bash" },
      10: { pid: 10, ppid: 1, command: "bash -c npm run dev" },
    };
    expect(npmAncestry(50, (pid) => table[pid]).map((p) => p.pid)).toEqual([50, 40, 30]);
    expect(npmAncestry(20, (pid) => table[pid])).toEqual([]);
    expect(isNpm("/usr/bin/node /usr/lib/node_modules/npm/bin/npm-cli.js run dev")).toBe(true);
    expect(isNpm("npm run dev")).toBe(true);
    expect(isNpm("node server.js --npm")).toBe(false);
  });

  it("knows a live process from a gone one (a zombie is gone)", () => {
    expect(stateOfStat("123 (a (b) c) Z 77 1 1")).toBe("Z");
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe("the supervisor of npm run dev", () => {
  it("backs off restarts from 1 s to 30 s and names how a process ended", () => {
    expect([1, 2, 3, 6, 10].map(restartDelayMs)).toEqual([1000, 2000, 4000, 30_000, 30_000]);
    expect(describeExit(1, null)).toBe("code 1");
    expect(describeExit(null, "SIGKILL")).toBe("signal SIGKILL");
  });

  it("restarts a child that dies, reports it, and its children exit when it is killed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "supervisor-"));
    const child = path.join(dir, "child.mjs");
    writeFileSync(child, "console.log(`child ${process.pid} up`);\nsetInterval(() => {}, 1000);\n");
    const supervisorScript = path.join(dir, "supervisor.mts");
    const supervisorModule = fileURLToPath(new URL("../src/local/supervisor.ts", import.meta.url));
    writeFileSync(
      supervisorScript,
      `import { Supervisor } from ${JSON.stringify(supervisorModule)};
const s = new Supervisor((line) => console.log(line), () => process.exit(1));
await s.start({ name: "worker", args: [${JSON.stringify(child)}], env: process.env, ready: async () => true, restart: true });
console.log("pid " + s.pid("worker"));
setInterval(() => { const p = s.pid("worker"); if (p) console.log("pid " + p); }, 300);
`,
    );
    // node --import tsx: the supervisor is this very process (the tsx command would put a wrapper above it).
    const proc = spawn(process.execPath, ["--import", "tsx", supervisorScript], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (out += c.toString()));
    await eventually(() => /pid \d+/.test(out), "the child started", 30_000);
    const first = Number(/pid (\d+)/.exec(out)?.[1]);
    process.kill(first, "SIGKILL");
    await eventually(
      () => out.includes("the worker died (signal SIGKILL); restarting it in 1 s"),
      "reported",
      10_000,
    );
    await eventually(() => out.includes("the worker is running again"), "restarted", 10_000);
    const second = Number([...out.matchAll(/pid (\d+)/g)].at(-1)?.[1]);
    expect(second).not.toBe(first);
    await eventually(() => out.includes(`child ${second} up`), "the new child running", 10_000);
    expect(isAlive(second)).toBe(true);
    // The supervisor dies without a chance to clean up: its child notices (IPC channel closed) and exits.
    process.kill(proc.pid as number, "SIGKILL");
    await eventually(() => !isAlive(second), "the orphaned child exited", 20_000);
  });
});
