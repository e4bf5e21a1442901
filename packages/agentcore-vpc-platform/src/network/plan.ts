import type { NatGatewayMode } from "../args";
import { PORTS } from "agentcore-vpc-platform-contract";

/** Interface endpoints every platform gets: image pulls, logs, model calls, role credentials. */
export const CORE_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "bedrock-runtime", "sts"] as const;
/**
 * Extra interface endpoints when there is no NAT: without a route out, the runtime's OpenTelemetry
 * traces (X-Ray) and metrics (CloudWatch) would fail silently.
 */
export const NO_NAT_INTERFACE_ENDPOINTS = ["xray", "monitoring"] as const;

/** Services reached through interface endpoints for a NAT mode, in creation order. */
export function interfaceEndpointServices(natGateways: NatGatewayMode): string[] {
  return natGateways === "none"
    ? [...CORE_INTERFACE_ENDPOINTS, ...NO_NAT_INTERFACE_ENDPOINTS]
    : [...CORE_INTERFACE_ENDPOINTS];
}

/** The PrivateLink service name of an AWS service in a region. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * Which of the platform's zones (by index) an interface endpoint can use: those the endpoint service is
 * offered in. Not every service is in every AZ, and an endpoint given a subnet in any other AZ fails to create.
 * @param serviceZoneNames AZ names the service lists (`aws.ec2.getVpcEndpointService`), in this account's names
 * @throws Error naming the service, its zones and ours when it is offered in none of them
 */
export function endpointZoneIndexes(
  service: string,
  serviceZoneNames: readonly string[],
  zones: readonly { readonly name: string; readonly id: string }[],
): number[] {
  const indexes = zones.flatMap((zone, i) => (serviceZoneNames.includes(zone.name) ? [i] : []));
  if (indexes.length === 0) {
    throw new Error(
      `the ${service} VPC endpoint service is offered in ${serviceZoneNames.join(", ") || "no zones"} of this ` +
        `account, none of the platform's zones (${zones.map((z) => `${z.name} = ${z.id}`).join(", ")}): ` +
        `choose network.availabilityZoneIds that include one of its zones.`,
    );
  }
  return indexes;
}

/** How many NAT gateways a mode creates for a number of AZs. */
export function natGatewayCount(natGateways: NatGatewayMode, azCount: number): number {
  switch (natGateways) {
    case "none":
      return 0;
    case "single":
      return 1;
    case "perAz":
      return azCount;
  }
}

export const HTTPS_PORT = 443;

export type SecurityGroupRole = "endpoints" | "runtime" | "alb" | "executor";
export const SECURITY_GROUP_ROLES: readonly SecurityGroupRole[] = ["endpoints", "runtime", "alb", "executor"];

/** The other side of a rule: another platform group, the S3 prefix list, or anywhere (egress only). */
export type RulePeer =
  { readonly group: SecurityGroupRole } | { readonly s3PrefixList: true } | { readonly anywhere: true };

export interface SecurityGroupRule {
  readonly group: SecurityGroupRole;
  readonly direction: "ingress" | "egress";
  readonly port: number;
  readonly peer: RulePeer;
  readonly description: string;
}

/**
 * Every security group rule of the platform, TCP only. Groups start with no rules (the default
 * allow-all egress is removed), so this list is the whole truth. No ingress admits 0.0.0.0/0.
 */
export function planSecurityGroupRules(natGateways: NatGatewayMode): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [
    {
      group: "endpoints",
      direction: "ingress",
      port: HTTPS_PORT,
      peer: { group: "runtime" },
      description: "AWS APIs from the AgentCore runtime",
    },
    {
      group: "endpoints",
      direction: "ingress",
      port: HTTPS_PORT,
      peer: { group: "executor" },
      description: "AWS APIs from executor tasks",
    },
    {
      group: "alb",
      direction: "ingress",
      port: PORTS.albListener,
      peer: { group: "runtime" },
      description: "Executor API from the AgentCore runtime",
    },
    {
      group: "executor",
      direction: "ingress",
      port: PORTS.executor,
      peer: { group: "alb" },
      description: "Executor API from the internal ALB",
    },
    {
      group: "runtime",
      direction: "egress",
      port: HTTPS_PORT,
      peer: { group: "endpoints" },
      description: "AWS APIs through interface endpoints",
    },
    {
      group: "runtime",
      direction: "egress",
      port: HTTPS_PORT,
      peer: { s3PrefixList: true },
      description: "S3 through the gateway endpoint",
    },
    {
      group: "runtime",
      direction: "egress",
      port: PORTS.albListener,
      peer: { group: "alb" },
      description: "Executor API through the internal ALB",
    },
    {
      group: "alb",
      direction: "egress",
      port: PORTS.executor,
      peer: { group: "executor" },
      description: "Executor tasks",
    },
    {
      group: "executor",
      direction: "egress",
      port: HTTPS_PORT,
      peer: { group: "endpoints" },
      description: "AWS APIs through interface endpoints",
    },
    {
      group: "executor",
      direction: "egress",
      port: HTTPS_PORT,
      peer: { s3PrefixList: true },
      description: "S3 through the gateway endpoint",
    },
  ];
  if (natGateways !== "none") {
    // The agent may call HTTPS APIs that have no endpoint here; executor tasks run model-written code
    // and get no route out on purpose.
    rules.push({
      group: "runtime",
      direction: "egress",
      port: HTTPS_PORT,
      peer: { anywhere: true },
      description: "HTTPS through the NAT gateway",
    });
  }
  return rules;
}
