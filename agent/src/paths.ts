import path from "node:path";

/**
 * The folder the user ran the command from. npm runs a workspace's scripts from the workspace's folder
 * (`agent/`), and sets INIT_CWD to where `npm run` was typed; every path a user gives is meant from there.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD && path.isAbsolute(env.INIT_CWD) ? env.INIT_CWD : process.cwd();
}

/** A path the user typed, made absolute from where they typed it. */
export function resolveUserPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(invocationDir(env), file);
}
