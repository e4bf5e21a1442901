/**
 * The sweep command: resolves project, region and live ids, runs the sweep and prints the report.
 * Pulumi state, AWS, files and output come in through `SweepCommandDeps`, so tests run it against fakes.
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import { OperatorError } from "../errors";
import { readProjectName, readStackRegion } from "../project/project-files";
import { shortStackName } from "../project/stack-name";
import { ec2ErrorText } from "./blockers";
import type { SweepArgs } from "./args";
import { renderReport, sweepExitCode } from "./render";
import { NoStackStateError } from "./state";
import type { StackStateReader } from "./state";
import { sweep } from "./sweep";

export interface SweepCommandDeps {
  readonly state: StackStateReader;
  /** An EC2 client for the region; destroyed after the sweep. */
  makeEc2(region: string): EC2Client;
  /** Reads a file as UTF-8; throws (ENOENT) when it does not exist. */
  readFile(file: string): string;
  now(): Date;
  /** Folder holding Pulumi.yaml and the stack files. */
  readonly projectRoot: string;
  out(text: string): void;
  err(text: string): void;
}

async function liveIds(deps: SweepCommandDeps, stack: string): Promise<Set<string>> {
  try {
    const ids = await deps.state.liveResourceIds(stack);
    deps.out(`State: ${ids.size} resource ids in stack ${stack}'s state; those are never touched.\n`);
    return ids;
  } catch (error) {
    if (!(error instanceof NoStackStateError)) throw error;
    deps.out(
      `State: ${error.message} (already removed, or kept in another backend: then set PULUMI_BACKEND_URL); ` +
        "every resource tagged for the stack is a candidate.\n",
    );
    return new Set();
  }
}

/** Runs one sweep and returns the exit code: 0 done or only blocked, 1 failed, 2 bad usage. */
export async function runSweepCommand(args: SweepArgs, deps: SweepCommandDeps): Promise<number> {
  const stack = shortStackName(args.stack);
  let project: string;
  let region: string;
  try {
    project = readProjectName(deps.projectRoot, deps.readFile);
    region = args.region ?? readStackRegion(deps.projectRoot, stack, deps.readFile);
  } catch (error) {
    if (!(error instanceof OperatorError)) throw error;
    deps.err(`sweep: ${error.message}\n`);
    return 2;
  }

  let ids: Set<string>;
  try {
    ids = await liveIds(deps, args.stack);
  } catch (error) {
    deps.err(
      `sweep failed: could not read the state of stack ${args.stack}, which the sweep needs to leave live ` +
        `resources alone: ${ec2ErrorText(error)}\n`,
    );
    return 1;
  }

  const ec2 = deps.makeEc2(region);
  try {
    const report = await sweep(
      { ec2, now: deps.now(), liveIds: ids },
      { stack, project, component: args.component, region, dryRun: args.dryRun },
    );
    deps.out(`${renderReport(report).join("\n")}\n`);
    return sweepExitCode(report);
  } catch (error) {
    deps.err(`sweep failed: ${ec2ErrorText(error)}\n`);
    return 1;
  } finally {
    ec2.destroy();
  }
}
