import { describe, expect, it } from "vitest";
import { Deployment } from "./deployment";
import { DEFAULT_PROVIDER_GOAL, type Goal } from "./goal";
import type {
  CheckResult,
  DiffResult,
  ReadResult,
  ResourceProvider,
  ResourceRef,
} from "../providers/provider";
import { ProviderError } from "../providers/provider";
import type { ResourceState } from "../state/resource-state";
import { UNKNOWN, isSecret, makeSecret } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** A provider whose answers each test sets, recording every call with the properties it received. */
class ScriptedProvider implements ResourceProvider {
  readonly calls: { op: string; urn: string; props: PropertyMap }[] = [];
  diffs = new Map<string, DiffResult>();
  failures = new Map<string, ProviderError>();
  gone = new Set<string>();
  private next = 0;

  async check(_r: ResourceRef, _olds: PropertyMap | undefined, news: PropertyMap): Promise<CheckResult> {
    return { inputs: news, failures: news.invalid ? [{ property: "invalid", reason: "not allowed" }] : [] };
  }
  async diff(
    r: ResourceRef,
    _id: string,
    _oi: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<DiffResult> {
    this.calls.push({ op: "diff", urn: r.urn, props: oldOutputs });
    void news;
    return this.diffs.get(r.urn) ?? { changes: "unknown", replaces: [], deleteBeforeReplace: false };
  }
  async create(r: ResourceRef, news: PropertyMap) {
    this.calls.push({ op: "create", urn: r.urn, props: news });
    const failure = this.failures.get(r.urn);
    if (failure) throw failure;
    return { id: `id-${++this.next}`, outputs: { ...news, computed: "yes" } };
  }
  async update(r: ResourceRef, _id: string, _oi: PropertyMap, _oo: PropertyMap, news: PropertyMap) {
    this.calls.push({ op: "update", urn: r.urn, props: news });
    return { ...news, computed: "updated" };
  }
  async read(
    r: ResourceRef,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
  ): Promise<ReadResult | undefined> {
    this.calls.push({ op: "read", urn: r.urn, props: outputs });
    return this.gone.has(r.urn) ? undefined : { id, outputs: { ...outputs, drift: 1 }, inputs };
  }
  async delete(r: ResourceRef, _id: string, _oi: PropertyMap, oldOutputs: PropertyMap) {
    this.calls.push({ op: "delete", urn: r.urn, props: oldOutputs });
  }
  previewOutputs(_r: ResourceRef, news: PropertyMap): PropertyMap {
    return { ...news };
  }
  ops(): string[] {
    return this.calls.filter((c) => c.op !== "diff").map((c) => `${c.op} ${c.urn.split("::").pop()}`);
  }
}

const PROJECT = "proj";
const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const urnOf = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;

/** A custom resource's goal under the stack: the engine's defaults, then `fields`. */
function goal(type: string, name: string, fields: Partial<Goal> = {}): Goal {
  return {
    ...DEFAULT_PROVIDER_GOAL,
    type,
    name,
    parent: STACK_URN,
    inputs: {},
    version: "1.0.0",
    ...fields,
  };
}

const stackGoal = goal("pulumi:pulumi:Stack", "proj-dev", {
  custom: false,
  parent: undefined,
  version: undefined,
});

function deployment(
  snapshot: readonly ResourceState[],
  provider: ScriptedProvider,
  preview = false,
): Deployment {
  return new Deployment(snapshot, {
    stack: "dev",
    project: PROJECT,
    preview,
    providers: {
      providerFor: async () => provider,
      packageConfig: (pkg) => (pkg === "test" ? { region: "us-east-1" } : {}),
    },
  });
}

/** Runs one program's worth of registrations and finishes. */
async function run(
  snapshot: readonly ResourceState[],
  provider: ScriptedProvider,
  goals: Goal[],
  preview = false,
) {
  const d = deployment(snapshot, provider, preview);
  await d.register(stackGoal);
  const results = [];
  for (const g of goals) results.push(await d.register(g));
  await d.finish();
  return { d, results, snapshot: d.snapshot() };
}

const bucket = (inputs: PropertyMap, fields: Partial<Goal> = {}) =>
  goal("test:index:Bucket", "b", { inputs, ...fields });

describe("Deployment: creates and the default provider", () => {
  it("registers the package's default provider once, with its config and version, and references it", async () => {
    const provider = new ScriptedProvider();
    const { d, snapshot } = await run([], provider, [bucket({ size: 1 }), goal("test:index:Queue", "q")]);
    const defaults = snapshot.filter((r) => r.type === "pulumi:providers:test");
    expect(defaults.map((r) => r.urn)).toEqual([
      "urn:pulumi:dev::proj::pulumi:providers:test::default_1_0_0",
    ]);
    expect(defaults[0]?.inputs).toEqual({ region: "us-east-1", version: "1.0.0" });
    const stored = snapshot.find((r) => r.urn === urnOf("test:index:Bucket", "b"));
    expect(stored?.provider).toBe(`${defaults[0]?.urn}::${defaults[0]?.id}`);
    expect(stored?.outputs).toEqual({ size: 1, computed: "yes" });
    expect(d.steps.map((s) => s.op)).toEqual(["create", "create", "create", "create"]);
  });

  it("plans creates in preview without calling the provider's create, and stores nothing", async () => {
    const provider = new ScriptedProvider();
    const { d, results } = await run([], provider, [bucket({ size: 1 })], true);
    expect(provider.ops()).toEqual([]);
    expect(results[0]?.id).toBe("");
    expect(results[0]?.outputs).toEqual({ size: 1 });
    expect(d.snapshot().find((r) => r.type === "pulumi:providers:test")?.id).toBe(UNKNOWN);
  });

  it("fails a step whose Check fails, naming the resource and property", async () => {
    const provider = new ScriptedProvider();
    const d = deployment([], provider);
    await expect(d.register(bucket({ invalid: true }))).rejects.toThrow(
      /test:index:Bucket::b: check failed: invalid: not allowed/,
    );
    expect(d.failures).toHaveLength(1);
  });

  it("refuses a duplicate URN", async () => {
    const provider = new ScriptedProvider();
    const d = deployment([], provider);
    await d.register(bucket({}));
    await expect(d.register(bucket({}))).rejects.toThrow(/Duplicate resource URN/);
  });
});

describe("Deployment: changes to existing resources", () => {
  async function initial(provider: ScriptedProvider, inputs: PropertyMap = { size: 1, __provider: "v1" }) {
    return (await run([], provider, [bucket(inputs)])).snapshot;
  }

  it("keeps the stored outputs on a same step, while the inputs move on", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider);
    provider.diffs.set(urnOf("test:index:Bucket", "b"), {
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { d, snapshot } = await run(state, provider, [bucket({ size: 1, __provider: "v2" })]);
    const stored = snapshot.find((r) => r.urn === urnOf("test:index:Bucket", "b"));
    expect(d.steps.find((s) => s.urn === stored?.urn)?.op).toBe("same");
    expect(stored?.inputs.__provider).toBe("v2");
    expect(stored?.outputs.__provider).toBe("v1");
    // Diff saw the stored outputs, and so will Delete: the old provider text.
    expect(provider.calls.find((c) => c.op === "diff" && c.urn.endsWith("::b"))?.props.__provider).toBe("v1");
    await deployment(snapshot, provider).destroy();
    expect(provider.calls.find((c) => c.op === "delete")?.props.__provider).toBe("v1");
  });

  it("updates when the provider reports changes, storing the new outputs", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider);
    provider.diffs.set(urnOf("test:index:Bucket", "b"), {
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { snapshot } = await run(state, provider, [bucket({ size: 1, __provider: "v2" })]);
    expect(snapshot.find((r) => r.urn === urnOf("test:index:Bucket", "b"))?.outputs.__provider).toBe("v2");
    expect(provider.ops().slice(-1)).toEqual(["update b"]);
  });

  it("compares inputs itself when the provider cannot tell", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider);
    const same = await run(state, provider, [bucket({ size: 1, __provider: "v1" })]);
    expect(same.d.steps.filter((s) => s.urn.endsWith("::b")).map((s) => s.op)).toEqual(["same"]);
    const changed = await run(state, provider, [bucket({ size: 2, __provider: "v1" })]);
    expect(changed.d.steps.filter((s) => s.urn.endsWith("::b")).map((s) => s.op)).toEqual(["update"]);
  });

