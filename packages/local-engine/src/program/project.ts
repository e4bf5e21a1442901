/**
 * A Pulumi project on disk as the CLI reads it: `Pulumi.yaml` (name, runtime, `main`, project-level config
 * declarations) and `Pulumi.<stack>.yaml` (the stack's config), turned into what the language host passes
 * to the program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** A project's settings that running its program needs. */
export interface Project {
  /** Folder holding Pulumi.yaml. */
  readonly rootDir: string;
  readonly name: string;
  /** Whether the Node.js runtime compiles TypeScript (`runtime.options.typescript`, default true). */
  readonly typescript: boolean;
  /** The program's working directory: `main` when it is a folder, else the project folder. */
  readonly programDir: string;
  /** The program argument: "." when `main` is a folder (package.json `main` then names the file). */
  readonly entry: string;
  /** Project-level config: `<ns>:<key>` → default value, and keys declared secret. */
  readonly configDefaults: Readonly<Record<string, string>>;
  readonly declaredSecretKeys: readonly string[];
}

/** A stack's configuration: `<ns>:<key>` → string value, and which keys are secret. */
export interface StackConfig {
  readonly values: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

function readYaml(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const document = parse(fs.readFileSync(file, "utf8")) as unknown;
  return typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
}

/** `key` → `<project>:key`; namespaced keys stay as they are. */
export function fullKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** A config value as the CLI hands it to programs: strings as they are, anything structured as JSON. */
export function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Where the program runs from, as the engine resolves `main`: a folder becomes the working directory with
 * "." as the program (its package.json names the file); a file keeps the project folder as working directory.
 */
export function programLocation(
  rootDir: string,
  main: string | undefined,
): { programDir: string; entry: string } {
  if (!main) return { programDir: rootDir, entry: "." };
  if (path.isAbsolute(main))
    throw new Error(`Pulumi.yaml main "${main}" must be relative to the project folder`);
  const resolved = path.resolve(rootDir, main);
  if (!resolved.startsWith(path.resolve(rootDir))) {
    throw new Error(`Pulumi.yaml main "${main}" must be a subfolder of the project folder`);
  }
  if (!fs.existsSync(resolved)) throw new Error(`Pulumi.yaml main "${main}": ${resolved} does not exist`);
  return fs.statSync(resolved).isDirectory()
    ? { programDir: resolved, entry: "." }
    : { programDir: rootDir, entry: resolved };
}

/** Reads Pulumi.yaml in `rootDir`. */
export function readProject(rootDir: string): Project {
  const document = readYaml(path.join(rootDir, "Pulumi.yaml"));
  const name = document.name;
  if (typeof name !== "string" || name === "") throw new Error(`${rootDir}/Pulumi.yaml has no name`);
  const runtime = document.runtime;
  const runtimeName =
    typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (runtimeName !== "nodejs")
    throw new Error(`${rootDir}/Pulumi.yaml: runtime "${String(runtimeName)}" is not nodejs`);
  const options =
    typeof runtime === "object" && runtime !== null
      ? (runtime as { options?: Record<string, unknown> }).options
      : undefined;
  const configDefaults: Record<string, string> = {};
  const declaredSecretKeys: string[] = [];
  for (const [key, declaration] of Object.entries((document.config ?? {}) as Record<string, unknown>)) {
    const full = fullKey(key, name);
    if (typeof declaration === "object" && declaration !== null && !Array.isArray(declaration)) {
      const spec = declaration as { default?: unknown; value?: unknown; secret?: unknown };
      const value = spec.value ?? spec.default;
      if (value !== undefined) configDefaults[full] = configText(value);
      if (spec.secret === true) declaredSecretKeys.push(full);
    } else if (declaration !== undefined && declaration !== null) {
      configDefaults[full] = configText(declaration);
    }
  }
  return {
    rootDir,
    name,
    typescript: options?.typescript !== false,
    ...programLocation(rootDir, typeof document.main === "string" ? document.main : undefined),
    configDefaults,
    declaredSecretKeys,
  };
}

/**
 * Reads Pulumi.<stack>.yaml over the project's defaults. Encrypted (`secure:`) values are refused: this
 * engine has no secrets provider; mark plain keys secret instead.
 * @param extraSecretKeys further keys to treat as secret (`<ns>:<key>` or project-relative)
 */
export function loadStackConfig(
  project: Project,
  stack: string,
  extraSecretKeys: readonly string[] = [],
): StackConfig {
  const file = path.join(project.rootDir, `Pulumi.${stack}.yaml`);
  const document = fs.existsSync(file) ? readYaml(file) : {};
  const values: Record<string, string> = { ...project.configDefaults };
  for (const [key, value] of Object.entries((document.config ?? {}) as Record<string, unknown>)) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`${file}: ${key} is encrypted (secure:); the local engine takes plain values only`);
    }
    values[fullKey(key, project.name)] = configText(value);
  }
  const secretKeys = [
    ...new Set([...project.declaredSecretKeys, ...extraSecretKeys.map((k) => fullKey(k, project.name))]),
  ];
  return { values, secretKeys };
}

/**
 * The environment the language host gives the program for its config: `PULUMI_CONFIG` keyed
 * `<ns>:config:<key>`, and `PULUMI_CONFIG_SECRET_KEYS` listing secret keys as `<ns>:<key>`.
 */
export function configEnvironment(config: StackConfig): Record<string, string> {
  const entries = Object.entries(config.values).map(([key, value]) => {
    const at = key.indexOf(":");
    return [`${key.slice(0, at)}:config:${key.slice(at + 1)}`, value] as const;
  });
  return {
    PULUMI_CONFIG: JSON.stringify(Object.fromEntries(entries)),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys.filter((key) => key in config.values)),
  };
}
