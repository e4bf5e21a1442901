/**
 * Runs a program the way Pulumi's Node.js language host does: `node <@pulumi/pulumi>/cmd/run` as resolved
 * from the program's folder, with the monitor and engine addresses, project, stack, working directory and
 * dry-run flag, and the config and TypeScript settings in the environment. Type-checking stays on (ts-node
 * checks unless the project opts out), so a type error fails the run as it does under the CLI.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as readline from "node:readline";
import type { Project, StackConfig } from "./project";
import { configEnvironment } from "./project";

/** Exit code with which cmd/run says "the error was already reported through the engine's Log". */
export const EXIT_ERROR_REPORTED = 32;

/** Organization passed to programs (the CLI's default for a local backend). */
export const ORGANIZATION = "organization";

export interface ProgramRun {
  readonly project: Project;
  readonly stack: string;
  readonly config: StackConfig;
  readonly monitorAddress: string;
  readonly engineAddress: string;
  readonly preview: boolean;
  /** Folder for ts-node's compile cache (keeps /tmp clean and repeat runs fast). */
  readonly tsNodeCacheDir: string;
  /** Extra environment for the program (e.g. fake endpoints). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives the program's stdout and stderr lines. @default none */
  readonly onOutput?: (line: string) => void;
  /** Milliseconds before the run is killed. @default 600000 */
  readonly timeoutMs?: number;
}

export interface ProgramExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr lines, in arrival order. */
  readonly output: readonly string[];
  readonly timedOut: boolean;
}

/** `@pulumi/pulumi/<subpath>` as the program's folder resolves it, or an error naming the fix. */
export function resolvePulumiSdk(programDir: string, subpath: string): string {
  try {
    return createRequire(path.join(programDir, "package.json")).resolve(`@pulumi/pulumi/${subpath}`);
  } catch {
    // The CLI's wording when the SDK is missing.
    throw new Error(
      `It looks like the Pulumi SDK has not been installed in ${programDir}. Have you run npm install or yarn install?`,
    );
  }
}

/** The command line cmd/run gets from the language host. */
export function runArguments(run: Omit<ProgramRun, "config" | "tsNodeCacheDir">): string[] {
  return [
    "--monitor",
    run.monitorAddress,
    "--engine",
    run.engineAddress,
    "--organization",
    ORGANIZATION,
    "--project",
    run.project.name,
    "--root-directory",
    run.project.rootDir,
    "--stack",
    run.stack,
    "--pwd",
    run.project.programDir,
    ...(run.preview ? ["--dry-run"] : []),
    "--parallel",
    "16",
    run.project.entry,
  ];
}

/** Starts the program and resolves when its process exits. */
export function runProgram(run: ProgramRun): Promise<ProgramExit> {
  const entryPoint = resolvePulumiSdk(run.project.programDir, "cmd/run");
  // The language host does not pass this on from its own environment (it would turn type-checking off).
  const { PULUMI_NODEJS_TRANSPILE_ONLY: _inherited, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...configEnvironment(run.config),
    PULUMI_NODEJS_TYPESCRIPT: String(run.project.typescript),
    TS_NODE_CACHE_DIRECTORY: run.tsNodeCacheDir,
    ...run.env,
  };
  const child = spawn(process.execPath, [entryPoint, ...runArguments(run)], {
    cwd: run.project.programDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const collect = (line: string) => {
    output.push(line);
    run.onOutput?.(line);
  };
  readline.createInterface({ input: child.stdout }).on("line", collect);
  readline.createInterface({ input: child.stderr }).on("line", collect);
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, run.timeoutMs ?? 600_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}
