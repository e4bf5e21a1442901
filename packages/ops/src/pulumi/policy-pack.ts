/**
 * The platform's policy pack, which the driver runs on every preview and update. Checked before anything
 * runs: without it the CLI fails deep inside the analyzer with a message that does not say what to do.
 */
import * as path from "node:path";
import { OperatorError } from "../errors";

/** Folder of the policy pack, relative to the project root. */
export const POLICY_PACK_DIR = "packages/policy";

/** What the check reads from the disk (the driver passes the file system; tests a fake). */
export interface PolicyPackProbe {
  exists(file: string): boolean;
  readFile(file: string): string;
  /** Whether `request` resolves from `fromDir` as Node's require would. */
  resolves(request: string, fromDir: string): boolean;
}

export interface PolicyPack {
  /** Absolute folder, as `--policy-pack` takes it. */
  dir: string;
  /** The pack's npm name. */
  name: string;
}

/**
 * Finds the pack and checks that the CLI can run it: PulumiPolicy.yaml, a package.json whose entry point
 * exists (the analyzer runs `main`, else index.js, or index.ts through ts-node), and `@pulumi/policy`
 * installed where the pack can load it.
 * @throws OperatorError naming what is missing and the command that fixes it
 */
export function locatePolicyPack(projectRoot: string, probe: PolicyPackProbe): PolicyPack {
  const dir = path.join(projectRoot, POLICY_PACK_DIR);
  const why = "the driver runs it on every preview and update";
  if (!probe.exists(path.join(dir, "PulumiPolicy.yaml"))) {
    throw new OperatorError(
      `no policy pack at ${POLICY_PACK_DIR} (PulumiPolicy.yaml missing; ${why}): restore the folder from the repository (git checkout -- ${POLICY_PACK_DIR}) and run \`npm ci\``,
    );
  }
  const manifest = path.join(dir, "package.json");
  if (!probe.exists(manifest)) {
    throw new OperatorError(
      `policy pack ${POLICY_PACK_DIR} has no package.json (${why}): restore it from the repository (git checkout -- ${POLICY_PACK_DIR})`,
    );
  }
  const pkg = JSON.parse(probe.readFile(manifest)) as {
    name?: string;
    main?: string;
    scripts?: Record<string, string>;
  };
  const name = pkg.name ?? POLICY_PACK_DIR;
  const entries = pkg.main !== undefined ? [pkg.main] : ["index.js", "index.ts"];
  if (!entries.some((entry) => probe.exists(path.join(dir, entry)))) {
    const fix =
      pkg.scripts?.build !== undefined
        ? `build it: \`npm run build -w ${POLICY_PACK_DIR}\``
        : `point "main" in ${POLICY_PACK_DIR}/package.json at its entry point`;
    throw new OperatorError(
      `policy pack ${name} is not built: ${POLICY_PACK_DIR}/${entries.join(" or ")} does not exist (${why}); ${fix}`,
    );
  }
  if (!probe.resolves("@pulumi/policy", dir)) {
    throw new OperatorError(
      `policy pack ${name} cannot load @pulumi/policy (${why}): install the dependencies with \`npm ci\``,
    );
  }
  return { dir, name };
}
