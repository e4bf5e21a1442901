/** The pack's policies, in the order the README documents them. Importing this starts nothing. */
import type { Policies } from "@pulumi/policy";
import { rootContainersDropCapabilities } from "./ecs/root-containers";
import { noPublicIpOnTasks } from "./ecs/no-public-task-ip";
import { iamNoWildcardActions } from "./iam/no-wildcard-actions";
import { imagesPinnedByDigest } from "./images/images-by-digest";
import { logGroupsHaveRetention } from "./logs/log-retention";
import { internalLoadBalancersOnly } from "./network/internal-load-balancers";
import { noPublicIngress } from "./network/no-public-ingress";
import { runtimeInVpcSupportedAzs } from "./runtime/runtime-vpc";
import { s3BucketsProtected } from "./storage/bucket-protections";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const POLICY_PACK_NAME = "agentcore-vpc-platform-policy";

export const POLICIES = [
  noPublicIngress,
  internalLoadBalancersOnly,
  noPublicIpOnTasks,
  runtimeInVpcSupportedAzs,
  imagesPinnedByDigest,
  rootContainersDropCapabilities,
  s3BucketsProtected,
  iamNoWildcardActions,
  logGroupsHaveRetention,
] as const satisfies Policies;

export {
  iamNoWildcardActions,
  imagesPinnedByDigest,
  internalLoadBalancersOnly,
  logGroupsHaveRetention,
  noPublicIngress,
  noPublicIpOnTasks,
  rootContainersDropCapabilities,
  runtimeInVpcSupportedAzs,
  s3BucketsProtected,
};
