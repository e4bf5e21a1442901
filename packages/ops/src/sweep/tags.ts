/**
 * EC2 filters over the tags the component writes (their keys are the contract's), so the sweep finds exactly
 * one stack's leftovers.
 */
import type { Filter, Tag } from "@aws-sdk/client-ec2";
import { OWNER_TAG_KEYS, RETAINED_TAG } from "agentcore-vpc-platform-contract";

/** Whose leftovers to look for. */
export interface Ownership {
  /** Short stack name, as the program's `pulumi.getStack()` wrote it (e.g. "dev"). */
  readonly stack: string;
  /** Pulumi project name (Pulumi.yaml `name`). */
  readonly project: string;
  /** Only this component instance (its resource name); all of the stack's when undefined. @default undefined */
  readonly component?: string | undefined;
}

/** Filters matching everything the platform tagged for this stack (and component, when given). */
export function ownershipFilters(owner: Ownership): Filter[] {
  const filters: Filter[] = [
    { Name: `tag:${OWNER_TAG_KEYS.stack}`, Values: [owner.stack] },
    { Name: `tag:${OWNER_TAG_KEYS.project}`, Values: [owner.project] },
  ];
  if (owner.component !== undefined) {
    filters.push({ Name: `tag:${OWNER_TAG_KEYS.component}`, Values: [owner.component] });
  }
  return filters;
}

/** Filters matching the stack's resources that were retained on delete. */
export function retainedFilters(owner: Ownership): Filter[] {
  return [{ Name: `tag:${RETAINED_TAG}`, Values: ["true"] }, ...ownershipFilters(owner)];
}

/** A tag's value, or undefined. */
export function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}
