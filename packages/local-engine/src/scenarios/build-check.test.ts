/**
 * A missing or stale build of the component, as a user meets it: `pulumi preview` of the stacks program
 * through Pulumi's runner (type-checking on) must fail and name the fix.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { copyRepoProgram } from "./program-copy";
import type { ProgramCopy } from "./program-copy";
import { touchSource } from "./repo-program";
import { LocalEngine } from "../local-engine";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const tsNodeCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-check-ts-"));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => fs.rmSync(tsNodeCacheDir, { recursive: true, force: true }));

async function previewOf(copy: ProgramCopy) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-check-state-"));
  const engine = await LocalEngine.start({ projectDir: copy.root, stack: "dev", stateDir, tsNodeCacheDir });
  cleanups.push(
    copy.remove,
    () => engine.close(),
    () => fs.rmSync(stateDir, { recursive: true, force: true }),
  );
  return engine.preview();
}

describe("the stacks program with a missing or stale component build", () => {
  it("an agent source edited after the build: the preview fails naming `npm run build`", async () => {
    const copy = copyRepoProgram(REPO_ROOT);
    touchSource(path.join(copy.root, "agent", "src", "main.ts"));
    const result = await previewOf(copy);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/built before agent\/src\/main\.ts changed: run `npm run build`/);
  }, 300_000);

  it("a build that never finished (no build stamp): the preview fails naming `npm run build`", async () => {
    const copy = copyRepoProgram(REPO_ROOT);
    fs.rmSync(path.join(copy.componentDir, "dist", "build-info.json"));
    const result = await previewOf(copy);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /not built in this checkout: run `npm ci` \(which builds it\) or `npm run build`/,
    );
  }, 300_000);

  it("no build at all (a fresh clone without its build): the preview fails naming `npm run build`", async () => {
    const copy = copyRepoProgram(REPO_ROOT);
    fs.rmSync(path.join(copy.componentDir, "dist"), { recursive: true });
    const result = await previewOf(copy);
    expect(result.ok).toBe(false);
    expect(result.error).toContain("npm run build");
  }, 300_000);
});
