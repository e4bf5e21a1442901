/**
 * Entry point: `npm run sweep -- <stack> [--dry-run] [--region <r>] [--component <name>]`.
 * Wires the Pulumi state reader, a real EC2 client and the file system into the sweep command.
 */
import * as fs from "node:fs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { runCli } from "../cli/run-cli";
import { locateProjectRoot } from "../project/root";
import { createPulumiEngine } from "../pulumi/automation-engine";
import { SWEEP_USAGE, parseSweepArgs } from "./args";
import { runSweepCommand } from "./command";
import { createStackStateReader } from "./state";

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
  const projectRoot = locateProjectRoot(process.cwd(), __dirname, fs.existsSync);
  return runSweepCommand(parsed.args, {
    state: createStackStateReader({
      engine: createPulumiEngine(),
      projectRoot,
      env: process.env,
      exists: fs.existsSync,
    }),
    makeEc2: (region) => new EC2Client({ region }),
    readFile: (file) => fs.readFileSync(file, "utf8"),
    now: () => new Date(),
    projectRoot,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

void runCli("sweep", () => main(process.argv.slice(2)));
