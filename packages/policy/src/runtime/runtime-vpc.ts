/**
 * The AgentCore runtime runs in VPC mode, in subnets whose AZ IDs AgentCore supports. A subnet in any
 * other AZ ID makes the runtime fail minutes into the deploy (CREATE_FAILED). The runtime's inputs carry
 * subnet IDs, which are unknown at preview; the subnets themselves are found through the runtime's
 * property dependencies, which the engine knows at preview too, and their AZ IDs are read from them.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { SUPPORTED_AZ_IDS, supportedAzIds } from "agentcore-vpc-platform";
import { type Finding, reportFindings, type ResourceClass } from "../resource/finding";
import { asList, isUnknown, plainProps } from "../resource/plain";
import { type RuntimeView, runtimeView } from "./runtime-view";

/** Policy configuration (`--policy-pack-config`), for regions AWS supports after this table was written. */
export interface RuntimeVpcConfig {
  /**
   * AZ IDs AgentCore supports, replacing the component's table (the same list as the component's
   * `network.supportedAvailabilityZoneIds`).
   * @default the component's `SUPPORTED_AZ_IDS` for the runtime's region
   */
  readonly supportedAvailabilityZoneIds?: readonly string[];
}

const SUBNET_CLASSES: readonly ResourceClass[] = [aws.ec2.Subnet, aws.ec2.DefaultSubnet];

/**
 * The AZ IDs a runtime may use: the configured list, else the component's table for its region, else
 * (region unknown) every ID of the table, which is safe because AZ IDs are unique across regions.
 * @returns undefined when the region is known but has no entry and nothing is configured
 */
export function allowedAzIds(region: unknown, override?: readonly string[]): readonly string[] | undefined {
  if (typeof region === "string") return supportedAzIds(region, override);
  return override && override.length > 0 ? override : Object.values(SUPPORTED_AZ_IDS).flat();
}

/** A subnet the runtime depends on: its name and AZ ID as the stack records them. */
export interface RuntimeSubnet {
  readonly type: string;
  readonly name: string;
  readonly availabilityZoneId: unknown;
}

/** Findings for one runtime, given the subnets its subnet input came from. */
export function runtimeVpcFindings(
  view: RuntimeView,
  subnets: readonly RuntimeSubnet[],
  config: RuntimeVpcConfig = {},
): Finding[] {
  const findings: Finding[] = [];
  const vpcFix =
    "run the runtime in VPC mode with the platform's private subnets (AgentCoreVpcPlatform does) and its security group";
  if (!isUnknown(view.networkMode) && view.networkMode !== "VPC") {
    findings.push({
      problem: `runs in network mode ${JSON.stringify(view.networkMode ?? null)}, not VPC`,
      fix: vpcFix,
    });
    return findings;
  }
  if (!isUnknown(view.subnetIds) && asList(view.subnetIds).length === 0) {
    findings.push({ problem: "has no subnets, so it cannot run in VPC mode", fix: vpcFix });
  }
  if (!isUnknown(view.securityGroupIds) && asList(view.securityGroupIds).length === 0) {
    findings.push({ problem: "has no security groups, so it cannot run in VPC mode", fix: vpcFix });
  }
  const allowed = allowedAzIds(view.region, config.supportedAvailabilityZoneIds);
  if (allowed === undefined) {
    findings.push({
      problem: `the region ${String(view.region)} has no table of AgentCore's supported AZ IDs (known: ${Object.keys(SUPPORTED_AZ_IDS).join(", ")})`,
      fix:
        "set this policy's `supportedAvailabilityZoneIds` (--policy-pack-config) to the AZ IDs AWS lists for the region, " +
        "the same list as the component's network.supportedAvailabilityZoneIds",
    });
    return findings;
  }
  for (const subnet of subnets) {
    const id = subnet.availabilityZoneId;
    // Unknown or not yet reported (a subnet placed by AZ name, at preview): the update checks it.
    if (typeof id !== "string" || allowed.includes(id)) continue;
    findings.push({
      problem: `its subnet ${subnet.type} "${subnet.name}" is in AZ ID ${id}, where AgentCore does not support VPC mode (supported: ${allowed.join(", ")})`,
      fix: `place the runtime's subnets in supported AZ IDs (AgentCoreVpcPlatform network.availabilityZoneIds, e.g. [${allowed.slice(0, 2).join(", ")}])`,
    });
  }
  const given = view.subnetIds;
  const outside =
    Array.isArray(given) && given.every((s) => typeof s === "string") ? given.length - subnets.length : 0;
  if (Array.isArray(given) && outside > 0) {
    findings.push({
      problem: `${outside} of its ${given.length} subnets ${outside === 1 ? "is" : "are"} not created in this stack, so their AZ IDs cannot be checked`,
      fix: "create the runtime's subnets in the same program (AgentCoreVpcPlatform does), so the policy can see their AZ IDs",
    });
  }
  return findings;
}

function subnetsOf(runtime: PolicyResource, property: string): RuntimeSubnet[] {
  return (runtime.propertyDependencies[property] ?? [])
    .filter((d) => SUBNET_CLASSES.some((c) => d.isType(c)))
    .map((d) => ({
      type: d.type,
      name: d.name,
      availabilityZoneId: plainProps(d.props)["availabilityZoneId"],
    }));
}

export const runtimeInVpcSupportedAzs: StackValidationPolicy = {
  name: "runtime-in-vpc-supported-azs",
  description:
    "The AgentCore runtime runs in VPC mode, with subnets and security groups, and every subnet is in an AZ ID AgentCore supports.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      supportedAvailabilityZoneIds: { type: "array", items: { type: "string" }, minItems: 1 },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<RuntimeVpcConfig>();
    for (const resource of args.resources) {
      const view = runtimeView(resource.type, plainProps(resource.props));
      if (!view) continue;
      const findings = runtimeVpcFindings(view, subnetsOf(resource, view.subnetsProperty), config);
      reportFindings(resource, findings, reportViolation);
    }
  },
};
