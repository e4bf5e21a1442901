/**
 * Command-line parsing for `npm run doctor -- <stack> [--invoke] [--region <r>] [--outputs-file <json>]`.
 */
import { isRegionName } from "../aws/region";

export interface DoctorArgs {
  stack: string;
  invoke: boolean;
  region: string | undefined;
  /** Read outputs from `pulumi stack output --json > file` instead of the stack (no Pulumi CLI needed). */
  outputsFile: string | undefined;
}

export type DoctorParse =
  { kind: "run"; args: DoctorArgs } | { kind: "help" } | { kind: "error"; message: string };

export const DOCTOR_USAGE = `Usage: npm run doctor -- <stack> [--invoke] [--region <region>] [--outputs-file <file.json>]

Checks a deployed stack in AWS: runtime status and version, runtime ENIs and their AZ IDs, VPC endpoints,
the service-linked role, executor target health and tasks, recent runtime log lines.

  --invoke                 also send a tiny health payload through InvokeAgentRuntime and time the round trip
  --region <region>        AWS region (default: the stack's region output, then aws:region, then AWS_REGION)
  --outputs-file <file>    read the outputs from \`pulumi stack output --json\` instead of the stack
  --help, -h               show this help`;

export function parseDoctorArgs(argv: readonly string[]): DoctorParse {
  let stack: string | undefined;
  let invoke = false;
  let region: string | undefined;
  let outputsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--invoke") {
      invoke = true;
    } else if (arg === "--region" || arg === "--outputs-file") {
      const value = argv[++i];
      if (!value || value.startsWith("-")) return { kind: "error", message: `${arg} needs a value` };
      if (arg === "--region") region = value;
      else outputsFile = value;
    } else if (arg.startsWith("-")) {
      return { kind: "error", message: `unknown option ${arg} (see --help)` };
    } else if (stack === undefined) {
      stack = arg;
    } else {
      return { kind: "error", message: `unexpected argument "${arg}": give one stack name, e.g. dev` };
    }
  }
  if (!stack)
    return {
      kind: "error",
      message: "missing stack name: npm run doctor -- <stack>, e.g. npm run doctor -- dev",
    };
  if (region !== undefined && !isRegionName(region)) {
    return { kind: "error", message: `invalid region "${region}", e.g. us-east-1` };
  }
  return { kind: "run", args: { stack, invoke, region, outputsFile } };
}
