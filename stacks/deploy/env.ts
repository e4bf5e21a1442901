/**
 * Defaults taken from the environment: state backend, secrets provider, CI detection, repo root.
 * Pure functions over an env record and a file-existence probe.
 */
import * as path from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

/** Directory (relative to the repo root) of the default file backend; listed in .gitignore. */
export const LOCAL_STATE_DIR = ".pulumi-state";

export interface BackendChoice {
  /** Value for PULUMI_BACKEND_URL. */
  url: string;
  /** True when this is the repo-local default (not set by the operator). */
  local: boolean;
  /** Directory to create for a local file backend. */
  dir: string | undefined;
}

export function resolveBackend(env: Env, repoRoot: string): BackendChoice {
  const fromEnv = env.PULUMI_BACKEND_URL?.trim();
  if (fromEnv) return { url: fromEnv, local: false, dir: undefined };
  const dir = path.join(repoRoot, LOCAL_STATE_DIR);
  // file:// + absolute path; Pulumi's file backend takes the path verbatim after the scheme.
  return { url: `file://${dir.split(path.sep).join("/")}`, local: true, dir };
}

/** GitHub Actions, GitLab, Buildkite… all set CI; "false"/"0" mean no. */
export function isCI(env: Env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  if (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") return true;
  return env.GITHUB_ACTIONS === "true";
}

export const SECRETS_PROVIDER = "passphrase";

export type PassphrasePlan = { kind: "from-env" } | { kind: "prompt" } | { kind: "missing"; message: string };

/**
 * The passphrase provider needs PULUMI_CONFIG_PASSPHRASE (or …_FILE). An empty value is a valid passphrase
 * to Pulumi, so "set" means defined. On a terminal outside CI we ask; otherwise we refuse.
 */
export function planPassphrase(env: Env, interactive: boolean): PassphrasePlan {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    return { kind: "from-env" };
  }
  if (interactive) return { kind: "prompt" };
  return {
    kind: "missing",
    message:
      "PULUMI_CONFIG_PASSPHRASE is not set: the stack's secrets are encrypted with a passphrase; " +
      "in CI pass it from a secret (env: PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}), " +
      "locally export it or run on a terminal to be asked",
  };
}

/** Walk up from `start` to the directory holding Pulumi.yaml (the repo root). */
export function findRepoRoot(start: string, exists: (p: string) => boolean): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (exists(path.join(dir, "Pulumi.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Stack names that have a Pulumi.<name>.yaml in the repo root, sorted. */
export function stackConfigNames(fileNames: readonly string[]): string[] {
  const names: string[] = [];
  for (const f of fileNames) {
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(f);
    if (m && m[1]) names.push(m[1]);
  }
  return names.sort();
}
