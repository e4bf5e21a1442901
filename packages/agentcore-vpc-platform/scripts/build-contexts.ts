/**
 * Makes the reference image contexts this package ships (`contexts/agent`, `contexts/executor`) from the
 * repository's `agent/` and `executor/` folders, then stamps the build (`dist/build-info.json`).
 *
 * Each context builds on its own, from its own folder: it carries what Docker needs from the app (per its
 * `.dockerignore`), the contract package vendored under `vendor/` (the app's only workspace dependency, as a
 * `file:` dependency), and a lockfile cut from the repository's, which its Dockerfile installs with `npm ci`.
 * Run by `npm run build` after `tsc`; the output is not in git.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { contextIgnoreRules, listContextFiles } from "../src/images/context-hash";
import { type Lockfile, type WorkspaceManifest, workspaceLockfile } from "./lockfile";

const PACKAGE_DIR = path.resolve(__dirname, "..");
const REPO_ROOT = path.resolve(PACKAGE_DIR, "..", "..");
const CONTRACT_DIR = path.join(REPO_ROOT, "packages", "contract");
const APPS = ["agent", "executor"] as const;
/** What the image builds need beyond the app's own dependencies: its compiler and Node's types. */
const BUILD_TOOLS = ["typescript", "@types/node"] as const;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  fs.chmodSync(to, fs.statSync(from).mode & 0o777);
}

/** The version the repository's lockfile installed for a package at the root. */
function lockedVersion(lock: Lockfile, name: string): string {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not installed at the repository root; run npm ci`);
  return version;
}

/**
 * Copies the contract's built JavaScript and types into `folder`, under `lib/` (a `dist/` would be left out of
 * the image's content hash, which ignores build output folders).
 */
function vendorContract(folder: string): { name: string; version: string } {
  const manifest = readJson<Record<string, unknown> & { name: string; version: string }>(
    path.join(CONTRACT_DIR, "package.json"),
  );
  const dist = path.join(CONTRACT_DIR, "dist");
  if (!fs.existsSync(path.join(dist, "index.js")))
    throw new Error(`${dist} is missing: build the contract first`);
  for (const file of fs.readdirSync(dist)) {
    if (/\.(js|d\.ts)$/.test(file)) copyFile(path.join(dist, file), path.join(folder, "lib", file));
  }
  writeJson(path.join(folder, "package.json"), {
    name: manifest.name,
    version: manifest.version,
    license: manifest["license"],
    main: "lib/index.js",
    types: "lib/index.d.ts",
    peerDependencies: manifest["peerDependencies"],
  });
  return manifest;
}

function buildContext(app: (typeof APPS)[number], lock: Lockfile): string {
  const source = path.join(REPO_ROOT, app);
  const target = path.join(PACKAGE_DIR, "contexts", app);
  fs.rmSync(target, { recursive: true, force: true });
  for (const file of listContextFiles(source, contextIgnoreRules(source))) {
    copyFile(path.join(source, file), path.join(target, file));
  }
  // Docker reads the Dockerfile and .dockerignore even when the context's rules leave them out.
  for (const file of ["Dockerfile", ".dockerignore"]) {
    if (fs.existsSync(path.join(source, file))) copyFile(path.join(source, file), path.join(target, file));
  }

  const appManifest = readJson<WorkspaceManifest & Record<string, unknown>>(
    path.join(source, "package.json"),
  );
  const contractFolder = "vendor/agentcore-vpc-platform-contract";
  const contract = vendorContract(path.join(target, contractFolder));
  const dependencies = { ...appManifest.dependencies };
  const vendored =
    contract.name in dependencies
      ? { [contract.name]: { workspace: "packages/contract", folder: contractFolder } }
      : {};
  if (contract.name in dependencies) dependencies[contract.name] = `file:${contractFolder}`;
  const manifest: WorkspaceManifest & Record<string, unknown> = {
    name: appManifest.name,
    version: appManifest.version,
    private: true,
    description: appManifest["description"],
    ...(appManifest["type"] ? { type: appManifest["type"] } : {}),
    main: appManifest["main"],
    engines: appManifest.engines,
    dependencies,
    devDependencies: Object.fromEntries(BUILD_TOOLS.map((tool) => [tool, lockedVersion(lock, tool)])),
  };
  writeJson(path.join(target, "package.json"), manifest);
  writeJson(path.join(target, "package-lock.json"), workspaceLockfile(lock, app, manifest, vendored));
  return target;
}

function main(): void {
  const lock = readJson<Lockfile>(path.join(REPO_ROOT, "package-lock.json"));
  for (const app of APPS) {
    const target = buildContext(app, lock);
    console.log(`built ${path.relative(REPO_ROOT, target)}`);
  }
  // The stacks program compares this stamp with its sources' times (see stacks/build-check.ts).
  writeJson(path.join(PACKAGE_DIR, "dist", "build-info.json"), { builtAt: new Date().toISOString() });
}

main();
