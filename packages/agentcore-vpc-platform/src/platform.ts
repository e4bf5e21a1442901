import * as pulumi from "@pulumi/pulumi";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { PlatformNetwork } from "./network/network";
import { normalizeArgs, type NormalizedPlatformArgs } from "./normalize";

/** Tag keys the platform puts on every resource that takes tags. */
export const PLATFORM_TAG_KEYS = {
  component: "agentcore-vpc-platform:component",
  stack: "agentcore-vpc-platform:stack",
  project: "agentcore-vpc-platform:project",
} as const;

/**
 * A private data-analysis agent platform on Amazon Bedrock AgentCore Runtime in VPC mode.
 *
 * Arguments are validated before any resource is created; AZ IDs are checked against the account's
 * zones during `pulumi preview`. Every child is parented to this component and named after it, so
 * several platforms can live in one program.
 */
export class AgentCoreVpcPlatform extends pulumi.ComponentResource {
  /** Arguments after validation and defaults. */
  readonly settings: NormalizedPlatformArgs;
  readonly network: PlatformNetwork;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** AZ IDs of the private subnets, in subnet order. */
  readonly availabilityZoneIds: pulumi.Output<string[]>;

  constructor(name: string, args: AgentCoreVpcPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:index:AgentCoreVpcPlatform", name, {}, opts);
    this.settings = normalizeArgs(name, args);
    const tags = {
      ...this.settings.tags,
      [PLATFORM_TAG_KEYS.component]: name,
      [PLATFORM_TAG_KEYS.stack]: pulumi.getStack(),
      [PLATFORM_TAG_KEYS.project]: pulumi.getProject(),
    };

    this.network = new PlatformNetwork(
      name,
      { platformName: name, ...this.settings.network, tags },
      { parent: this },
    );
    this.vpcId = this.network.vpcId;
    this.privateSubnetIds = this.network.privateSubnetIds;
    this.availabilityZoneIds = this.network.availabilityZoneIds;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      availabilityZoneIds: this.availabilityZoneIds,
    });
  }
}
