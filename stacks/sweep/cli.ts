/**
 * Entry point: `npm run sweep -- <stack> [--dry-run] [--region <r>] [--component <name>]`.
 * Wires the Pulumi state reader, a real EC2 client and the file system into the sweep command.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { SWEEP_USAGE, parseSweepArgs } from "./args";
import { runSweepCommand } from "./command";
import { createStackStateReader } from "./state";
import { runCli } from "../run-cli";

/** stacks/sweep → the repository root, where Pulumi.yaml and the stack files live. */
const REPO_ROOT = path.resolve(__dirname, "../..");

async function main(argv: string[]): Promise<number> {
  const parsed = parseSweepArgs(argv);
  if (parsed.kind === "help") {
    process.stdout.write(`${SWEEP_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`sweep: ${parsed.message}\n\n${SWEEP_USAGE}\n`);
    return 2;
  }
  return runSweepCommand(parsed.args, {
    state: createStackStateReader({ repoRoot: REPO_ROOT, env: process.env, exists: fs.existsSync }),
    makeEc2: (region) => new EC2Client({ region }),
    readFile: (file) => fs.readFileSync(file, "utf8"),
    now: () => new Date(),
    repoRoot: REPO_ROOT,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

runCli("sweep", () => main(process.argv.slice(2)));
