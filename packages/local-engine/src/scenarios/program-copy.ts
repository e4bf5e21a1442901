/**
 * A throwaway copy of the repository's Pulumi project, laid out as the repository is (Pulumi.yaml, stack
 * files, `stacks/`, the `agent/` and `executor/` sources, the contract and component packages with their
 * builds and image contexts, the lockfile), so scenarios can edit sources, rebuild and upgrade the component
 * without touching the checkout. File times are kept, so the program's build check sees the copy as the
 * checkout is. Its node_modules links every installed package back to the repository's, except the
 * workspace packages, which point at their copies (as the workspace links do in the repository).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Package name of the component the stacks program uses. */
export const COMPONENT_PACKAGE = "agentcore-vpc-platform";
/** Package name of the contract the component depends on. */
export const CONTRACT_PACKAGE = "agentcore-vpc-platform-contract";

/** Folders never copied: installs and caches. */
const SKIPPED_FOLDERS = new Set(["node_modules", "coverage", ".vitest", ".pulumi", ".pulumi-state"]);

/** What a program copy is made of, relative to the repository root, and the package each folder provides. */
export const COPIED_PATHS: Readonly<Record<string, string | undefined>> = {
  "Pulumi.yaml": undefined,
  "tsconfig.json": undefined,
  "package-lock.json": undefined,
  stacks: "stacks",
  agent: "agent",
  executor: "executor",
  "packages/contract": CONTRACT_PACKAGE,
  "packages/agentcore-vpc-platform": COMPONENT_PACKAGE,
};

export interface ProgramCopy {
  /** The copy's project folder (holds Pulumi.yaml). */
  readonly root: string;
  /** The copy's component package folder (package.json, its build and image contexts). */
  readonly componentDir: string;
  /** Deletes the copy. */
  remove(): void;
}

/**
 * Copies the project out of `repoRoot` into a new temporary folder.
 * @param repoRoot the repository checkout (installed and built)
 */
export function copyRepoProgram(repoRoot: string): ProgramCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-program-"));
  const copy = (item: string) =>
    fs.cpSync(path.join(repoRoot, item), path.join(root, item), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) => !SKIPPED_FOLDERS.has(path.basename(source)),
    });
  for (const entry of fs.readdirSync(repoRoot)) if (/^Pulumi\..+\.yaml$/.test(entry)) copy(entry);
  const overrides: Record<string, string> = {};
  for (const [item, pkg] of Object.entries(COPIED_PATHS)) {
    copy(item);
    if (pkg) overrides[pkg] = path.join(root, item);
  }
  linkNodeModules(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), overrides);
  const componentDir = path.join(root, "packages", "agentcore-vpc-platform");
  return { root, componentDir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * A node_modules folder of links: each top-level entry of `source` (scopes as a whole), with `overrides`
 * pointing some names elsewhere.
 */
export function linkNodeModules(
  source: string,
  target: string,
  overrides: Readonly<Record<string, string>>,
): void {
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source)) {
    if (entry === ".package-lock.json") continue;
    fs.symlinkSync(overrides[entry] ?? path.join(source, entry), path.join(target, entry));
  }
}

/** Bumps the patch number of a package.json's version (the npm release of a change); returns the new version. */
export function bumpPatchVersion(packageDir: string): string {
  const file = path.join(packageDir, "package.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { version: string };
  const match = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(manifest.version);
  if (!match) throw new Error(`${file}: version "${manifest.version}" is not x.y.z`);
  manifest.version = `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest.version;
}
