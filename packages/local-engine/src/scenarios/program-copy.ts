/**
 * A throwaway copy of the repository's Pulumi project (Pulumi.yaml, stack files, `stacks/`, the `agent/` and
 * `executor/` build contexts and the component package), laid out as the repository is, so scenarios can
 * edit sources and upgrade the component without touching the checkout. Its node_modules links every
 * installed package back to the repository's, except the component, which points at the copy (as the
 * workspace link does in the repository).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Package name of the component the stacks program uses. */
export const COMPONENT_PACKAGE = "agentcore-vpc-platform";

/** Folders never copied: installs, builds and caches (the build contexts' .dockerignore leaves them out too). */
const SKIPPED_FOLDERS = new Set(["node_modules", "coverage", ".vitest", ".pulumi", ".pulumi-state"]);

/** What a program copy is made of, relative to the repository root. */
export const COPIED_PATHS = ["Pulumi.yaml", "tsconfig.json", "stacks", "agent", "executor"] as const;

export interface ProgramCopy {
  /** The copy's project folder (holds Pulumi.yaml). */
  readonly root: string;
  /** The copy's component package folder (package.json and its build). */
  readonly componentDir: string;
  /** Deletes the copy. */
  remove(): void;
}

function copyTree(from: string, to: string, skipBuild: boolean): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return (
        !SKIPPED_FOLDERS.has(name) && !(skipBuild && name === "dist" && fs.statSync(source).isDirectory())
      );
    },
  });
}

/**
 * Copies the project out of `repoRoot` into a new temporary folder.
 * @param repoRoot the repository checkout (its node_modules must be installed and the component built)
 */
export function copyRepoProgram(repoRoot: string): ProgramCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-program-"));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (/^Pulumi\..+\.yaml$/.test(entry)) fs.copyFileSync(path.join(repoRoot, entry), path.join(root, entry));
  }
  for (const item of COPIED_PATHS) copyTree(path.join(repoRoot, item), path.join(root, item), true);
  const componentSource = fs.realpathSync(path.join(repoRoot, "node_modules", COMPONENT_PACKAGE));
  const componentDir = path.join(root, "packages", COMPONENT_PACKAGE);
  copyTree(componentSource, componentDir, false);
  linkNodeModules(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), {
    [COMPONENT_PACKAGE]: componentDir,
    stacks: path.join(root, "stacks"),
    agent: path.join(root, "agent"),
    executor: path.join(root, "executor"),
  });
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
