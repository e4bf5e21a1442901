/**
 * The five scenarios for the repository's dev and prod stacks, one after the other on one copy of the project
 * (each stack starts from the sources the previous one left, which is all its scenarios assume), sharing the
 * compile cache as consecutive runs of Pulumi's runner in one folder do.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { repoProgram } from "./repo-program";
import type { RepoProgram } from "./repo-program";
import { scenarioSuite } from "./scenario-suite";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const tsNodeCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-ts-"));
let copy: RepoProgram | undefined;
afterAll(() => {
  copy?.remove();
  fs.rmSync(tsNodeCacheDir, { recursive: true, force: true });
}, 120_000);

/** The shared copy; each suite's own remove() leaves it for the next stack. */
async function sharedProgram(): Promise<RepoProgram> {
  copy ??= repoProgram(REPO_ROOT);
  return { ...copy, remove: () => undefined };
}

for (const stack of ["dev", "prod"]) scenarioSuite(stack, sharedProgram, { tsNodeCacheDir });
