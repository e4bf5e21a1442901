/**
 * One run of the engine over a stack: step generation and execution for registrations as they arrive,
 * deletes at the end in dependency order, and the snapshot to store. Follows Pulumi's engine: Check with the
 * old inputs, Diff against the stored outputs, Create / Update / same (keeping the stored outputs, and with
 * them the stored `__provider`), create-before-delete replacements unless told otherwise, default providers
 * registered on first use, secrets unwrapped for providers that refuse them and re-marked on the results.
 */
import type { Goal, RegisterResult, StepRecord } from "./goal";
import { DEFAULT_PROVIDER_GOAL, StepError, applyIgnoreChanges, errorMessage } from "./goal";
import { decide } from "./plan";
import {
  defaultProviderName,
  isProviderType,
  makeUrn,
  packageOf,
  parseProviderReference,
  providerReference,
} from "./urn";
import type { ResourceProvider } from "../providers/provider";
import { ProviderError } from "../providers/provider";
import type { ResourceState } from "../state/resource-state";
import { deleteOrder } from "../state/resource-state";
import { UNKNOWN, annotateSecrets, deepEqual, markSecret, unwrapSecrets } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** Where the engine finds the provider for a resource type. */
export interface ProviderSource {
  /** The provider serving this type (started on first use). */
  providerFor(type: string): Promise<ResourceProvider>;
  /** Inputs of a package's default provider: its stack configuration. */
  packageConfig(pkg: string): PropertyMap;
}

export interface DeploymentOptions {
  readonly stack: string;
  readonly project: string;
  /** Preview: plan only, no provider writes. */
  readonly preview: boolean;
  readonly providers: ProviderSource;
}

/** Outputs as stored: the provider's, with secretness copied from the inputs and additional secret outputs. */
function storedOutputs(outputs: PropertyMap, inputs: PropertyMap, goal: Goal): PropertyMap {
  return markSecret(annotateSecrets(outputs, inputs), goal.additionalSecretOutputs);
}

export class Deployment {
  /** Every step taken (or planned, in preview), in the order it finished. */
  readonly steps: StepRecord[] = [];
  /** Failed steps. A run with any is a failed run: deletes of unregistered resources are skipped. */
  readonly failures: StepError[] = [];
  private readonly olds: Map<string, ResourceState>;
  private readonly pendingDeletes: ResourceState[];
  private readonly news = new Map<string, ResourceState>();
  private readonly registering = new Set<string>();
  private readonly defaultProviders = new Map<string, Promise<string>>();
  private readonly deleted = new Set<string>();
  private finished: Promise<void> | undefined;

  /** @param snapshot the resources in state before the run */
  constructor(
    snapshot: readonly ResourceState[],
    private readonly options: DeploymentOptions,
  ) {
    this.olds = new Map(snapshot.filter((r) => !r.pendingDelete).map((r) => [r.urn, r]));
    this.pendingDeletes = snapshot.filter((r) => r.pendingDelete);
  }

  /** Registers a resource: plans its step, runs it (outside preview) and returns what the program sees. */
  async register(goal: Goal): Promise<RegisterResult> {
    const urn = makeUrn(this.options.stack, this.options.project, goal.type, goal.name, goal.parent);
    if (this.news.has(urn) || this.registering.has(urn)) {
      throw this.fail(new StepError(urn, "Duplicate resource URN; try giving it a unique name"));
    }
    this.registering.add(urn);
    try {
      const state = goal.custom ? await this.registerCustom(urn, goal) : this.registerComponent(urn, goal);
      this.news.set(urn, state);
      const outputs = goal.acceptSecrets ? state.outputs : unwrapSecrets(state.outputs);
      return { urn, id: state.id, outputs };
    } catch (error) {
      throw this.fail(error instanceof StepError ? error : new StepError(urn, errorMessage(error)));
    } finally {
      this.registering.delete(urn);
    }
  }

