/**
 * The real engine against a stand-in `pulumi` on PATH that records its arguments: what the Automation API
 * asks of the CLI for the options the tools pass (the real CLI cannot be installed on these machines).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPulumiEngine } from "./automation-engine";
import type { DeployStack } from "./engine";

/** Answers what the Automation API asks; an event log gets one summary event (the file form of CLIs ≤ 3.205). */
const FAKE_CLI = (argvLog: string) => `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify(args) + "\\n");
const [command, sub] = args;
const eventLog = args.indexOf("--event-log");
if (eventLog !== -1) {
  const summaryEvent = { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { same: 3 }, policyPacks: {} };
  fs.writeFileSync(args[eventLog + 1], JSON.stringify({ sequence: 0, timestamp: 0, summaryEvent }) + "\\n");
}
if (command === "version") console.log("v3.200.0");
else if (command === "config") console.log("{}");
else if (command === "stack" && sub === "output") console.log("{}");
else if (command === "stack" && sub === "history") {
  const update = { version: 1, kind: "update", result: "succeeded", resourceChanges: { same: 3 } };
  console.log(JSON.stringify([{ ...update, startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-01T00:01:00Z" }]));
}
else if (command === "stack" && sub === "export") {
  console.log(JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:x", id: "vpc-1" }] } }));
}
`;

let dir: string;
let argvLog: string;
let savedPath: string | undefined;
let stack: DeployStack;
const calls = () =>
  fs
    .readFileSync(argvLog, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as string[]);
const callOf = (...prefix: string[]) => calls().find((argv) => prefix.every((p, i) => argv[i] === p));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  argvLog = path.join(dir, "argv.jsonl");
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "pulumi"), FAKE_CLI(argvLog), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fake\nruntime: nodejs\n");
  savedPath = process.env.PATH;
  process.env.PATH = `${path.join(dir, "bin")}${path.delimiter}${savedPath ?? ""}`;
  const engine = createPulumiEngine();
  expect(await engine.cliVersion()).toBe("3.200.0");
  stack = await engine.selectStack({
    stackName: "dev",
    workDir: dir,
    envVars: { PULUMI_BACKEND_URL: `file://${dir}/state` },
    secretsProvider: "passphrase",
    create: false,
  });
});

afterAll(() => {
  process.env.PATH = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});

const quiet = { onOutput: () => undefined, onEvent: () => undefined, diff: false, color: "never" as const };

describe("createPulumiEngine", () => {
  it("installs a provider plugin through the workspace", async () => {
    await stack.installPlugin("aws", "v7.48.0");
    expect(callOf("plugin", "install")?.slice(0, 5)).toEqual([
      "plugin",
      "install",
      "resource",
      "aws",
      "v7.48.0",
    ]);
  });

  it("passes the policy pack and a refresh to the preview", async () => {
    const result = await stack.preview({
      ...quiet,
      expectNoChanges: true,
      refresh: true,
      policyPacks: [path.join(dir, "packages/policy")],
    });
    expect(result.changes).toEqual({ same: 3 });
    const argv = callOf("preview") ?? [];
    expect(argv).toEqual(expect.arrayContaining(["--refresh", "--expect-no-changes"]));
    expect(argv[argv.indexOf("--policy-pack") + 1]).toBe(path.join(dir, "packages/policy"));
  });

  it("passes the policy pack to the update, without a refresh unless asked", async () => {
    const result = await stack.up({
      ...quiet,
      expectNoChanges: false,
      refresh: false,
      policyPacks: ["/pack"],
    });
    const argv = callOf("up") ?? [];
    expect(argv[argv.indexOf("--policy-pack") + 1]).toBe("/pack");
    expect(argv).not.toContain("--refresh");
    expect(result.changes).toEqual({ same: 3 });
  });

  it("exports the deployment the sweep reads", async () => {
    expect(await stack.exportDeployment()).toEqual({ resources: [{ urn: "urn:x", id: "vpc-1" }] });
  });
});
