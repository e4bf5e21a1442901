import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD_STAMP, buildProblem } from "./build-check";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A checkout with the four built sources, each with one file, all older than `age` seconds. */
function checkout(age = 60): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "checkout-"));
  roots.push(root);
  const past = new Date(Date.now() - age * 1000);
  for (const file of [
    "packages/contract/src/index.ts",
    "packages/agentcore-vpc-platform/src/index.ts",
    "agent/src/main.ts",
    "executor/python/worker.py",
    "agent/test/e2e.test.ts",
  ]) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), "x");
    fs.utimesSync(path.join(root, file), past, past);
  }
  return root;
}

function stamp(root: string, at: Date = new Date()): void {
  fs.mkdirSync(path.dirname(path.join(root, BUILD_STAMP)), { recursive: true });
  fs.writeFileSync(path.join(root, BUILD_STAMP), "{}");
  fs.utimesSync(path.join(root, BUILD_STAMP), at, at);
}

describe("buildProblem", () => {
  it("names npm ci and npm run build when a fresh clone was never built", () => {
    expect(buildProblem(checkout())).toMatch(
      /not built in this checkout: run `npm ci` .* or `npm run build`/,
    );
  });

  it("passes a build newer than every source it compiles or copies", () => {
    const root = checkout();
    stamp(root);
    expect(buildProblem(root)).toBeUndefined();
  });

  it("names the changed file when a source is newer than the build", () => {
    const root = checkout();
    stamp(root, new Date(Date.now() - 30_000));
    fs.writeFileSync(path.join(root, "executor/python/worker.py"), "changed");
    expect(buildProblem(root)).toBe(
      "agentcore-vpc-platform was built before executor/python/worker.py changed: run `npm run build`, " +
        "or this run would deploy the old code.",
    );
  });

  it("ignores what the build neither compiles nor copies (tests, installed modules)", () => {
    const root = checkout();
    stamp(root, new Date(Date.now() - 30_000));
    fs.writeFileSync(path.join(root, "agent/test/e2e.test.ts"), "changed");
    expect(buildProblem(root)).toBeUndefined();
  });
});