  /** Sets a component's (or the stack's) outputs. */
  registerOutputs(urn: string, outputs: PropertyMap): void {
    const state = this.news.get(urn);
    if (!state) throw new Error(`RegisterResourceOutputs for ${urn}, which was not registered in this run`);
    this.news.set(urn, { ...state, outputs });
  }

  private fail(error: StepError): StepError {
    if (!this.failures.includes(error)) this.failures.push(error);
    return error;
  }

  private registerComponent(urn: string, goal: Goal): ResourceState {
    const old = this.olds.get(urn);
    const op = !old ? "create" : changedInputs(old.inputs, goal.inputs) ? "update" : "same";
    this.record(op, urn, goal.type, false);
    return { ...this.baseState(urn, goal, undefined, goal.inputs), id: "", outputs: old?.outputs ?? {} };
  }

  private async registerCustom(urn: string, goal: Goal): Promise<ResourceState> {
    const providerRef = isProviderType(goal.type)
      ? undefined
      : (goal.provider ?? (await this.defaultProvider(packageOf(goal.type), goal.version)));
    const provider = await this.options.providers.providerFor(goal.type);
    const resource = { urn, type: goal.type };
    const old = this.olds.get(urn);
    const news =
      old && goal.ignoreChanges.length > 0
        ? applyIgnoreChanges(old.inputs, goal.inputs, goal.ignoreChanges)
        : goal.inputs;
    const checked = await provider.check(resource, old && unwrapSecrets(old.inputs), unwrapSecrets(news));
    if (checked.failures.length > 0) {
      const reasons = checked.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason));
      throw new StepError(urn, `check failed: ${reasons.join("; ")}`);
    }
    const inputs = annotateSecrets(checked.inputs, news);
    const base = this.baseState(urn, goal, providerRef, inputs);
    if (!old) return this.create(provider, base, goal, "create", []);

    const diff = this.providerReplaced(old.provider, providerRef)
      ? { changes: "some" as const, replaces: ["provider"], deleteBeforeReplace: false }
      : await provider.diff(
          resource,
          old.id,
          unwrapSecrets(old.inputs),
          unwrapSecrets(old.outputs),
          unwrapSecrets(inputs),
        );
    const decision = decide(diff, goal, old.inputs, inputs, old.initErrors);
    if (decision.op === "same") {
      this.record("same", urn, goal.type, false);
      return { ...base, id: old.id, outputs: old.outputs };
    }
    if (decision.op === "update") return this.update(provider, old, base, goal);
    if (decision.deleteBeforeReplace && !this.options.preview) await this.deleteOne(old, "replace");
    else if (!this.options.preview) this.pendingDeletes.push({ ...old, pendingDelete: true });
    return this.create(provider, base, goal, "replace", decision.replaces);
  }

  private async create(
    provider: ResourceProvider,
    base: ResourceState,
    goal: Goal,
    op: "create" | "replace",
    replaces: readonly string[],
  ): Promise<ResourceState> {
    const resource = { urn: base.urn, type: base.type };
    if (this.options.preview) {
      this.record(op, base.urn, base.type, false, replaces);
      // New providers get the unknown id in preview, so references to them are unknown too.
      const id = isProviderType(base.type) ? UNKNOWN : "";
      const outputs = provider.previewOutputs(resource, unwrapSecrets(base.inputs), undefined);
      return { ...base, id, outputs: storedOutputs(outputs, base.inputs, goal) };
    }
    try {
      const created = await provider.create(resource, unwrapSecrets(base.inputs));
      this.record(op, base.urn, base.type, true, replaces);
      return { ...base, id: created.id, outputs: storedOutputs(created.outputs, base.inputs, goal) };
    } catch (error) {
      this.keepHalfInitialised(error, base, goal);
      throw error;
    }
  }

  private async update(
    provider: ResourceProvider,
    old: ResourceState,
    base: ResourceState,
    goal: Goal,
  ): Promise<ResourceState> {
    const resource = { urn: base.urn, type: base.type };
    if (this.options.preview) {
      this.record("update", base.urn, base.type, false);
      const outputs = provider.previewOutputs(resource, unwrapSecrets(base.inputs), {
        outputs: unwrapSecrets(old.outputs),
      });
      return { ...base, id: old.id, outputs: storedOutputs(outputs, base.inputs, goal) };
    }
    try {
      const outputs = await provider.update(
        resource,
        old.id,
        unwrapSecrets(old.inputs),
        unwrapSecrets(old.outputs),
        unwrapSecrets(base.inputs),
      );
      this.record("update", base.urn, base.type, true);
      return { ...base, id: old.id, outputs: storedOutputs(outputs, base.inputs, goal) };
    } catch (error) {
      // A failed update leaves the resource as it was, unless the provider says it is half-initialised.
      if (!this.keepHalfInitialised(error, base, goal)) this.news.set(old.urn, old);
      throw error;
    }
  }

  /** Records a resource the provider created but could not finish (Pulumi's ErrorResourceInitFailed). */
  private keepHalfInitialised(error: unknown, base: ResourceState, goal: Goal): boolean {
    if (!(error instanceof ProviderError) || !error.initFailure) return false;
    const { id, outputs, reasons } = error.initFailure;
    this.news.set(base.urn, {
      ...base,
      id,
      outputs: storedOutputs(outputs, base.inputs, goal),
      initErrors: reasons.length > 0 ? reasons : [error.message],
    });
    return true;
  }

  private baseState(
    urn: string,
    goal: Goal,
    provider: string | undefined,
    inputs: PropertyMap,
  ): ResourceState {
    return {
      urn,
      type: goal.type,
      custom: goal.custom,
      id: "",
      parent: goal.parent,
      provider,
      inputs,
      outputs: {},
      dependencies: goal.dependencies,
      propertyDependencies: goal.propertyDependencies,
      retainOnDelete: goal.retainOnDelete,
      protect: goal.protect,
      deletedWith: goal.deletedWith,
      additionalSecretOutputs: goal.additionalSecretOutputs,
      initErrors: [],
    };
  }

  /**
   * The package's default provider as a reference, registered on first use (by a resource or an invoke)
   * once per package and version.
   */
  defaultProvider(pkg: string, version: string | undefined): Promise<string> {
    const key = `${pkg}@${version ?? ""}`;
    let reference = this.defaultProviders.get(key);
    if (!reference) {
      const inputs = { ...this.options.providers.packageConfig(pkg), ...(version ? { version } : {}) };
      reference = this.register({
        ...DEFAULT_PROVIDER_GOAL,
        type: `pulumi:providers:${pkg}`,
        name: defaultProviderName(version),
        inputs,
      }).then((r) => providerReference(r.urn, r.id));
      this.defaultProviders.set(key, reference);
    }
    return reference;
  }

  /** A provider change replaces the resource only when the package or the provider's region changes. */
  private providerReplaced(oldRef: string | undefined, newRef: string | undefined): boolean {
    if (oldRef === newRef || !oldRef || !newRef) return false;
    const before = this.olds.get(parseProviderReference(oldRef).urn);
    const after = this.news.get(parseProviderReference(newRef).urn);
    if (!before || !after || packageOf(before.type) !== packageOf(after.type)) return true;
    return changedInputs({ region: before.inputs.region }, { region: after.inputs.region });
  }

  /**
   * Ends the run once the program is done: deletes what it no longer registers (not after a failure), in
   * dependency order. In preview the deletes are only planned. Safe to call more than once.
   */
  finish(): Promise<void> {
    this.finished ??= this.deleteUnregistered();
    return this.finished;
  }

  private async deleteUnregistered(): Promise<void> {
    if (this.failures.length > 0) return;
    const doomed = new Set([...this.olds.keys()].filter((urn) => !this.news.has(urn)));
    const replaced = [...this.pendingDeletes].reverse();
    await this.deleteAll([...replaced, ...deleteOrder([...this.olds.values()], doomed)]);
  }

  /** `pulumi destroy`: deletes every resource in state, dependents first. */
  async destroy(): Promise<void> {
    const all = new Set(this.olds.keys());
    await this.deleteAll([
      ...[...this.pendingDeletes].reverse(),
      ...deleteOrder([...this.olds.values()], all),
    ]);
  }

  /**
   * `pulumi refresh`: reads every custom resource through its provider with the stored outputs (and so the
   * stored `__provider`); a resource that no longer exists leaves the state, changed outputs are recorded.
   */
  async refresh(): Promise<void> {
    for (const old of this.olds.values()) {
      if (!old.custom || isProviderType(old.type)) {
        this.news.set(old.urn, old);
        continue;
      }
      try {
        const provider = await this.options.providers.providerFor(old.type);
        const read = await provider.read(
          { urn: old.urn, type: old.type },
          old.id,
          unwrapSecrets(old.inputs),
          unwrapSecrets(old.outputs),
        );
        if (!read) {
          this.deleted.add(old.urn);
          this.record("delete", old.urn, old.type, true);
          continue;
        }
        const outputs = markSecret(annotateSecrets(read.outputs, old.outputs), old.additionalSecretOutputs);
        const inputs = read.inputs ? annotateSecrets(read.inputs, old.inputs) : old.inputs;
        const op = changedInputs(old.outputs, outputs) ? "refresh" : "same";
        this.record(op, old.urn, old.type, true);
        this.news.set(old.urn, { ...old, id: read.id, outputs, inputs });
      } catch (error) {
        this.news.set(old.urn, old);
        this.fail(new StepError(old.urn, `read failed: ${errorMessage(error)}`));
      }
    }
  }

  private async deleteAll(resources: readonly ResourceState[]): Promise<void> {
    for (const resource of resources) {
      if (this.options.preview) {
        this.record("delete", resource.urn, resource.type, false, [], resource.retainOnDelete);
        continue;
      }
      try {
        await this.deleteOne(resource, "delete");
      } catch (error) {
        this.fail(new StepError(resource.urn, `delete failed: ${errorMessage(error)}`));
        return;
      }
    }
  }

  private async deleteOne(resource: ResourceState, op: "delete" | "replace"): Promise<void> {
    if (resource.protect) throw new Error("the resource is protected; unprotect it before deleting it");
    const callsProvider = resource.custom && !resource.retainOnDelete && !isProviderType(resource.type);
    if (callsProvider) {
      const provider = await this.options.providers.providerFor(resource.type);
      await provider.delete(
        { urn: resource.urn, type: resource.type },
        resource.id,
        unwrapSecrets(resource.inputs),
        unwrapSecrets(resource.outputs),
      );
    }
    if (resource.pendingDelete) this.pendingDeletes.splice(this.pendingDeletes.indexOf(resource), 1);
    else this.deleted.add(resource.urn);
    if (op === "delete")
      this.record("delete", resource.urn, resource.type, callsProvider, [], resource.retainOnDelete);
  }

  /**
   * The state to store after the run: this run's registrations and, for what it did not touch, the old
   * resources that were not deleted.
   */
  snapshot(): ResourceState[] {
    const kept = [...this.olds.values()].filter((r) => !this.news.has(r.urn) && !this.deleted.has(r.urn));
    return [...this.news.values(), ...kept, ...this.pendingDeletes];
  }

  private record(
    op: StepRecord["op"],
    urn: string,
    type: string,
    providerCalled: boolean,
    replaces: readonly string[] = [],
    retained = false,
  ): void {
    this.steps.push({ op, urn, type, providerCalled, retained, replaces });
  }
}

function changedInputs(olds: PropertyMap, news: PropertyMap): boolean {
  return !deepEqual(olds, news);
}
