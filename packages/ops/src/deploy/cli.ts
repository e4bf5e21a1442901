/**
 * Entry point: `npm run deploy -- <stack> [--preview | --up | --refresh | --destroy] [--yes] [--diff]`.
 * Wires the real Pulumi engine, STS probe, terminal and file system into the driver.
 */
import * as fs from "node:fs";
import { createStsProbe } from "../aws/identity";
import { runCli } from "../cli/run-cli";
import { askSecret, confirm } from "../cli/terminal";
import { locateProjectRoot } from "../project/root";
import { createPulumiEngine } from "../pulumi/automation-engine";
import { USAGE, parseDeployArgs } from "./args";
import { runDeploy } from "./driver";

function resolves(request: string, fromDir: string): boolean {
  try {
    require.resolve(request, { paths: [fromDir] });
    return true;
  } catch {
    return false;
  }
}

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
  return runDeploy(parsed.args, {
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
      readFile: (file) => fs.readFileSync(file, "utf8"),
      exists: (file) => fs.existsSync(file),
      resolves,
    },
    env: process.env,
    projectRoot: locateProjectRoot(process.cwd(), __dirname, fs.existsSync),
  });
}

void runCli("deploy", () => main(process.argv.slice(2)));
