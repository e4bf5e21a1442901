import { Module } from "node:module";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";

// Module internals the engine's dynamic provider host uses (via require-from-string); not in @types/node.
interface CompilableModule {
  filename: string;
  paths: string[];
  exports: { handler: () => pulumi.dynamic.ResourceProvider };
  _compile(code: string, filename: string): void;
}
const ModuleInternals = Module as unknown as {
  new (id: string): CompilableModule;
  _nodeModulePaths(dir: string): string[];
};

/**
 * Loads a dynamic resource's serialized provider text (its `__provider` input) the way the engine's
 * dynamic provider host does, so a test can run the methods that would run in a real deployment.
 * @param dir folder whose node_modules resolve the provider's require() calls
 */
export function loadSerializedProvider(text: string, dir: string): pulumi.dynamic.ResourceProvider {
  const filename = join(dir, "serialized-provider.js");
  const m = new ModuleInternals(filename);
  m.filename = filename;
  m.paths = ModuleInternals._nodeModulePaths(dir);
  m._compile(text, filename);
  return m.exports.handler();
}
