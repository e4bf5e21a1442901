/**
 * Reading the project's own files: Pulumi.yaml (the project name the program tags resources with) and the
 * stack files `Pulumi.<stack>.yaml` (which stacks exist, and their `aws:region`).
 */
import * as path from "node:path";
import { parse } from "yaml";
import { OperatorError } from "../errors";
import { PROJECT_FILE } from "./root";

/** Reads a file as UTF-8; throws an error with code ENOENT when it does not exist. */
export type ReadFile = (file: string) => string;

/** The file of a stack's config. */
export function stackFileName(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}

/** Stack names that have a Pulumi.<name>.yaml (or .yml) among these file names, sorted. */
export function stackConfigNames(fileNames: readonly string[]): string[] {
  const names: string[] = [];
  for (const f of fileNames) {
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(f);
    if (m && m[1]) names.push(m[1]);
  }
  return names.sort();
}

function readYaml(readFile: ReadFile, file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const document: unknown = parse(text);
  return typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
}

/**
 * The project name from Pulumi.yaml.
 * @throws OperatorError when the file or its `name` is missing
 */
export function readProjectName(root: string, readFile: ReadFile): string {
  const file = path.join(root, PROJECT_FILE);
  const name = readYaml(readFile, file)?.["name"];
  if (typeof name !== "string" || name === "") throw new OperatorError(`no project name in ${file}`);
  return name;
}

/**
 * `aws:region` from a stack's file.
 * @throws OperatorError saying what is missing and to pass --region instead
 */
export function readStackRegion(root: string, stack: string, readFile: ReadFile): string {
  const file = stackFileName(stack);
  const config = readYaml(readFile, path.join(root, file))?.["config"] as Record<string, unknown> | undefined;
  const region = config?.["aws:region"];
  if (typeof region === "string" && region !== "") return region;
  throw new OperatorError(
    `no region: ${file} ${config === undefined ? "is missing or has no config" : "sets no aws:region"}; pass --region <region>`,
  );
}
