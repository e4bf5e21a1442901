/** No security group admits traffic from the whole internet (`0.0.0.0/0` or `::/0`). */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Finding, validateResourceWith } from "../resource/finding";
import { asList, asRecord, type PlainProps } from "../resource/plain";

/**
 * Whether a CIDR block covers every address: a `/0` prefix, whatever address is written before it
 * (`0.0.0.0/0`, `::/0`, `0::0/0`). Unknown values are not CIDR strings and never match.
 */
export function isWholeAddressSpace(cidr: unknown): boolean {
  return typeof cidr === "string" && /\/0+$/.test(cidr.trim());
}

const FIX =
  "admit only the security groups (referencedSecurityGroupId / sourceSecurityGroupId) or private CIDR " +
  "blocks that must reach this port; the platform's load balancer is internal and reached from the runtime's " +
  "security group only";

function openBlocks(...lists: unknown[]): string[] {
  return lists.flatMap((list) => asList(list)).filter(isWholeAddressSpace) as string[];
}

function portRange(rule: PlainProps): string {
  const protocol = String(rule["protocol"] ?? rule["ipProtocol"] ?? "?");
  const from = rule["fromPort"];
  const to = rule["toPort"];
  if (protocol === "-1" || protocol === "all") return "all traffic";
  return from === to ? `${protocol} port ${String(from)}` : `${protocol} ports ${String(from)}-${String(to)}`;
}

function finding(blocks: readonly string[], rule: PlainProps, where: string): Finding {
  return {
    problem: `${where} admits ${portRange(rule)} from ${blocks.join(" and ")} (the whole internet)`,
    fix: FIX,
  };
}

/** Inline `ingress` blocks of a security group (also a VPC's default security group). */
export function inlineIngressFindings(props: PlainProps): Finding[] {
  return asList(props["ingress"]).flatMap((entry, index) => {
    const rule = asRecord(entry);
    if (!rule) return [];
    const blocks = openBlocks(rule["cidrBlocks"], rule["ipv6CidrBlocks"]);
    return blocks.length > 0 ? [finding(blocks, rule, `inline ingress rule ${index}`)] : [];
  });
}

/** A standalone `aws.vpc.SecurityGroupIngressRule` (one CIDR per rule). */
export function ingressRuleFindings(props: PlainProps): Finding[] {
  const blocks = openBlocks(props["cidrIpv4"], props["cidrIpv6"]);
  return blocks.length > 0 ? [finding(blocks, props, "the ingress rule")] : [];
}

/** An `aws.ec2.SecurityGroupRule`, which is an ingress rule when `type` is "ingress". */
export function securityGroupRuleFindings(props: PlainProps): Finding[] {
  if (props["type"] !== "ingress") return [];
  const blocks = openBlocks(props["cidrBlocks"], props["ipv6CidrBlocks"]);
  return blocks.length > 0 ? [finding(blocks, props, "the ingress rule")] : [];
}

export const noPublicIngress: ResourceValidationPolicy = {
  name: "no-public-ingress",
  description:
    "Security groups admit no traffic from 0.0.0.0/0 or ::/0 (inline ingress, aws.vpc.SecurityGroupIngressRule, aws.ec2.SecurityGroupRule).",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.ec2.SecurityGroup, check: inlineIngressFindings },
    { resource: aws.ec2.DefaultSecurityGroup, check: inlineIngressFindings },
    { resource: aws.vpc.SecurityGroupIngressRule, check: ingressRuleFindings },
    { resource: aws.ec2.SecurityGroupRule, check: securityGroupRuleFindings },
  ]),
};
