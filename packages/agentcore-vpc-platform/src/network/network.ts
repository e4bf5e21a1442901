import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NormalizedPlatformArgs } from "../normalize";
import { PlatformArgumentError } from "../errors";
import { type AvailabilityZone, AzSelectionError, selectAvailabilityZones, zonesFromLookup } from "./az";
import { planSubnets } from "./cidr";
import {
  endpointServiceName,
  endpointZoneIndexes,
  interfaceEndpointServices,
  natGatewayCount,
  planSecurityGroupRules,
  type RulePeer,
  SECURITY_GROUP_ROLES,
  type SecurityGroupRole,
} from "./plan";

/** Tag on resources kept in AWS when deleted from the stack (see `retainOnDelete`). */
export const RETAINED_TAG = "agentcore-vpc-platform:retained-on-delete";

/** Normalized network arguments (see `normalizeArgs`), plus what the platform adds. */
export type PlatformNetworkArgs = NormalizedPlatformArgs["network"] & {
  /** Name of the owning platform, used in error messages. */
  readonly platformName: string;
  readonly tags: Readonly<Record<string, string>>;
};

/**
 * The platform's VPC: private subnets in supported AZ IDs, optional NAT, the S3 gateway endpoint,
 * interface endpoints with private DNS, and the four security groups with exactly the planned rules.
 * Takes normalized arguments; `AgentCoreVpcPlatform` validates them first.
 */