  it("replaces create-before-delete by default, deleting the old one at the end", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider);
    provider.diffs.set(urnOf("test:index:Bucket", "b"), {
      changes: "some",
      replaces: ["size"],
      deleteBeforeReplace: false,
    });
    const { d, snapshot } = await run(state, provider, [bucket({ size: 2 })]);
    expect(provider.ops().slice(-2)).toEqual(["create b", "delete b"]);
    expect(d.steps.find((s) => s.urn.endsWith("::b"))?.replaces).toEqual(["size"]);
    expect(snapshot.filter((r) => r.urn.endsWith("::b"))).toHaveLength(1);
  });

  it("deletes first when the diff or the resource asks for it", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider);
    provider.diffs.set(urnOf("test:index:Bucket", "b"), {
      changes: "some",
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    await run(state, provider, [bucket({ size: 2 })]);
    expect(provider.ops().slice(-2)).toEqual(["delete b", "create b"]);
  });

  it("replaces on a replaceOnChanges property, and keeps ignored properties at their old value", async () => {
    const provider = new ScriptedProvider();
    const state = await initial(provider, { size: 1, label: "a" });
    const ignored = await run(state, provider, [
      bucket({ size: 1, label: "b" }, { ignoreChanges: ["label"] }),
    ]);
    expect(ignored.d.steps.find((s) => s.urn.endsWith("::b"))?.op).toBe("same");
    const forced = await run(state, provider, [
      bucket({ size: 1, label: "b" }, { replaceOnChanges: ["label"] }),
    ]);
    expect(forced.d.steps.find((s) => s.urn.endsWith("::b"))?.op).toBe("replace");
  });

  it("keeps a half-initialised resource with its partial state and updates it next time", async () => {
    const provider = new ScriptedProvider();
    provider.failures.set(
      urnOf("test:index:Bucket", "b"),
      new ProviderError("not ready", {
        id: "partial-1",
        outputs: { size: 1, status: "CREATING" },
        reasons: ["timed out"],
      }),
    );
    const first = deployment([], provider);
    await first.register(stackGoal);
    await expect(first.register(bucket({ size: 1 }))).rejects.toThrow(/not ready/);
    const stored = first.snapshot().find((r) => r.urn.endsWith("::b"));
    expect(stored).toMatchObject({ id: "partial-1", initErrors: ["timed out"] });
    provider.failures.clear();
    const { d } = await run(first.snapshot(), provider, [bucket({ size: 1 })]);
    expect(d.steps.find((s) => s.urn.endsWith("::b"))?.op).toBe("update");
  });
});

