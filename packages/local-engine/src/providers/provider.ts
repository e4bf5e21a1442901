/**
 * What the engine asks of a resource provider. Values crossing this interface carry no secret envelopes
 * (neither the fake cloud nor the dynamic provider host accepts secrets); the engine unwraps them before a
 * call and marks the results secret again after it, as Pulumi's engine does for such providers.
 */
import type { PropertyMap } from "../wire/values";

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckResult {
  readonly inputs: PropertyMap;
  readonly failures: readonly CheckFailure[];
}

export interface DiffResult {
  /** "unknown": the provider could not say; the engine then compares old and new inputs itself. */
  readonly changes: "some" | "none" | "unknown";
  /** Properties whose change forces a replacement. */
  readonly replaces: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

export interface ReadResult {
  readonly id: string;
  readonly outputs: PropertyMap;
  /** New inputs for later diffs, when the provider returns them. */
  readonly inputs: PropertyMap | undefined;
}

/** One resource operation as a provider sees it. */
export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
}

export interface ResourceProvider {
  /** @param olds the inputs in state, or undefined for a new resource */
  check(resource: ResourceRef, olds: PropertyMap | undefined, news: PropertyMap): Promise<CheckResult>;
  diff(
    resource: ResourceRef,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<DiffResult>;
  /** Only called outside preview. */
  create(resource: ResourceRef, news: PropertyMap): Promise<{ id: string; outputs: PropertyMap }>;
  /** Only called outside preview. */
  update(
    resource: ResourceRef,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap>;
  /** Undefined when the resource no longer exists. */
  read(
    resource: ResourceRef,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
  ): Promise<ReadResult | undefined>;
  delete(resource: ResourceRef, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap): Promise<void>;
  /**
   * Outputs to answer the program with during preview, for a create (`old` undefined) or an update: what is
   * known now, with values the operation would compute missing or unknown.
   */
  previewOutputs(
    resource: ResourceRef,
    news: PropertyMap,
    old: { readonly outputs: PropertyMap } | undefined,
  ): PropertyMap;
}

/**
 * A provider failure. `initFailure` is set when the resource exists but did not finish initialising
 * (Pulumi's ErrorResourceInitFailed): the engine records it in state so the next run can fix or replace it.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly initFailure?: { id: string; outputs: PropertyMap; reasons: readonly string[] },
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
