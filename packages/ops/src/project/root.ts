/**
 * Where the Pulumi project is: the folder holding Pulumi.yaml, its stack files and the lockfile. Every tool
 * finds it the same way.
 */
import * as path from "node:path";
import { OperatorError } from "../errors";

/** The project file that marks the root. */
export const PROJECT_FILE = "Pulumi.yaml";

/** Walks up from `start` to the folder holding Pulumi.yaml; undefined when there is none. */
export function findProjectRoot(start: string, exists: (p: string) => boolean): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (exists(path.join(dir, PROJECT_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The project the tools work on: found from the working directory (npm runs root scripts there), else from
 * the tools' own folder, so a run from elsewhere still finds the repository the tools live in.
 * @throws OperatorError naming the folder searched when neither has a Pulumi.yaml above it
 */
export function locateProjectRoot(cwd: string, toolDir: string, exists: (p: string) => boolean): string {
  const root = findProjectRoot(cwd, exists) ?? findProjectRoot(toolDir, exists);
  if (root === undefined) {
    throw new OperatorError(
      `no ${PROJECT_FILE} found in ${path.resolve(cwd)} or above: run the command from the repository`,
    );
  }
  return root;
}
