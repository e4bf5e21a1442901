/**
 * Entry point: `npm run deploy -- <stack> [--preview | --up | --refresh | --destroy] [--yes] [--diff]`.
 * Wires the real Pulumi engine, STS probe, terminal and file system into the driver.
 */
import * as fs from "node:fs";
import { USAGE, parseDeployArgs } from "./args";
import { createStsProbe } from "./aws";
import { runDeploy } from "./driver";
import type { DriverDeps } from "./driver";
import { findRepoRoot } from "./env";
import { createPulumiEngine } from "./localWorkspace";
import { askSecret, confirm } from "./terminal";
import { runCli } from "../run-cli";

async function main(argv: string[]): Promise<number> {
  const parsed = parseDeployArgs(argv);
  if (parsed.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`deploy: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const repoRoot = findRepoRoot(process.cwd(), fs.existsSync) ?? findRepoRoot(__dirname, fs.existsSync);
  if (!repoRoot) {
    process.stderr.write(
      "deploy failed: no Pulumi.yaml found above the current directory: run from the repo\n",
    );
    return 1;
  }
  const deps: DriverDeps = {
    engine: createPulumiEngine(),
    identity: createStsProbe(),
    io: {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      confirm,
      askSecret,
    },
    files: {
      listDir: (dir) => fs.readdirSync(dir),
      mkdirp: (dir) => fs.mkdirSync(dir, { recursive: true }),
      appendFile: (file, text) => fs.appendFileSync(file, text),
      writeFile: (file, text) => fs.writeFileSync(file, text),
    },
    env: process.env,
    repoRoot,
  };
  return runDeploy(parsed.args, deps);
}

runCli("deploy", () => main(process.argv.slice(2)));
