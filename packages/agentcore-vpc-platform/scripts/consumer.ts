/**
 * A program outside the repository that installs the packed packages the way a user installs them from npm:
 * the tarballs `npm pack` makes of the contract and the component, and `@pulumi/pulumi` and `@pulumi/aws`
 * at the versions this repository's lockfile pins.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE_DIR = path.resolve(__dirname, "..");
const REPO_ROOT = path.resolve(PACKAGE_DIR, "..", "..");
/** The program and the script that checks it, copied into the consumer's folder. */
const CONSUMER_FILES = path.join(__dirname, "consumer");

/** Tarballs of the packages a program installs to use the component. */
export interface PackedPackages {
  readonly contract: string;
  readonly component: string;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The version of `name` the repository's lockfile installed at its root. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in the repository's package-lock.json`);
  return version;
}

/** `npm pack`s a built package folder into `destination`; returns the tarball's path. */
function pack(folder: string, destination: string): string {
  const [result] = JSON.parse(
    run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], folder),
  ) as { filename: string }[];
  return path.join(destination, (result as { filename: string }).filename);
}

/**
 * Packs the contract and the component (both must be built: `npm run build`).
 * @param componentVersion pack the component under this version instead of its own, as an upgrade would ship it
 */
export function packPackages(destination: string, componentVersion?: string): PackedPackages {
  fs.mkdirSync(destination, { recursive: true });
  const contract = pack(path.join(REPO_ROOT, "packages", "contract"), destination);
  if (componentVersion === undefined) return { contract, component: pack(PACKAGE_DIR, destination) };
  const copy = fs.mkdtempSync(path.join(destination, "component-"));
  for (const entry of ["dist", "contexts", "README.md", "package.json"]) {
    fs.cpSync(path.join(PACKAGE_DIR, entry), path.join(copy, entry), { recursive: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as {
    version: string;
  };
  manifest.version = componentVersion;
  fs.writeFileSync(path.join(copy, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { contract, component: pack(copy, destination) };
}

/**
 * Makes (or updates) the consumer program in `dir` and installs the packed packages into it, from npm's cache
 * where it can.
 */
export function installConsumer(dir: string, packed: PackedPackages): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(CONSUMER_FILES)) {
    fs.copyFileSync(path.join(CONSUMER_FILES, file), path.join(dir, file));
  }
  const manifest = {
    name: "consumer",
    private: true,
    main: "index.js",
    dependencies: {
      "@pulumi/aws": lockedVersion("@pulumi/aws"),
      "@pulumi/pulumi": lockedVersion("@pulumi/pulumi"),
      "agentcore-vpc-platform": `file:${path.relative(dir, packed.component)}`,
      "agentcore-vpc-platform-contract": `file:${path.relative(dir, packed.contract)}`,
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], dir);
}

/**
 * Runs the consumer's check script (see consumer/check.js) from the consumer's folder.
 * @param previous the result file of a check before an upgrade
 * @returns the result file's path
 */
export function checkConsumer(dir: string, previous?: string): string {
  const result = path.join(dir, `result-${fs.readdirSync(dir).length}.json`);
  execFileSync(process.execPath, ["check.js", result, ...(previous ? [previous] : [])], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return result;
}
