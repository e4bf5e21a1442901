/**
 * What a dynamic resource stores as its provider. Pulumi serializes the provider object into the resource's
 * state (`__provider`) and runs it later in a separate process, the dynamic provider host, whose working
 * directory is the program's folder and whose `require` resolves from there. Serialized whole, a provider
 * would capture this package's internal modules as `require()` of their file paths, which the package's
 * `exports` map refuses once it is installed from npm, and the state would keep that code forever.
 *
 * So the stored provider is this stub: each method requires the real provider from an exported subpath of
 * the installed package. It names the package version, so an upgrade changes the stored text, the engine
 * sees a change, and the new code runs for existing resources too.
 */
import type * as pulumi from "@pulumi/pulumi";

// Read once here; the stub captures the two strings, not this module.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json is outside rootDir, so not importable
const { name: PACKAGE_NAME, version: PACKAGE_VERSION } = require("../package.json") as {
  name: string;
  version: string;
};

/** This package's name and version, as the stub records them. */
export const PROVIDER_PACKAGE = { name: PACKAGE_NAME, version: PACKAGE_VERSION } as const;

/**
 * A provider that loads `exportName` from `<package>/<subpath>` on first use, in the process that runs it.
 * @param subpath an entry of the package's `exports` map (e.g. `runtime-provider`)
 */
export function providerStub<In, Out>(
  subpath: string,
  exportName: string,
): pulumi.dynamic.ResourceProvider<In, Out> {
  type Provider = Required<pulumi.dynamic.ResourceProvider<In, Out>>;
  const packageName = PACKAGE_NAME;
  const packageVersion = PACKAGE_VERSION;
  const load = (): Provider => {
    const module = `${packageName}/${subpath}`;
    let provider: Provider | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved where the provider runs
      provider = (require(module) as Record<string, Provider>)[exportName];
    } catch (error) {
      throw new Error(
        `Cannot load ${module} (${packageName}@${packageVersion} made this resource) from ${process.cwd()}: ` +
          `install ${packageName} in the program's folder (npm install ${packageName}). ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!provider)
      throw new Error(`${module} has no export ${exportName} (${packageName}@${packageVersion}).`);
    return provider;
  };
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
