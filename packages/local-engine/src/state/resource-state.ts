import type { PropertyMap } from "../wire/values";

/** One resource as the engine records it between runs (the fields of a Pulumi checkpoint the engine uses). */
export interface ResourceState {
  readonly urn: string;
  readonly type: string;
  /** False for component resources (and the stack), which have no provider and no id. */
  readonly custom: boolean;
  /** Provider-assigned id; "" for components. */
  readonly id: string;
  readonly parent: string | undefined;
  /** `<provider urn>::<provider id>` for custom resources other than providers. */
  readonly provider: string | undefined;
  /** Inputs after the provider's Check (secret envelopes kept). */
  readonly inputs: PropertyMap;
  /** Outputs as last created, updated or read (secret envelopes kept). */
  readonly outputs: PropertyMap;
  /** URNs this resource depends on (explicit and implicit). */
  readonly dependencies: readonly string[];
  /** Input property name → URNs it depends on. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Deleting the stack leaves the cloud resource in place and only drops it from state. */
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
  /** URN of the resource whose deletion deletes this one. */
  readonly deletedWith: string | undefined;
  readonly additionalSecretOutputs: readonly string[];
  /** Why the last create or update left the resource half-initialised, if it did. */
  readonly initErrors: readonly string[];
  /**
   * The old half of a create-before-delete replacement whose delete has not happened yet: the next run
   * deletes it (its URN is shared with the resource that replaced it).
   * @default false
   */
  readonly pendingDelete?: boolean;
}

/** Every URN a resource depends on, for ordering: dependencies, parent, provider, property dependencies. */
export function dependencyUrns(resource: ResourceState): string[] {
  const urns = new Set<string>(resource.dependencies);
  if (resource.parent) urns.add(resource.parent);
  if (resource.provider) urns.add(resource.provider.slice(0, resource.provider.lastIndexOf("::")));
  for (const deps of Object.values(resource.propertyDependencies)) for (const urn of deps) urns.add(urn);
  if (resource.deletedWith) urns.add(resource.deletedWith);
  urns.delete(resource.urn);
  return [...urns];
}

/**
 * Resources in an order where each comes after everything it depends on (creation order); ties keep the
 * given order. Dependencies on resources outside the list are ignored.
 */
export function dependencyOrder(resources: readonly ResourceState[]): ResourceState[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const order: ResourceState[] = [];
  const visit = (resource: ResourceState) => {
    if (placed.has(resource.urn)) return;
    if (visiting.has(resource.urn)) throw new Error(`dependency cycle through ${resource.urn}`);
    visiting.add(resource.urn);
    for (const urn of dependencyUrns(resource)) {
      const dependency = byUrn.get(urn);
      if (dependency) visit(dependency);
    }
    visiting.delete(resource.urn);
    placed.add(resource.urn);
    order.push(resource);
  };
  for (const resource of resources) visit(resource);
  return order;
}

/**
 * The order to delete some of a snapshot's resources: every resource before anything it depends on, also
 * through resources that stay. The whole snapshot is ordered first so indirect dependencies count.
 * @param snapshot every resource in state
 * @param doomed URNs to delete
 */
export function deleteOrder(
  snapshot: readonly ResourceState[],
  doomed: ReadonlySet<string>,
): ResourceState[] {
  return dependencyOrder(snapshot)
    .reverse()
    .filter((r) => doomed.has(r.urn));
}
