import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { missingBuildError } from "./missing-build";

function resolveError(from: string, request: string): unknown {
  try {
    createRequire(path.join(from, "index.js")).resolve(request);
  } catch (error) {
    return error;
  }
  throw new Error(`${request} resolved from ${from}`);
}

describe("missingBuildError", () => {
  it("names the fix when a workspace package's build cannot be found", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "unbuilt-"));
    try {
      const error = missingBuildError(resolveError(empty, "agentcore-vpc-platform/testing"));
      expect(error?.message).toBe(
        "agentcore-vpc-platform is not built (its dist/ is missing): run `npm run build` at the repository root.",
      );
      expect(missingBuildError(resolveError(empty, "agentcore-vpc-platform-contract"))?.message).toMatch(
        /^agentcore-vpc-platform-contract is not built/,
      );
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it("leaves other errors alone", () => {
    const empty = os.tmpdir();
    expect(missingBuildError(resolveError(empty, "left-pad-not-installed"))).toBeUndefined();
    expect(missingBuildError(new Error("boom"))).toBeUndefined();
    expect(missingBuildError("text")).toBeUndefined();
  });
});
