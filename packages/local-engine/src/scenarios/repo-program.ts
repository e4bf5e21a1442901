/**
 * The repository's own stacks program as a scenario program: run from a temporary copy of the project, so
 * source edits and the component upgrade never touch the checkout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bumpPatchVersion, copyRepoProgram } from "./program-copy";
import type { ProgramCopy } from "./program-copy";
import type { ScenarioProgram } from "./scenarios";

/** The agent source file the agent-change scenario edits (relative to the agent's build context). */
export const AGENT_SOURCE_FILE = path.join("src", "main.ts");

/**
 * Appends a comment line to a source file: a change Docker sends in the build context (so the image's content
 * tag changes) that alters no behaviour.
 */
export function touchSource(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  fs.appendFileSync(file, `\n// changed by a local-engine scenario at ${new Date().toISOString()}\n`);
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
    changeAgentSource: () => touchSource(path.join(copy.root, "agent", AGENT_SOURCE_FILE)),
    upgradeComponent: async () => {
      bumpPatchVersion(copy.componentDir);
    },
    remove: () => copy.remove(),
  };
}
