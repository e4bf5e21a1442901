/**
 * Where stack state lives: PULUMI_BACKEND_URL when the operator sets it, else a file backend inside the
 * project (no Pulumi Cloud account needed). Every tool reads state from the same place.
 */
import * as path from "node:path";
import type { Env } from "../environment";

/** Folder (relative to the project root) of the default file backend; listed in .gitignore. */
export const LOCAL_STATE_DIR = ".pulumi-state";

export interface BackendChoice {
  /** Value for PULUMI_BACKEND_URL. */
  url: string;
  /** True when this is the project-local default (not set by the operator). */
  local: boolean;
  /** Folder of a local file backend; undefined for any other backend. */
  dir: string | undefined;
}

export function resolveBackend(env: Env, projectRoot: string): BackendChoice {
  const fromEnv = env.PULUMI_BACKEND_URL?.trim();
  if (fromEnv) return { url: fromEnv, local: false, dir: undefined };
  const dir = path.join(projectRoot, LOCAL_STATE_DIR);
  // file:// + absolute path; Pulumi's file backend takes the path verbatim after the scheme.
  return { url: `file://${dir.split(path.sep).join("/")}`, local: true, dir };
}
