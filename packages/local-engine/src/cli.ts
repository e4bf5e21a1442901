/**
 * `npm run local-engine -- <stack> [--scenario <name>]`: runs the scenarios for a stack of this repository's
 * project, or for a program outside it that installed the packed component, and ends with one line per
 * scenario.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKED_PROGRAM_STACK, parseCliArgs } from "./cli/args";
import type { CliArgs } from "./cli/args";
import { missingBuildError } from "./cli/missing-build";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

async function run(args: CliArgs): Promise<boolean> {
  // Loaded here, not at the top: they need the workspace packages' build, and a missing one gets a clear error.
  const [{ runScenarioSet }, { repoProgram }, { packedProgram, PACKED_PROGRAM_STACK_NAME }] =
    await Promise.all([
      import("./scenarios/scenario-set"),
      import("./scenarios/repo-program"),
      import("./scenarios/packed-program"),
    ]).catch((error: unknown) => {
      throw missingBuildError(error) ?? error;
    });
  const packed = args.stack === PACKED_PROGRAM_STACK;
  if (!packed && !fs.existsSync(path.join(REPO_ROOT, `Pulumi.${args.stack}.yaml`))) {
    throw new Error(
      `no stack "${args.stack}": ${path.join(REPO_ROOT, `Pulumi.${args.stack}.yaml`)} does not exist`,
    );
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const program = packed
    ? await packedProgram(REPO_ROOT, args.verbose ? log : undefined)
    : repoProgram(REPO_ROOT);
  const started = Date.now();
  try {
    const result = await runScenarioSet({
      stack: packed ? PACKED_PROGRAM_STACK_NAME : args.stack,
      program,
      only: args.scenario,
      onOutput: args.verbose ? log : undefined,
      onLine: (line) => console.log(packed ? line.replace(/^\S+/, PACKED_PROGRAM_STACK) : line),
    });
    log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result.ok;
  } finally {
    program.remove();
  }
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  try {
    process.exitCode = (await run(args)) ? 0 : 1;
  } catch (error) {
    console.error(`local-engine: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

void main();
