/**
 * The five scenarios for the repository's dev and prod stacks, each on its own copy of the project. The
 * two share a compile cache, as consecutive runs of Pulumi's runner on one machine do.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { repoProgram } from "./repo-program";
import { scenarioSuite } from "./scenario-suite";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const tsNodeCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-ts-"));
afterAll(() => fs.rmSync(tsNodeCacheDir, { recursive: true, force: true }));

for (const stack of ["dev", "prod"]) {
  scenarioSuite(stack, async () => repoProgram(REPO_ROOT), tsNodeCacheDir);
}
