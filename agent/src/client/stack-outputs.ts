import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface StackOutputsOptions {
  /** `pulumi stack output --json` saved to a file (no Pulumi CLI needed). */
  outputsFile?: string;
  /** A stack of this repository: read with the Pulumi CLI. */
  stack?: string;
  /** The repository root (where Pulumi.yaml is). */
  repoRoot: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A deployed stack's outputs (runtimeArn, dataBucketName, …): from a saved `pulumi stack output --json`, or
 * from the Pulumi CLI with the deploy driver's default backend (file://<repo>/.pulumi-state) unless
 * PULUMI_BACKEND_URL names another.
 */
export function readStackOutputs(options: StackOutputsOptions): Record<string, unknown> {
  if (options.outputsFile)
    return JSON.parse(readFileSync(options.outputsFile, "utf8")) as Record<string, unknown>;
  if (!options.stack) return {};
  const env = options.env ?? process.env;
  const backend = env.PULUMI_BACKEND_URL ?? `file://${path.join(options.repoRoot, ".pulumi-state")}`;
  const text = execFileSync(
    "pulumi",
    ["stack", "output", "--json", "--show-secrets", "--stack", options.stack],
    {
      encoding: "utf8",
      cwd: options.repoRoot,
      env: { ...env, PULUMI_BACKEND_URL: backend },
    },
  );
  return JSON.parse(text) as Record<string, unknown>;
}
