/**
 * Recognising "the workspace packages were never built": their `dist/` is what Node resolves, so a missing
 * build shows up as a module that cannot be found. The fix is one command, so the error names it.
 */

/** Packages this engine loads from their build output. */
export const BUILT_PACKAGES = ["agentcore-vpc-platform", "agentcore-vpc-platform-contract"] as const;

/** The error to show instead of a module-not-found error for an unbuilt workspace package, if that is what it is. */
export function missingBuildError(error: unknown): Error | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "MODULE_NOT_FOUND" && code !== "ERR_MODULE_NOT_FOUND") return undefined;
  const text = String(message);
  const missing = BUILT_PACKAGES.find((name) => new RegExp(`['"/]${name}(/[^'"]*)?['"]`).test(text));
  if (!missing) return undefined;
  return new Error(
    `${missing} is not built (its dist/ is missing): run \`npm run build\` at the repository root.`,
  );
}
