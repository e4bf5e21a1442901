/**
 * A lockfile for one workspace of a monorepo, cut from the monorepo's own `package-lock.json`, so an image
 * built from the workspace's folder installs (with `npm ci`) exactly the versions the monorepo was tested
 * with. npm has no command for this; the lockfile format (v3 `packages` map) is simple enough to walk.
 */

/** One entry of a v3 lockfile's `packages` map. */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [key: string]: unknown;
}

export interface Lockfile {
  readonly name?: string;
  readonly version?: string;
  readonly lockfileVersion: number;
  readonly requires?: boolean;
  readonly packages: Readonly<Record<string, LockEntry>>;
}

/** The workspace as it will be installed on its own. */
export interface WorkspaceManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
}

/** A workspace package the manifest depends on, shipped inside the folder (`file:` dependency). */
export interface VendoredPackage {
  /** Its folder in the monorepo lockfile (`packages/contract`). */
  readonly workspace: string;
  /** Its folder in the new one (`vendor/<name>`). */
  readonly folder: string;
}

const FLAGS = ["dev", "optional", "devOptional", "peer", "extraneous", "inBundle"];

/** Where Node's resolution finds `name` when required from the package at `from` (lockfile locations). */
function resolve(packages: Lockfile["packages"], from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    // A workspace folder (`agent`) falls back to the root; a nested package to its parent package.
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

/**
 * Cuts the lockfile of one workspace out of the monorepo's.
 * @param root the monorepo's lockfile
 * @param workspace the workspace's folder in it (`agent`)
 * @param manifest the workspace's package.json as it will be installed (vendored packages as `file:` deps)
 * @param vendored workspace packages shipped inside the folder, by package name
 * @throws Error when a dependency is missing from the monorepo's lockfile, or two versions of one package
 *   would need the same place
 */
export function workspaceLockfile(
  root: Lockfile,
  workspace: string,
  manifest: WorkspaceManifest,
  vendored: Readonly<Record<string, VendoredPackage>> = {},
): Lockfile {
  const packages = root.packages;
  const placed = new Map<string, { source: string; entry: LockEntry }>();
  const prod = new Set<string>();
  const required = new Set<string>();
  const local = (location: string) =>
    location.startsWith(`${workspace}/`) ? location.slice(workspace.length + 1) : location;

  const visit = (from: string, name: string, kind: { dev: boolean; optional: boolean }) => {
    const vendor = vendored[name];
    const source = vendor ? vendor.workspace : resolve(packages, from, name);
    if (!source || !packages[source]) {
      throw new Error(`${name} (needed by ${from || workspace}) is not in the monorepo's package-lock.json`);
    }
    const target = vendor ? vendor.folder : local(source);
    const previous = placed.get(target);
    if (previous && previous.source !== source) {
      throw new Error(`${target} would hold both ${previous.source} and ${source}; install them apart`);
    }
    const seen =
      previous !== undefined && (kind.dev || prod.has(target)) && (kind.optional || required.has(target));
    placed.set(target, { source, entry: packages[source] as LockEntry });
    if (!kind.dev) prod.add(target);
    if (!kind.dev && !kind.optional) required.add(target);
    if (vendor)
      placed.set(`node_modules/${name}`, {
        source: `link:${name}`,
        entry: { resolved: vendor.folder, link: true },
      });
    if (seen) return;
    const entry = packages[source] as LockEntry;
    // npm wants every optional dependency in the lockfile (it decides at install time whether to install it,
    // e.g. by platform); optional peers only when something else needs them.
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((d): [string, boolean] => [d, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((d): [string, boolean] => [d, true]),
      ...Object.keys(entry.peerDependencies ?? {})
        .filter((d) => !entry.peerDependenciesMeta?.[d]?.optional)
        .map((d): [string, boolean] => [d, false]),
    ];
    for (const [dep, optional] of edges) {
      // An optional dependency the monorepo did not install (another platform's binary) is skipped, as npm does.
      if (optional && !vendored[dep] && !resolve(packages, source, dep)) continue;
      visit(source, dep, { dev: kind.dev, optional: kind.optional || optional });
    }
  };

  for (const dep of Object.keys(manifest.dependencies ?? {}))
    visit(workspace, dep, { dev: false, optional: false });
  for (const dep of Object.keys(manifest.devDependencies ?? {}))
    visit(workspace, dep, { dev: true, optional: false });

  const entries: Record<string, LockEntry> = {
    "": {
      name: manifest.name,
      version: manifest.version,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      ...(manifest.devDependencies ? { devDependencies: manifest.devDependencies } : {}),
      ...(manifest.engines ? { engines: manifest.engines } : {}),
    },
  };
  for (const target of [...placed.keys()].sort()) {
    const { entry } = placed.get(target) as { entry: LockEntry };
    const copy: Record<string, unknown> = Object.fromEntries(
      Object.entries(entry).filter(([key]) => !FLAGS.includes(key) && key !== "devDependencies"),
    );
    if (!entry.link) {
      const dev = !prod.has(target);
      const optional = !dev && !required.has(target);
      if (dev) copy["dev"] = true;
      if (optional) copy["optional"] = true;
    }
    entries[target] = copy as LockEntry;
  }
  return {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: entries,
  };
}
