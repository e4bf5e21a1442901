// Prints the resource graph (types and counts) each stack's program registers under Pulumi mocks, and how
// long each evaluation takes. Usage: npx tsx packages/ops/scripts/mock-graph.ts [dev prod]
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { mockAccount } from "agentcore-vpc-platform/testing";
import { programEntryPoint, readStackFile } from "stacks/testing";

async function evaluate(stack: string, preview: boolean) {
  const started = performance.now();
  const rec = await mockAccount({ preview, project: "agentcore-vpc-platform", stack });
  pulumi.runtime.setAllConfig(readStackFile(stack));
  delete require.cache[require.resolve(programEntryPoint())];
  // Evaluated afresh for each run, as the language host would: require() with its cache entry dropped.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(programEntryPoint());
  await rec.settle();
  const counts = new Map<string, number>();
  for (const resource of rec.resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return { counts, total: rec.resources.length, ms: performance.now() - started };
}

async function main() {
  const stacks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["dev", "prod"];
  for (const stack of stacks) {
    const update = await evaluate(stack, false);
    const preview = await evaluate(stack, true);
    console.log(
      `\n${stack}: ${update.total} resources (update ${update.ms.toFixed(0)} ms, preview ${preview.ms.toFixed(0)} ms)`,
    );
    for (const [type, n] of [...update.counts].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${String(n).padStart(3)}  ${type}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
