/**
 * Command-line parsing for `npm run deploy -- <stack> [action] [flags]`.
 * Pure: takes argv, returns a parse result; never touches the process.
 */
import { isStackName } from "../project/stack-name";

export type DeployAction = "preview" | "up" | "refresh" | "destroy";

export interface DeployArgs {
  /** Stack name as given (`dev`, `prod`, or a fully qualified `org/project/stack`). */
  stack: string;
  /** The action asked for; undefined when none was given (the driver then previews). */
  action: DeployAction | undefined;
  /** Skip the interactive confirmation before a change. */
  yes: boolean;
  /** Show detailed property diffs in the engine output. */
  diff: boolean;
  /** Fail if the operation would change anything (drift check). */
  expectNoChanges: boolean;
  /** Refresh the state from AWS before a preview or update (a preview keeps the refresh in memory). */
  refreshFirst: boolean;
  /** Also write the Markdown summary to this file (CI uses it for the PR comment). */
  summaryFile: string | undefined;
}

export type ParseResult =
  { kind: "run"; args: DeployArgs } | { kind: "help" } | { kind: "error"; message: string };

export const USAGE = `Usage: npm run deploy -- <stack> [--preview | --up | --refresh | --destroy] [options]

Actions (default: --preview):
  --preview               show what would change (safe; nothing is modified)
  --up                    preview, ask for confirmation on a terminal, then update
  --refresh               reconcile the state with what exists in AWS
  --destroy               delete every resource of the stack

Options:
  --yes, -y               do not ask for confirmation (required for --up/--refresh/--destroy in CI)
  --diff                  show property-level diffs
  --expect-no-changes     fail when the stack would change (drift check; with --preview, --up or --refresh)
  --refresh-first         refresh the state from AWS before --preview or --up (a preview saves nothing)
  --summary-file <path>   also write the Markdown summary to <path>
  --help, -h              show this help

Environment:
  PULUMI_BACKEND_URL        state backend (default: file://<repo>/.pulumi-state, local and gitignored)
  PULUMI_CONFIG_PASSPHRASE  passphrase of the stack's secrets (asked for on a terminal; required in CI)
  AWS_PROFILE / AWS_*       AWS credentials (in CI: OIDC via aws-actions/configure-aws-credentials)`;

const ACTION_FLAGS: Record<string, DeployAction> = {
  "--preview": "preview",
  "--up": "up",
  "--update": "up",
  "--refresh": "refresh",
  "--destroy": "destroy",
};

export function parseDeployArgs(argv: readonly string[]): ParseResult {
  let stack: string | undefined;
  const actions: DeployAction[] = [];
  let yes = false;
  let diff = false;
  let expectNoChanges = false;
  let refreshFirst = false;
  let summaryFile: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const action = ACTION_FLAGS[arg];
    if (action) {
      actions.push(action);
    } else if (arg === "--yes" || arg === "-y") {
      yes = true;
    } else if (arg === "--diff") {
      diff = true;
    } else if (arg === "--expect-no-changes") {
      expectNoChanges = true;
    } else if (arg === "--refresh-first") {
      refreshFirst = true;
    } else if (arg === "--summary-file" || arg.startsWith("--summary-file=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (!value || value.startsWith("-")) {
        return { kind: "error", message: "--summary-file needs a path, e.g. --summary-file preview.md" };
      }
      summaryFile = value;
    } else if (arg.startsWith("-")) {
      return { kind: "error", message: `unknown option ${arg} (see --help)` };
    } else if (stack === undefined) {
      stack = arg;
    } else {
      return { kind: "error", message: `unexpected argument "${arg}": give one stack name, e.g. dev` };
    }
  }

  if (stack === undefined) {
    return {
      kind: "error",
      message: "missing stack name: npm run deploy -- <stack>, e.g. npm run deploy -- dev",
    };
  }
  if (!isStackName(stack)) {
    return {
      kind: "error",
      message: `invalid stack name "${stack}": use letters, digits, "-", "_" or "." (optionally org/stack)`,
    };
  }
  const distinct = [...new Set(actions)];
  if (distinct.length > 1) {
    return {
      kind: "error",
      message: `choose one action, not ${distinct.map((a) => `--${a}`).join(" and ")}`,
    };
  }
  const action = distinct[0];
  if (expectNoChanges && action === "destroy") {
    return {
      kind: "error",
      message: "--expect-no-changes works with --preview, --up or --refresh, not --destroy",
    };
  }
  if (refreshFirst && (action === "refresh" || action === "destroy")) {
    return {
      kind: "error",
      message: `--refresh-first works with --preview or --up, not --${action}`,
    };
  }
  return { kind: "run", args: { stack, action, yes, diff, expectNoChanges, refreshFirst, summaryFile } };
}
