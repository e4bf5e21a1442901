/**
 * The policy pack `pulumi preview|up --policy-pack packages/policy` loads. Constructing the pack starts its
 * gRPC server (one pack per process), so tests import `./policies` instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
  description:
    "The invariants of agentcore-vpc-platform: private network, pinned images, protected data, least privilege.",
  enforcementLevel: "mandatory",
  policies: [...POLICIES],
});
