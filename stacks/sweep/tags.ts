/**
 * Tag keys the component writes and the sweep reads, and the EC2 filters built from them.
 * The keys are the component's (RETAINED_TAG, PLATFORM_TAG_KEYS, SWEEP_AFTER_TAG); tags.test.ts checks
 * they still match, so this module stays free of the component's Pulumi imports.
 */
import type { Filter, Tag } from "@aws-sdk/client-ec2";

/** On the VPC, private subnets and runtime security group: kept in AWS when deleted from the stack. */
export const RETAINED_TAG = "agentcore-vpc-platform:retained-on-delete";
/** Written by the SweepMarker when the runtime is deleted: when AWS should have released the ENIs. */
export const SWEEP_AFTER_TAG = "agentcore-vpc-platform:sweep-after";
/** On every resource the platform creates. */
export const OWNER_TAG_KEYS = {
  component: "agentcore-vpc-platform:component",
  stack: "agentcore-vpc-platform:stack",
  project: "agentcore-vpc-platform:project",
} as const;

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
