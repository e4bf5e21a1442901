/**
 * The repository's own stacks program as a scenario program: run from a temporary copy of the project, so
 * source edits, rebuilds and the component upgrade never touch the checkout.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { bumpPatchVersion, copyRepoProgram } from "./program-copy";
import type { ProgramCopy } from "./program-copy";
import type { ScenarioProgram } from "./scenarios";

/** The agent source file the agent-change scenario edits (relative to the agent's folder). */
export const AGENT_SOURCE_FILE = path.join("src", "main.ts");

/** The component's build step that turns `agent/` and `executor/` into its image contexts. */
export const CONTEXTS_BUILD_SCRIPT = path.join("scripts", "build-contexts.ts");

/**
 * Appends a comment line to a source file: a change Docker sends in the build context (so the image's content
 * tag changes) that alters no behaviour.
 */
export function touchSource(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  fs.appendFileSync(file, `\n// changed by a local-engine scenario at ${new Date().toISOString()}\n`);
}

/** Runs a TypeScript script with tsx, as the package's build does; rejects with its output. */
function runScript(repoRoot: string, script: string, cwd: string): Promise<void> {
  const tsx = createRequire(path.join(repoRoot, "package.json")).resolve("tsx/cli");
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [tsx, script], { cwd }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script} failed:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

export interface RepoProgram extends ScenarioProgram {
  readonly copy: ProgramCopy;
  /** Deletes the copy. */
  remove(): void;
}

/** A scenario program over a fresh copy of the repository's project. */
export function repoProgram(repoRoot: string): RepoProgram {
  const copy = copyRepoProgram(repoRoot);
  return {
    copy,
    projectDir: copy.root,
    changeAgentSource: async () => {
      touchSource(path.join(copy.root, "agent", AGENT_SOURCE_FILE));
      // What `npm run build` does for this change: no component source changed, so only the image contexts
      // (and the build stamp the program checks) are made again.
      await runScript(repoRoot, CONTEXTS_BUILD_SCRIPT, copy.componentDir);
    },
    upgradeComponent: async () => {
      bumpPatchVersion(copy.componentDir);
    },
    remove: () => copy.remove(),
  };
}
