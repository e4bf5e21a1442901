/**
 * A program outside the repository that uses the component as a consumer would: the contract and component
 * packages are packed with `npm pack` (as built), installed into a new folder with `@pulumi/pulumi` and `@pulumi/aws`
 * pinned to the lockfile's versions, and `new AgentCoreVpcPlatform("analytics", { runtimeName: "analytics_rt" })`
 * builds the package's own default build contexts. Upgrading means: bump the installed package's version,
 * pack it again, install the new tarball.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { STACK_OUTPUTS } from "agentcore-vpc-platform-contract";
import { COMPONENT_PACKAGE, bumpPatchVersion } from "./program-copy";
import { touchSource } from "./repo-program";
import type { ScenarioProgram } from "./scenarios";
import { npm, npmPack } from "./npm";

/** The stack the packed program's scenarios run. */
export const PACKED_PROGRAM_STACK_NAME = "dev";

/** Workspace folders packed for the program, dependencies first. */
export const PACKED_WORKSPACES = ["packages/contract", "packages/agentcore-vpc-platform"] as const;

/** Packages the program pins to the repository lockfile's versions. */
export const PINNED_PACKAGES = ["@pulumi/pulumi", "@pulumi/aws"] as const;
/** Development packages of a TypeScript Pulumi program, also at the lockfile's versions. */
export const PINNED_DEV_PACKAGES = ["typescript", "@types/node"] as const;

/** Versions of installed packages as a package-lock.json (v3) records them. */
export function lockedVersions(lockfile: string, names: readonly string[]): Record<string, string> {
  const lock = JSON.parse(fs.readFileSync(lockfile, "utf8")) as {
    packages?: Record<string, { version?: string }>;
  };
  return Object.fromEntries(
    names.map((name) => {
      const version = lock.packages?.[`node_modules/${name}`]?.version;
      if (!version) throw new Error(`${lockfile} has no version of ${name}`);
      return [name, version];
    }),
  );
}

/** The program's index.ts: the platform with default build contexts, every stack output exported. */
export function programSource(): string {
  const exports = STACK_OUTPUTS.map((name) => `export const ${name} = platform.${name};`).join("\n");
  return `import { AgentCoreVpcPlatform } from "${COMPONENT_PACKAGE}";

const platform = new AgentCoreVpcPlatform("analytics", { runtimeName: "analytics_rt" });

${exports}
`;
}

/**
 * The folder of a build context shipped in an installed package: the one holding a Dockerfile whose folder
 * name contains `kind` (e.g. "agent").
 */
export function findBuildContext(packageDir: string, kind: string): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "node_modules") walk(path.join(dir, entry.name));
      else if (entry.name === "Dockerfile" && path.basename(dir).includes(kind)) found.push(dir);
    }
  };
  walk(packageDir);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind} build context (a folder with a Dockerfile) in ${packageDir}, found ${found.length}`,
    );
  }
  return found[0] as string;
}

/** A source file of a build context to edit: `src/main.ts`, else the first TypeScript or JavaScript file under src/. */
export function sourceFileIn(context: string): string {
  const main = path.join(context, "src", "main.ts");
  if (fs.existsSync(main)) return main;
  const sources = fs
    .readdirSync(path.join(context, "src"), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.[jt]s$/.test(f))
    .sort();
  if (sources.length === 0) throw new Error(`${context}/src holds no source files`);
  return path.join(context, "src", sources[0] as string);
}

/**
 * The workspaces are packed as built: `npm test` and `npm run local-engine` build them just before, and their
 * prepack (the same build again) would rewrite `dist/` while other tests copy it.
 */
function expectBuilt(packageDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    main?: string;
  };
  const main = path.join(packageDir, manifest.main ?? "index.js");
  if (!fs.existsSync(main)) {
    throw new Error(`${main} is missing: run \`npm run build\` before packing ${path.basename(packageDir)}`);
  }
}

export interface PackedProgram extends ScenarioProgram {
  /** The tarballs installed, by package name, latest last. */
  readonly tarballs: string[];
  /** Deletes the program, the tarballs and the repacks. */
  remove(): void;
}

/**
 * Packs the workspace packages and installs them into a new program outside the repository.
 * @param onOutput receives npm's output @default none
 */
export async function packedProgram(
  repoRoot: string,
  onOutput?: (line: string) => void,
): Promise<PackedProgram> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-packed-"));
  try {
    const tarballDir = path.join(work, "tarballs");
    fs.mkdirSync(tarballDir);
    const tarballs: string[] = [];
    for (const workspace of PACKED_WORKSPACES) {
      const dir = path.join(repoRoot, workspace);
      expectBuilt(dir);
      tarballs.push(await npmPack(dir, tarballDir, { scripts: false, onOutput }));
    }
    const programDir = path.join(work, "program");
    writeProgram(programDir, repoRoot, tarballs);
    await npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], programDir, onOutput);
    const installed = path.join(programDir, "node_modules", COMPONENT_PACKAGE);
    return {
      projectDir: programDir,
      tarballs,
      changeAgentSource: async () => touchSource(sourceFileIn(findBuildContext(installed, "agent"))),
      upgradeComponent: async () => {
        // Repack what is installed (with any scenario edits), one patch version up, and install that.
        const repack = fs.mkdtempSync(path.join(work, "repack-"));
        fs.cpSync(installed, path.join(repack, "package"), { recursive: true, dereference: true });
        bumpPatchVersion(path.join(repack, "package"));
        const tarball = await npmPack(path.join(repack, "package"), repack, { scripts: false, onOutput });
        tarballs.push(tarball);
        await npm(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], programDir, onOutput);
      },
      remove: () => fs.rmSync(work, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

function writeProgram(dir: string, repoRoot: string, tarballs: readonly string[]): void {
  const lockfile = path.join(repoRoot, "package-lock.json");
  const [contract, component] = tarballs as [string, string];
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: "analytics-platform",
    private: true,
    main: "index.ts",
    dependencies: {
      [COMPONENT_PACKAGE]: `file:${component}`,
      "agentcore-vpc-platform-contract": `file:${contract}`,
      ...lockedVersions(lockfile, PINNED_PACKAGES),
    },
    devDependencies: lockedVersions(lockfile, PINNED_DEV_PACKAGES),
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: analytics-platform\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  fs.writeFileSync(
    path.join(dir, `Pulumi.${PACKED_PROGRAM_STACK_NAME}.yaml`),
    "config:\n  aws:region: us-east-1\n",
  );
  const compilerOptions = {
    strict: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node10",
    skipLibCheck: true,
    types: ["node"],
  };
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "index.ts"), programSource());
}
