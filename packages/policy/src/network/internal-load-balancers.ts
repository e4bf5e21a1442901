/** Every load balancer is internal: the executor is reached only from inside the VPC. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Finding, validateResourceWith } from "../resource/finding";
import { isUnknown, type PlainProps } from "../resource/plain";

/** `internal` must be true; AWS makes a load balancer internet-facing when it is unset. */
export function internalLoadBalancerFindings(props: PlainProps): Finding[] {
  const internal = props["internal"];
  if (internal === true || isUnknown(internal)) return [];
  return [
    {
      problem:
        internal === undefined
          ? "`internal` is not set, so AWS makes the load balancer internet-facing"
          : `\`internal\` is ${JSON.stringify(internal)}: the load balancer is internet-facing`,
      fix: "set `internal: true` and place it in private subnets; callers inside the VPC reach it by its DNS name",
    },
  ];
}

export const internalLoadBalancersOnly: ResourceValidationPolicy = {
  name: "internal-load-balancers-only",
  description: "Load balancers are internal (no internet-facing ALB, NLB or Classic Load Balancer).",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.lb.LoadBalancer, check: internalLoadBalancerFindings },
    { resource: aws.alb.LoadBalancer, check: internalLoadBalancerFindings },
    { resource: aws.elb.LoadBalancer, check: internalLoadBalancerFindings },
  ]),
};