describe("Deployment: secrets", () => {
  it("unwraps secrets for the provider and marks the results secret again", async () => {
    const provider = new ScriptedProvider();
    const { results, snapshot } = await run([], provider, [
      bucket(
        { env: makeSecret({ KEY: "v" }), token: "t" },
        { additionalSecretOutputs: ["token", "computed"] },
      ),
    ]);
    expect(provider.calls.find((c) => c.op === "create" && c.urn.endsWith("::b"))?.props).toEqual({
      env: { KEY: "v" },
      token: "t",
    });
    for (const outputs of [results[0]?.outputs, snapshot.find((r) => r.urn.endsWith("::b"))?.outputs]) {
      expect(isSecret(outputs?.env)).toBe(true);
      expect(isSecret(outputs?.token)).toBe(true);
      expect(isSecret(outputs?.computed)).toBe(true);
    }
    expect(isSecret(snapshot.find((r) => r.urn.endsWith("::b"))?.inputs.env)).toBe(true);
  });

  it("answers without envelopes a program that does not accept secrets", async () => {
    const provider = new ScriptedProvider();
    const { results } = await run([], provider, [bucket({ env: makeSecret("v") }, { acceptSecrets: false })]);
    expect(results[0]?.outputs.env).toBe("v");
  });
});

describe("Deployment: deletes", () => {
  const vpc = goal("test:index:Vpc", "vpc");
  const subnet = (deps: string[] = [urnOf("test:index:Vpc", "vpc")]) =>
    goal("test:index:Subnet", "subnet", { dependencies: deps });

  it("deletes what the program no longer registers, dependents first, and skips retained resources' deletes", async () => {
    const provider = new ScriptedProvider();
    const { snapshot } = await run([], provider, [{ ...vpc, retainOnDelete: true }, subnet()]);
    const { d } = await run(snapshot, provider, []);
    const deletes = d.steps
      .filter((s) => s.op === "delete")
      .map((s) => `${s.urn.split("::").pop()}${s.retained ? " (retained)" : ""}`);
    expect(deletes).toEqual(["subnet", "vpc (retained)", "default_1_0_0"]);
    expect(provider.ops().filter((o) => o.startsWith("delete"))).toEqual(["delete subnet"]);
  });

  it("deletes nothing after a failed step", async () => {
    const provider = new ScriptedProvider();
    const { snapshot } = await run([], provider, [vpc, subnet()]);
    const d = deployment(snapshot, provider);
    await d.register(stackGoal);
    await expect(d.register(bucket({ invalid: true }))).rejects.toThrow();
    await d.finish();
    expect(d.steps.filter((s) => s.op === "delete")).toEqual([]);
    expect(d.snapshot().map((r) => r.urn)).toEqual(expect.arrayContaining(snapshot.map((r) => r.urn)));
  });

  it("plans deletes in preview without making them", async () => {
    const provider = new ScriptedProvider();
    const { snapshot } = await run([], provider, [vpc]);
    const { d } = await run(snapshot, provider, [], true);
    expect(d.steps.filter((s) => s.op === "delete").length).toBeGreaterThan(0);
    expect(provider.ops().filter((o) => o.startsWith("delete"))).toEqual([]);
  });

  it("refuses to delete a protected resource", async () => {
    const provider = new ScriptedProvider();
    const { snapshot } = await run([], provider, [{ ...vpc, protect: true }]);
    const d = deployment(snapshot, provider);
    await d.destroy();
    expect(d.failures[0]?.message).toMatch(/protected/);
    expect(d.snapshot().some((r) => r.urn.endsWith("::vpc"))).toBe(true);
  });
});

describe("Deployment: refresh", () => {
  it("reads with the stored outputs, records drift and drops what is gone", async () => {
    const provider = new ScriptedProvider();
    const { snapshot } = await run([], provider, [
      bucket({ __provider: "stored" }),
      goal("test:index:Queue", "q"),
    ]);
    provider.gone.add(urnOf("test:index:Queue", "q"));
    const d = deployment(snapshot, provider);
    await d.refresh();
    expect(provider.calls.find((c) => c.op === "read" && c.urn.endsWith("::b"))?.props.__provider).toBe(
      "stored",
    );
    expect(d.steps.filter((s) => s.urn.endsWith("::b") || s.urn.endsWith("::q")).map((s) => s.op)).toEqual([
      "refresh",
      "delete",
    ]);
    expect(d.snapshot().some((r) => r.urn.endsWith("::q"))).toBe(false);
    expect(d.snapshot().find((r) => r.urn.endsWith("::b"))?.outputs.drift).toBe(1);
  });
});
