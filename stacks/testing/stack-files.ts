import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

/** Repository root: where Pulumi.yaml and the stack files live. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * A stack file's `config:` section as the engine hands it to the program: `namespace:key` → string,
 * with YAML lists and maps as JSON text.
 */
export function readStackFile(stack: string, root: string = REPO_ROOT): Record<string, string> {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const document = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return Object.fromEntries(
    Object.entries(document?.config ?? {}).map(([key, value]) => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]),
  );
}

/** The file Pulumi runs for this project: Pulumi.yaml `main`, then that folder's package.json `main`. */
export function programEntryPoint(root: string = REPO_ROOT): string {
  const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { main?: string };
  const folder = path.join(root, project.main ?? ".");
  const pkg = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { main?: string };
  return path.join(folder, pkg.main ?? "index.js");
}

/** The stack outputs a program run resolves to. */
export type ProgramOutputs = Record<string, pulumi.Output<unknown>>;

/**
 * Runs the entry point as Pulumi's language runtime does: loads it, calls it when it exports a function, and
 * awaits the outputs.
 * @param load how to load a module (`import()` under vitest, `require` under tsx)
 */
export async function runEntryPoint(
  load: (file: string) => Promise<unknown>,
  root: string = REPO_ROOT,
): Promise<ProgramOutputs> {
  const loaded = (await load(programEntryPoint(root))) as { default?: unknown };
  const main = typeof loaded === "function" ? loaded : (loaded.default ?? loaded);
  return (await (typeof main === "function" ? main() : main)) as ProgramOutputs;
}
