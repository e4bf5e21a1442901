/**
 * How much of a scenario run is TypeScript type-checking: previews of a stack's program through Pulumi's
 * runner, each with a fresh compile cache, type-checked and transpile-only, then a type-checked preview on a
 * warm cache (what later runs of a scenario set pay). Prints figures; asserts nothing.
 * Usage: npx tsx packages/local-engine/scripts/typecheck-cost.ts [stack | packed …]   (default: dev)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalEngine } from "../src/local-engine";
import { PACKED_PROGRAM_STACK_NAME, packedProgram } from "../src/scenarios/packed-program";
import { repoProgram } from "../src/scenarios/repo-program";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

async function preview(
  projectDir: string,
  stack: string,
  cacheDir: string,
  transpileOnly: boolean,
): Promise<number> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-cost-state-"));
  const engine = await LocalEngine.start({
    projectDir,
    stack,
    stateDir,
    tsNodeCacheDir: cacheDir,
    programEnv: transpileOnly ? { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } : {},
  });
  try {
    const result = await engine.preview();
    if (!result.ok) throw new Error(`preview failed: ${result.error}`);
    return result.durationMs;
  } finally {
    await engine.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const stacks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["dev"];
  for (const name of stacks) {
    const packed = name === "packed";
    const stack = packed ? PACKED_PROGRAM_STACK_NAME : name;
    const program = packed ? await packedProgram(REPO_ROOT) : repoProgram(REPO_ROOT);
    const caches = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-cost-ts-")));
    try {
      const [checkedCache, transpiledCache] = caches as [string, string];
      const cold = await preview(program.projectDir, stack, checkedCache, false);
      const transpiled = await preview(program.projectDir, stack, transpiledCache, true);
      const warm = await preview(program.projectDir, stack, checkedCache, false);
      console.log(
        `${name}: preview cold ${(cold / 1000).toFixed(1)} s type-checked, ${(transpiled / 1000).toFixed(1)} s ` +
          `transpile-only (type-checking ${((cold - transpiled) / 1000).toFixed(1)} s); warm cache ${(warm / 1000).toFixed(1)} s`,
      );
    } finally {
      program.remove();
      for (const dir of caches) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
