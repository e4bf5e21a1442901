/**
 * The process environment as the tools read it: a plain record, so tests pass their own.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** GitHub Actions, GitLab, Buildkite… all set CI; "false"/"0" mean no. */
export function isCI(env: Env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  if (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") return true;
  return env.GITHUB_ACTIONS === "true";
}
