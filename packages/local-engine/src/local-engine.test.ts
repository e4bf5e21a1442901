/**
 * The engine on small programs run through Pulumi's own runner and dynamic provider host: what the CLI
 * would report for bad programs, config secrets, and which serialized provider runs for each operation.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "./local-engine";
import { programFixture } from "./testing/program-fixture";
import type { ProgramFixture } from "./testing/program-fixture";
import { isSecret } from "./wire/values";

const tsNodeCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-ts-"));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => fs.rmSync(tsNodeCacheDir, { recursive: true, force: true }));

async function engineFor(program: ProgramFixture, secretConfigKeys: string[] = []): Promise<LocalEngine> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-state-"));
  const engine = await LocalEngine.start({
    projectDir: program.dir,
    stack: "dev",
    stateDir,
    tsNodeCacheDir,
    secretConfigKeys,
  });
  cleanups.push(
    program.remove,
    () => engine.close(),
    () => fs.rmSync(stateDir, { recursive: true, force: true }),
  );
  return engine;
}

describe("bad programs fail the run as the CLI reports them", () => {
  it("a program that throws: the run fails with its message", async () => {
    const program = programFixture("throws", {
      "index.ts": 'throw new Error("the widget count must be positive");\n',
    });
    const result = await (await engineFor(program)).preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("the widget count must be positive");
  });

  it("a type error: the run fails with the compiler's diagnostic (type-checking is on)", async () => {
    const program = programFixture("typeerror", {
      "index.ts": 'const count: number = "three";\nexport const value = count;\n',
    });
    const result = await (await engineFor(program)).preview();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Unable to compile TypeScript[\s\S]*TS2322/);
  });

  it("an invoke the fake cannot answer: the program sees the failure and the run fails naming it", async () => {
    const program = programFixture("invoke", {
      "index.ts": [
        'import * as aws from "@pulumi/aws";',
        'export const engine = aws.rds.getEngineVersionOutput({ engine: "postgres" }).version;',
        "",
      ].join("\n"),
    });
    const result = await (await engineFor(program)).up();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("no fake answer for aws:rds/getEngineVersion:getEngineVersion");
    expect(result.resources.map((r) => r.type)).toContain("pulumi:providers:aws");
  });
});

describe("config", () => {
  it("passes plain config marked secret as a secret, to the program and to the dynamic provider host", async () => {
    const program = programFixture("secrets", {
      "Pulumi.yaml": "name: secrets\nruntime: nodejs\nconfig:\n  apiKey:\n    secret: true\n",
      "Pulumi.dev.yaml": "config:\n  secrets:apiKey: hunter2-key\n  secrets:size: '3'\n",
      "index.ts": [
        'import * as pulumi from "@pulumi/pulumi";',
        "const config = new pulumi.Config();",
        "const provider: pulumi.dynamic.ResourceProvider & { key?: string } = {",
        "  async configure(req) {",
        '    provider.key = req.config.get("secrets:apiKey");',
        "  },",
        "  async create() {",
        '    return { id: "probe", outs: { keyLength: provider.key?.length ?? -1 } };',
        "  },",
        "};",
        "class Probe extends pulumi.dynamic.Resource {",
        "  declare readonly keyLength: pulumi.Output<number>;",
        "  constructor(name: string) {",
        "    super(provider, name, { keyLength: undefined });",
        "  }",
        "}",
        'const probe = new Probe("probe");',
        'export const key = config.requireSecret("apiKey");',
        'export const size = config.requireNumber("size");',
        "export const keyLength = probe.keyLength;",
        "",
      ].join("\n"),
    });
    const engine = await engineFor(program);
    const result = await engine.up();
    expect(result.error).toBeUndefined();
    expect(isSecret(result.stackOutputs.key)).toBe(true);
    expect(result.stackOutputs.size).toBe(3);
    expect(result.stackOutputs.keyLength).toBe("hunter2-key".length);
    expect(engine.store.rawCheckpoint()).not.toContain("hunter2-key");
  });
});

/** A dynamic provider whose code names its version (from config) and leaves a marker for each read and delete. */
const WIDGET_PROGRAM = [
  'import * as pulumi from "@pulumi/pulumi";',
  "const config = new pulumi.Config();",
  'const version = config.require("providerVersion");',
  'const markers = config.require("markerDir");',
  'const reportProviderChanges = config.getBoolean("reportProviderChanges") ?? false;',
  "const mark = (what: string) =>",
  '  (require("node:fs") as typeof import("node:fs")).writeFileSync(`${markers}/${what}-by-${version}`, "");',
  "const provider: pulumi.dynamic.ResourceProvider = {",
  '  async create(inputs) { return { id: "widget-1", outs: { ...inputs, madeBy: version } }; },',
  "  async diff(_id, olds, news) {",
  "    return { changes: reportProviderChanges && olds.__provider !== news.__provider };",
  "  },",
  "  async update(_id, _olds, news) { return { outs: { ...news, madeBy: version } }; },",
  '  async read(id, props) { mark("read"); return { id, props }; },',
  '  async delete() { mark("deleted"); },',
  "};",
  "class Widget extends pulumi.dynamic.Resource {",
  "  constructor(name: string) {",
  "    super(provider, name, { size: 1, madeBy: undefined });",
  "  }",
  "}",
  'if (!config.getBoolean("removeWidget")) new Widget("widget");',
  "",
].join("\n");

