// Prints the resource graph (types and counts) each stack's program registers under Pulumi mocks, and how
// long each evaluation takes. Usage: npx tsx packages/ops/scripts/mock-graph.ts [dev prod]
// Each evaluation runs in a fresh process, as the language host runs a program.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { mockAccount } from "agentcore-vpc-platform/testing";
import { readStackFile, runEntryPoint } from "stacks/testing";

interface Evaluation {
  counts: Record<string, number>;
  total: number;
  ms: number;
}

async function evaluate(stack: string, preview: boolean): Promise<Evaluation> {
  const started = performance.now();
  const rec = await mockAccount({ preview, project: "agentcore-vpc-platform", stack });
  pulumi.runtime.setAllConfig(readStackFile(stack));
  await runEntryPoint((file) => import(file));
  await rec.settle();
  const counts: Record<string, number> = {};
  for (const resource of rec.resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
  return { counts, total: rec.resources.length, ms: performance.now() - started };
}

function inChild(stack: string, preview: boolean): Evaluation {
  const args = ["--import", "tsx", __filename, "--evaluate", stack, String(preview)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" })) as Evaluation;
}

async function main() {
  const [flag, stack, preview] = process.argv.slice(2);
  if (flag === "--evaluate" && stack) {
    process.stdout.write(JSON.stringify(await evaluate(stack, preview === "true")));
    return;
  }
  const stacks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["dev", "prod"];
  for (const name of stacks) {
    const update = inChild(name, false);
    const previewed = inChild(name, true);
    console.log(
      `\n${name}: ${update.total} resources (update ${update.ms.toFixed(0)} ms, preview ${previewed.ms.toFixed(0)} ms, ${previewed.total} registered)`,
    );
    for (const [type, n] of Object.entries(update.counts).sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${String(n).padStart(3)}  ${type}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