export class PlatformNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** The chosen zones (ID and this account's name), in subnet order. */
  readonly availabilityZones: pulumi.Output<AvailabilityZone[]>;
  readonly availabilityZoneIds: pulumi.Output<string[]>;
  readonly region: pulumi.Output<string>;
  readonly securityGroupIds: Readonly<Record<SecurityGroupRole, pulumi.Output<string>>>;
  readonly natGatewayIds: pulumi.Output<string[]>;

  constructor(name: string, args: PlatformNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:network:PlatformNetwork", name, {}, opts);
    const parent = { parent: this };
    const tagged = (resourceName: string, extra: Record<string, string> = {}) => ({
      ...args.tags,
      Name: resourceName,
      ...extra,
    });
    const retained: Record<string, string> = args.retainOnDelete ? { [RETAINED_TAG]: "true" } : {};

    const region = aws.getRegionOutput({}, parent).region;
    const lookup = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] },
      parent,
    );
    // Throwing here fails `pulumi preview`: the lookup is an invoke, which runs during preview too.
    const zones = pulumi.all([region, lookup]).apply(([regionName, result]) => {
      try {
        return selectAvailabilityZones({
          region: regionName,
          accountZones: zonesFromLookup(result),
          requestedIds: args.availabilityZoneIds,
          count: args.availabilityZoneCount,
          supportedOverride: args.supportedAvailabilityZoneIds,
        });
      } catch (error) {
        if (error instanceof AzSelectionError) {
          throw new PlatformArgumentError(args.platformName, [{ path: error.path, reason: error.message }]);
        }
        throw error;
      }
    });

    const plan = planSubnets(args.cidrBlock, args.availabilityZoneCount);
    const azIndexes = [...Array(args.availabilityZoneCount).keys()];
    const retain = { ...parent, retainOnDelete: args.retainOnDelete };

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tagged(`${name}-vpc`, retained),
      },
      retain,
    );

    const privateSubnets = azIndexes.map(
      (i) =>
        new aws.ec2.Subnet(
          `${name}-private-${i}`,
          {
            vpcId: vpc.id,
            cidrBlock: plan.private[i],
            availabilityZoneId: zones.apply((z) => (z[i] as AvailabilityZone).id),
            mapPublicIpOnLaunch: false,
            tags: tagged(`${name}-private-${i}`, { "agentcore-vpc-platform:tier": "private", ...retained }),
          },
          retain,
        ),
    );

    const natCount = natGatewayCount(args.natGateways, args.availabilityZoneCount);
    const natGateways: aws.ec2.NatGateway[] = [];
    const publicSubnets: aws.ec2.Subnet[] = [];
    if (natCount > 0) {
      const igw = new aws.ec2.InternetGateway(
        `${name}-igw`,
        { vpcId: vpc.id, tags: tagged(`${name}-igw`) },
        parent,
      );
      const publicRouteTable = new aws.ec2.RouteTable(
        `${name}-public`,
        { vpcId: vpc.id, tags: tagged(`${name}-public`) },
        parent,
      );
      new aws.ec2.Route(
        `${name}-public-internet`,
        { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
        parent,
      );
      for (const i of azIndexes) {
        const subnet = new aws.ec2.Subnet(
          `${name}-public-${i}`,
          {
            vpcId: vpc.id,
            cidrBlock: plan.public[i],
            availabilityZoneId: zones.apply((z) => (z[i] as AvailabilityZone).id),
            mapPublicIpOnLaunch: false,
            tags: tagged(`${name}-public-${i}`, { "agentcore-vpc-platform:tier": "public" }),
          },
          parent,
        );
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${i}`,
          { subnetId: subnet.id, routeTableId: publicRouteTable.id },
          parent,
        );
        publicSubnets.push(subnet);
      }
      for (let i = 0; i < natCount; i++) {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${i}`,
          { domain: "vpc", tags: tagged(`${name}-nat-${i}`) },
          parent,
        );
        natGateways.push(
          new aws.ec2.NatGateway(
            `${name}-nat-${i}`,
            {
              allocationId: eip.id,
              subnetId: (publicSubnets[i] as aws.ec2.Subnet).id,
              tags: tagged(`${name}-nat-${i}`),
            },
            { ...parent, dependsOn: [igw] },
          ),
        );
      }
    }

    const privateRouteTables = azIndexes.map((i) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-${i}`,
        { vpcId: vpc.id, tags: tagged(`${name}-private-${i}`) },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}`,
        { subnetId: (privateSubnets[i] as aws.ec2.Subnet).id, routeTableId: table.id },
        parent,
      );
      if (natGateways.length > 0) {
        const nat = natGateways[natGateways.length === 1 ? 0 : i] as aws.ec2.NatGateway;
        new aws.ec2.Route(
          `${name}-private-${i}-nat`,
          { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
          parent,
        );
      }
      return table;
    });

    // Image layers come from S3: runtimes created after May 2026 get no service-managed S3 path.
    const s3Endpoint = new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: region.apply((r) => endpointServiceName(r, "s3")),
        vpcEndpointType: "Gateway",
        routeTableIds: privateRouteTables.map((t) => t.id),
        tags: tagged(`${name}-s3`),
      },
      parent,
    );

    const groups = {} as Record<SecurityGroupRole, aws.ec2.SecurityGroup>;
    for (const role of SECURITY_GROUP_ROLES) {
      const isRuntime = role === "runtime";
      groups[role] = new aws.ec2.SecurityGroup(
        `${name}-${role}`,
        {
          vpcId: vpc.id,
          description: `agentcore-vpc-platform ${name}: ${role}`,
          // Rules are separate resources (below); removing them on delete avoids cross-group deadlocks.
          revokeRulesOnDelete: true,
          tags: tagged(`${name}-${role}`, isRuntime ? retained : {}),
        },
        isRuntime ? retain : parent,
      );
    }
    const peerArgs = (peer: RulePeer) =>
      "group" in peer
        ? { referencedSecurityGroupId: groups[peer.group].id }
        : "s3PrefixList" in peer
          ? { prefixListId: s3Endpoint.prefixListId }
          : { cidrIpv4: "0.0.0.0/0" };
    for (const rule of planSecurityGroupRules(args.natGateways)) {
      const peerName =
        "group" in rule.peer ? rule.peer.group : "s3PrefixList" in rule.peer ? "s3" : "anywhere";
      const ruleName = `${name}-${rule.group}-${rule.direction}-${peerName}-${rule.port}`;
      const ruleArgs = {
        securityGroupId: groups[rule.group].id,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
        tags: tagged(ruleName),
        ...peerArgs(rule.peer),
      };
      if (rule.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(ruleName, ruleArgs, parent);
      else new aws.vpc.SecurityGroupEgressRule(ruleName, ruleArgs, parent);
    }

    const privateSubnetIds = privateSubnets.map((s) => s.id);
    for (const service of interfaceEndpointServices(args.natGateways)) {
      const endpointName = `${name}-${service.replace(/\./g, "-")}`;
      const serviceName = region.apply((r) => endpointServiceName(r, service));
      // An invoke, so a service missing from all our zones fails the preview, not the update.
      const offeredIn = aws.ec2.getVpcEndpointServiceOutput({ serviceName }, parent).availabilityZones;
      const zoneIndexes = pulumi.all([offeredIn, zones]).apply(([names, chosen]) => {
        try {
          return endpointZoneIndexes(service, names, chosen);
        } catch (error) {
          throw new PlatformArgumentError(args.platformName, [
            { path: "network.availabilityZoneIds", reason: (error as Error).message },
          ]);
        }
      });
      new aws.ec2.VpcEndpoint(
        endpointName,
        {
          vpcId: vpc.id,
          serviceName,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: pulumi
            .all([zoneIndexes, pulumi.all(privateSubnetIds)])
            .apply(([indexes, ids]) => indexes.map((i) => ids[i] as string)),
          securityGroupIds: [groups.endpoints.id],
          tags: tagged(endpointName),
        },
        parent,
      );
    }

    this.vpcId = vpc.id;
    this.privateSubnetIds = pulumi.all(privateSubnetIds);
    this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
    this.availabilityZones = zones;
    this.availabilityZoneIds = zones.apply((z) => z.map((zone) => zone.id));
    this.region = region;
    this.securityGroupIds = {
      endpoints: groups.endpoints.id,
      runtime: groups.runtime.id,
      alb: groups.alb.id,
      executor: groups.executor.id,
    };
    this.natGatewayIds = pulumi.all(natGateways.map((n) => n.id));
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      availabilityZoneIds: this.availabilityZoneIds,
    });
  }
}
