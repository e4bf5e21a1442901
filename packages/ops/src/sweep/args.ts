/**
 * Command-line parsing for `npm run sweep -- <stack> [--dry-run] [--region <r>] [--component <name>]`.
 * Pure: takes argv, returns a parse result; never touches the process.
 */
import { isRegionName } from "../aws/region";
import { isStackName } from "../project/stack-name";

export interface SweepArgs {
  /** Stack name as given (`dev`, `prod`, or `org/project/stack`). */
  stack: string;
  /** Report what would be deleted without deleting. */
  dryRun: boolean;
  /** Region to sweep; the stack file's `aws:region` when undefined. */
  region: string | undefined;
  /** Only this component instance's leftovers; all of the stack's when undefined. */
  component: string | undefined;
}

export type SweepParseResult =
  { kind: "run"; args: SweepArgs } | { kind: "help" } | { kind: "error"; message: string };

export const SWEEP_USAGE = `Usage: npm run sweep -- <stack> [--dry-run] [--region <region>] [--component <name>]

Deletes what \`pulumi destroy\` retained for <stack> (the VPC, subnets and security group that AgentCore's
ENIs kept busy) once AWS has released it, and reports what is still blocked. Safe to run repeatedly.

Options:
  --dry-run            show what would be deleted; delete nothing
  --region <region>    region to sweep (default: aws:region from Pulumi.<stack>.yaml)
  --component <name>   only this platform instance (default: every instance in the stack)
  --help, -h           show this help

Environment:
  PULUMI_BACKEND_URL        state backend to read live resources from (default: file://<repo>/.pulumi-state)
  PULUMI_CONFIG_PASSPHRASE  if the Pulumi CLI asks for it to read the stack's state
  AWS_PROFILE / AWS_*       AWS credentials`;

export function parseSweepArgs(argv: readonly string[]): SweepParseResult {
  const positional: string[] = [];
  let dryRun = false;
  let region: string | undefined;
  let component: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--dry-run") {
      dryRun = true;
      continue;
    }
    const option = /^--(region|component)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? argv[++i];
      if (!value || value.startsWith("-")) {
        return {
          kind: "error",
          message: `--${option[1]} needs a value, e.g. --${option[1]} ${option[1] === "region" ? "us-east-1" : "deep-insight"}`,
        };
      }
      if (option[1] === "region") {
        if (!isRegionName(value))
          return { kind: "error", message: `"${value}" is not an AWS region name (e.g. us-east-1)` };
        region = value;
      } else {
        component = value;
      }
      continue;
    }
    if (arg.startsWith("-")) return { kind: "error", message: `unknown option ${arg}` };
    positional.push(arg);
  }

  if (positional.length === 0) return { kind: "error", message: "which stack? e.g. npm run sweep -- dev" };
  if (positional.length > 1) {
    return { kind: "error", message: `one stack at a time, got ${positional.join(", ")}` };
  }
  const stack = positional[0] as string;
  if (!isStackName(stack)) return { kind: "error", message: `"${stack}" is not a valid stack name` };
  return { kind: "run", args: { stack, dryRun, region, component } };
}
