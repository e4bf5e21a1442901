/**
 * The provider plugins the program needs, at the exact versions the lockfile pins. The driver installs them
 * before running, so it works where the CLI may not download plugins on its own
 * (PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION) and never runs a provider other than the SDK's.
 */
import { OperatorError } from "../errors";

/** The lockfile the versions come from, at the project root. */
export const LOCKFILE = "package-lock.json";

/** Resource provider plugins the program uses, by plugin name → the SDK package that pins its version. */
export const PROVIDER_PACKAGES = { aws: "@pulumi/aws", docker: "@pulumi/docker" } as const;

export interface ProviderPlugin {
  /** Plugin name, as `pulumi plugin install resource <name>` takes it. */
  name: string;
  /** Exact version, without a leading "v". */
  version: string;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Every version of each provider package the lockfile installs (a nested copy can differ from the top-level
 * one, and the engine asks for the version of whichever copy registered a resource).
 * @param lockText the text of package-lock.json (lockfileVersion 2 or 3)
 * @throws OperatorError naming the fix when the lockfile cannot be read or pins no version of a provider
 */
export function pinnedProviderPlugins(lockText: string): ProviderPlugin[] {
  let lock: { packages?: Record<string, { version?: unknown; link?: unknown }> };
  try {
    lock = JSON.parse(lockText) as typeof lock;
  } catch (err) {
    throw new OperatorError(`${LOCKFILE} is not valid JSON (${(err as Error).message}): run \`npm install\``);
  }
  if (lock.packages === undefined || typeof lock.packages !== "object") {
    throw new OperatorError(
      `${LOCKFILE} has no "packages" map (lockfileVersion 1): run \`npm install\` with npm 7 or later`,
    );
  }
  const plugins: ProviderPlugin[] = [];
  for (const [name, pkg] of Object.entries(PROVIDER_PACKAGES)) {
    const versions = new Set<string>();
    for (const [location, entry] of Object.entries(lock.packages)) {
      if (location !== `node_modules/${pkg}` && !location.endsWith(`/node_modules/${pkg}`)) continue;
      if (entry.link === true) continue;
      if (typeof entry.version !== "string" || !EXACT_VERSION.test(entry.version)) {
        throw new OperatorError(
          `${LOCKFILE} has no exact version for ${location} (${String(entry.version)}): run \`npm install\``,
        );
      }
      versions.add(entry.version);
    }
    if (versions.size === 0) {
      throw new OperatorError(
        `${LOCKFILE} pins no version of ${pkg}, whose provider plugin the program needs: run \`npm install\``,
      );
    }
    for (const version of [...versions].sort()) plugins.push({ name, version });
  }
  return plugins;
}

/** `aws v7.48.0, docker v5.2.0` */
export function describePlugins(plugins: readonly ProviderPlugin[]): string {
  return plugins.map((p) => `${p.name} v${p.version}`).join(", ");
}