describe("dynamic resources in the real provider host", () => {
  it("Delete and Read run the provider stored at the last create or update, not the program's", async () => {
    const markers = fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-markers-"));
    cleanups.push(() => fs.rmSync(markers, { recursive: true, force: true }));
    const program = programFixture("widgets", { "index.ts": WIDGET_PROGRAM });
    const configure = (settings: Record<string, string>) =>
      program.write(
        "Pulumi.dev.yaml",
        `config:\n  widgets:markerDir: ${markers}\n${Object.entries(settings)
          .map(([k, v]) => `  widgets:${k}: "${v}"\n`)
          .join("")}`,
      );
    const engine = await engineFor(program);
    const widget = () => engine.store.load().find((r) => r.urn.endsWith("::widget"));
    const widgetStep = (result: Awaited<ReturnType<LocalEngine["up"]>>) =>
      result.steps.filter((s) => s.urn.endsWith("::widget")).map((s) => s.op);

    configure({ providerVersion: "v1" });
    const created = await engine.up();
    expect(created.error).toBeUndefined();
    expect(widgetStep(created)).toEqual(["create"]);
    expect(widget()?.outputs.madeBy).toBe("v1");

    // New provider code, but its diff ignores __provider: a same step keeps the stored (v1) provider.
    configure({ providerVersion: "v2" });
    const ignored = await engine.up();
    expect(widgetStep(ignored)).toEqual(["same"]);
    expect(widget()?.inputs.__provider).toContain('"v2"');
    expect(widget()?.outputs.__provider).toContain('"v1"');
    const refreshed = await engine.refresh();
    expect(refreshed.error).toBeUndefined();
    expect(fs.readdirSync(markers)).toEqual(["read-by-v1"]);

    // A diff that reports the changed __provider: an update stores the v2 provider.
    configure({ providerVersion: "v2", reportProviderChanges: "true" });
    const updated = await engine.up();
    expect(widgetStep(updated)).toEqual(["update"]);
    expect(widget()?.outputs.__provider).toContain('"v2"');
    expect(updated.dynamicProviderCalls.filter((c) => c.method === "update").map((c) => c.urn)).toEqual([
      widget()?.urn,
    ]);

    // The program no longer registers the widget: the engine deletes it with the stored provider (v2, not v3).
    configure({ providerVersion: "v3", removeWidget: "true" });
    const removed = await engine.up();
    expect(removed.error).toBeUndefined();
    expect(widgetStep(removed)).toEqual(["delete"]);
    expect(fs.readdirSync(markers).sort()).toEqual(["deleted-by-v2", "read-by-v1"]);
  });

  it("a failed create fails the run naming the resource, and leaves nothing half-recorded", async () => {
    const program = programFixture("failing", {
      "index.ts": [
        'import * as pulumi from "@pulumi/pulumi";',
        "const provider: pulumi.dynamic.ResourceProvider = {",
        '  async create() { throw new Error("quota exceeded for widgets"); },',
        "};",
        "class Widget extends pulumi.dynamic.Resource {",
        "  constructor(name: string) {",
        "    super(provider, name, {});",
        "  }",
        "}",
        'new Widget("widget");',
        "",
      ].join("\n"),
    });
    const engine = await engineFor(program);
    const result = await engine.up();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/pulumi-nodejs:dynamic:Resource::widget: quota exceeded for widgets/);
    expect(engine.store.load().some((r) => r.urn.endsWith("::widget"))).toBe(false);
  });
});
