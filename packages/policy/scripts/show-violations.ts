/**
 * Starts the built policy pack the way `pulumi preview --policy-pack packages/policy` does (Pulumi's
 * `run-policy-pack` host in the pack's folder), sends it the dev stack's graphs and one broken graph per
 * policy over its analyzer gRPC API (`Analyze` for each resource, then `AnalyzeStack`), and prints every
 * diagnostic the pack returns, verbatim. Needs `npm run build` first.
 *
 *   npm run show-violations -w agentcore-vpc-platform-policy
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { brokenGraphs } from "../src/testing/broken-graphs";
import type { GraphResource, ResourceGraph } from "../src/testing/graph";
import { recordStackGraph } from "../src/testing/stacks";

const PACK_DIR = path.resolve(__dirname, "..");

/** Starts the pack and resolves with its analyzer port, which it prints as its first line. */
function startPack(): Promise<{ pack: ChildProcess; port: string }> {
  const host = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
  // The engine address is unused by the pack; the host only requires one.
  const pack = spawn(process.execPath, [host, "127.0.0.1:0", "."], {
    cwd: PACK_DIR,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    pack.once("error", reject);
    pack.once("exit", (code) => reject(new Error(`the policy pack exited with code ${code} before serving`)));
    readline
      .createInterface({ input: pack.stdout as NodeJS.ReadableStream })
      .once("line", (line) => resolve({ pack, port: line.trim() }));
  });
}

/** The analyzer's two calls as promises. */
function analyzerCalls(client: AnalyzerClient) {
  const answer =
    (resolve: (r: analyzer.AnalyzeResponse) => void, reject: (e: Error) => void) =>
    (err: grpc.ServiceError | null, res: analyzer.AnalyzeResponse) => (err ? reject(err) : resolve(res));
  return {
    analyze: (request: analyzer.AnalyzeRequest) =>
      new Promise<analyzer.AnalyzeResponse>((resolve, reject) =>
        client.analyze(request, answer(resolve, reject)),
      ),
    analyzeStack: (request: analyzer.AnalyzeStackRequest) =>
      new Promise<analyzer.AnalyzeResponse>((resolve, reject) =>
        client.analyzeStack(request, answer(resolve, reject)),
      ),
  };
}

function options(resource: GraphResource): analyzer.AnalyzerResourceOptions {
  const opts = new analyzer.AnalyzerResourceOptions();
  opts.setProtect(resource.protect);
  opts.setIgnorechangesList([...resource.ignoreChanges]);
  opts.setAdditionalsecretoutputsList([...resource.additionalSecretOutputs]);
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

const LEVELS = Object.fromEntries(
  Object.entries(analyzer.EnforcementLevel).map(([name, value]) => [value, name]),
);

async function analyze(client: AnalyzerClient, graph: ResourceGraph): Promise<analyzer.AnalyzeDiagnostic[]> {
  const diagnostics: analyzer.AnalyzeDiagnostic[] = [];
  for (const resource of graph.resources) {
    const request = new analyzer.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(resource.urn);
    request.setProperties(Struct.fromJavaScript(resource.inputs as never));
    request.setOptions(options(resource));
    const response = await analyzerCalls(client).analyze(request);
    diagnostics.push(...response.getDiagnosticsList());
  }
  const stack = new analyzer.AnalyzeStackRequest();
  stack.setResourcesList(
    graph.resources.map((resource) => {
      const r = new analyzer.AnalyzerResource();
      r.setType(resource.type);
      r.setName(resource.name);
      r.setUrn(resource.urn);
      r.setProperties(Struct.fromJavaScript(resource.outputs as never));
      r.setOptions(options(resource));
      if (resource.parent) r.setParent(resource.parent);
      r.setDependenciesList([...resource.dependencies]);
      for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
        const deps = new analyzer.AnalyzerPropertyDependencies();
        deps.setUrnsList([...urns]);
        r.getPropertydependenciesMap().set(key, deps);
      }
      return r;
    }),
  );
  const response = await analyzerCalls(client).analyzeStack(stack);
  return [...diagnostics, ...response.getDiagnosticsList()];
}

function print(title: string, diagnostics: readonly analyzer.AnalyzeDiagnostic[]): void {
  console.log(`\n== ${title}: ${diagnostics.length} diagnostic(s)`);
  for (const d of diagnostics) {
    console.log(
      `[${String(LEVELS[d.getEnforcementlevel()]).toLowerCase()}] ${d.getPolicypackname()}@v${d.getPolicypackversion()} ${d.getPolicyname()} (${d.getUrn()})`,
    );
    console.log(d.getMessage().replace(/^/gm, "    "));
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(PACK_DIR, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first");
  }
  const { pack, port } = await startPack();
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    // Preview first: unknown values must produce no diagnostic (not even the SDK's advisory "can't run").
    print("dev stack, preview", await analyze(client, await recordStackGraph("dev", true)));
    const graph = await recordStackGraph("dev", false);
    print("dev stack, update", await analyze(client, graph));
    for (const broken of brokenGraphs(graph)) {
      print(`${broken.policy}: ${broken.change}`, await analyze(client, broken.graph));
    }
  } finally {
    client.close();
    pack.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
