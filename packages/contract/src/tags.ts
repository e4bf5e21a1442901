/** Tag keys the component writes and the operator tools (sweep, doctor) read. */

/** On every resource the platform creates that takes tags: who owns it. */
export const OWNER_TAG_KEYS = {
  /** The component's resource name. */
  component: "agentcore-vpc-platform:component",
  /** The short stack name (`pulumi.getStack()`). */
  stack: "agentcore-vpc-platform:stack",
  /** The Pulumi project name. */
  project: "agentcore-vpc-platform:project",
} as const;

/** `"true"` on the VPC, private subnets and runtime security group: kept in AWS when deleted from the stack. */
export const RETAINED_TAG = "agentcore-vpc-platform:retained-on-delete";

/** ISO-8601 time after which AWS should have released a deleted runtime's ENIs; written on delete. */
export const SWEEP_AFTER_TAG = "agentcore-vpc-platform:sweep-after";

/** `"private"` or `"public"` on each subnet. */
export const SUBNET_TIER_TAG = "agentcore-vpc-platform:tier";
