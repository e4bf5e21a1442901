/**
 * Pulumi runs this program with its own TypeScript runner, which loads agentcore-vpc-platform from the
 * package's compiled `dist/` and its image contexts from `contexts/`. A fresh clone has neither until `npm ci`
 * builds them (the root `prepare` script), and an edit to anything the build compiles or copies must not run
 * unnoticed against the old build. So the program stops first, naming the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const REPO_ROOT = path.resolve(__dirname, "..");
/** What `npm run build` compiles into the component or copies into its image contexts. */
const BUILD_SOURCES = ["packages/contract/src", "packages/agentcore-vpc-platform/src", "agent", "executor"];
/** Written by the component's build when everything above is built. */
export const BUILD_STAMP = "packages/agentcore-vpc-platform/dist/build-info.json";
/** Folders under the sources that the build neither compiles nor copies (nor do test files). */
const NOT_BUILT = new Set([
  "node_modules",
  "dist",
  "test",
  "bench",
  "coverage",
  ".local-s3",
  "downloads",
  "__pycache__",
]);

/** The most recently modified file under `dir` (recursively), or undefined when there is none. */
function newestFile(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILT.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isFile() && /\.test\.m?ts$/.test(entry.name)) continue;
    const candidate = entry.isDirectory()
      ? newestFile(full)
      : { file: full, mtimeMs: fs.statSync(full).mtimeMs };
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/**
 * Why the packages this program uses cannot run as built, or undefined when the build is current.
 * @param root the repository root @default this repository
 */
export function buildProblem(root: string = REPO_ROOT): string | undefined {
  const stamp = path.join(root, BUILD_STAMP);
  if (!fs.existsSync(stamp)) {
    return "agentcore-vpc-platform is not built in this checkout: run `npm ci` (which builds it) or `npm run build`.";
  }
  const builtAt = fs.statSync(stamp).mtimeMs;
  for (const source of BUILD_SOURCES) {
    const newest = newestFile(path.join(root, source));
    if (newest && newest.mtimeMs > builtAt) {
      return (
        `agentcore-vpc-platform was built before ${path.relative(root, newest.file)} changed: run \`npm run build\`, ` +
        "or this run would deploy the old code."
      );
    }
  }
  return undefined;
}

const problem = buildProblem();
if (problem) throw new pulumi.RunError(problem);
