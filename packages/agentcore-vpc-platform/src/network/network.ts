import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  OWNER_TAG_KEYS,
  RETAINED_TAG,
  SUBNET_TIER_TAG,
  SWEEP_AFTER_TAG,
} from "agentcore-vpc-platform-contract";
import { PlatformArgumentError } from "../errors";
import type { NormalizedNetworkArgs } from "../normalize";
import { type AvailabilityZone, AzSelectionError, selectAvailabilityZones, zonesFromLookup } from "./az";
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
import { type ExistingSubnet, placeZones, type ZonePlacement } from "./zones";

type Tags = Readonly<Record<string, string>>;

/** The network's settings (normalized by `normalizeArgs`) and the platform's tags. */
export interface PlatformNetworkArgs {
  readonly settings: NormalizedNetworkArgs;
  /** Tags for every resource, the owner tags (`OWNER_TAG_KEYS`) among them: subnets are found by them. */
  readonly tags: Tags;
}

/** One zone of the platform: where it is, and its private tier. */
interface ZoneRecord {
  readonly index: number;
  readonly placement: pulumi.Output<ZonePlacement>;
  readonly privateSubnet: aws.ec2.Subnet;
  readonly privateRouteTable: aws.ec2.RouteTable;
}

const ANYWHERE = "0.0.0.0/0";

/**
 * The platform's VPC: private subnets in supported AZ IDs, optional NAT, the S3 gateway endpoint, interface
 * endpoints with private DNS, and the four security groups with exactly the planned rules.
 */
export class PlatformNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The zones (ID and this account's name), in subnet order. */
  readonly availabilityZones: pulumi.Output<AvailabilityZone[]>;
  readonly availabilityZoneIds: pulumi.Output<string[]>;
  readonly region: pulumi.Output<string>;
  readonly securityGroupIds: Readonly<Record<SecurityGroupRole, pulumi.Output<string>>>;

  private readonly platformName: string;
  private readonly settings: NormalizedNetworkArgs;
  private readonly tags: Tags;

  /** @param name the platform's name: it prefixes every child and is the owner tag subnets are found by */
  constructor(name: string, args: PlatformNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:network:PlatformNetwork", name, {}, opts);
    this.platformName = name;
    this.settings = args.settings;
    this.tags = args.tags;

    this.region = aws.getRegionOutput({}, { parent: this }).region;
    const zones = this.selectZones();
    const vpc = this.createVpc();
    const azs = this.createPrivateTier(vpc, this.placeZones(zones));
    const natGateways = this.createNat(vpc, azs);
    this.routePrivateTier(azs, natGateways);
    const s3Endpoint = this.createS3Endpoint(vpc, azs);
    const groups = this.createSecurityGroups(vpc, s3Endpoint);
    this.createInterfaceEndpoints(vpc, azs, groups.endpoints);

    const placements = pulumi.all(azs.map((az) => az.placement));
    this.vpcId = vpc.id;
    this.privateSubnetIds = pulumi.all(azs.map((az) => az.privateSubnet.id));
    this.availabilityZones = placements.apply((all) => all.map((p) => p.zone));
    this.availabilityZoneIds = placements.apply((all) => all.map((p) => p.zone.id));
    this.securityGroupIds = {
      endpoints: groups.endpoints.id,
      runtime: groups.runtime.id,
      alb: groups.alb.id,
      executor: groups.executor.id,
    };
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      availabilityZoneIds: this.availabilityZoneIds,
    });
  }

  /** Tags of a resource named `resourceName`, plus `extra`. */
  private tagged(resourceName: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.tags, Name: resourceName, ...extra };
  }

  /** The retained-on-delete tag and option, for what the runtime's lingering ENIs block. */
  private retained() {
    const keep = this.settings.retainOnDelete;
    const tags: Record<string, string> = keep ? { [RETAINED_TAG]: "true" } : {};
    return { tags, opts: { parent: this, retainOnDelete: keep } };
  }

  private argumentError(propertyPath: string, reason: string): PlatformArgumentError {
    return new PlatformArgumentError(this.platformName, [{ propertyPath, reason }]);
  }

  /** Validates or picks the zones against the account's AZ map. An invoke, so a bad ID fails the preview. */
  private selectZones(): pulumi.Output<AvailabilityZone[]> {
    const lookup = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] },
      { parent: this },
    );
    return pulumi.all([this.region, lookup]).apply(([region, result]) => {
      try {
        return selectAvailabilityZones({
          region,
          accountZones: zonesFromLookup(result),
          requestedIds: this.settings.availabilityZoneIds,
          count: this.settings.availabilityZoneCount,
          supportedOverride: this.settings.supportedAvailabilityZoneIds,
        });
      } catch (error) {
        if (error instanceof AzSelectionError) throw this.argumentError(error.path, error.message);
        throw error;
      }
    });
  }

  /** This platform's subnets already in the account (found by the owner tags), so zones keep their blocks. */
  private existingSubnets(): pulumi.Output<ExistingSubnet[]> {
    const owner = [OWNER_TAG_KEYS.component, OWNER_TAG_KEYS.stack, OWNER_TAG_KEYS.project];
    const found = aws.ec2.getSubnetsOutput(
      { filters: owner.map((key) => ({ name: `tag:${key}`, values: [String(this.tags[key])] })) },
      { parent: this },
    );
    return found.ids.apply((ids) =>
      pulumi
        .all((ids ?? []).map((id) => aws.ec2.getSubnetOutput({ id }, { parent: this })))
        .apply((subnets) =>
          subnets.map((s): ExistingSubnet => {
            const tier = s.tags[SUBNET_TIER_TAG];
            const index = /-(?:private|public)-(\d+)$/.exec(s.tags["Name"] ?? "")?.[1];
            return {
              vpcId: s.vpcId,
              cidrBlock: s.cidrBlock,
              availabilityZoneId: s.availabilityZoneId,
              tier: tier === "private" || tier === "public" ? tier : undefined,
              index: index === undefined ? undefined : Number(index),
              stamped: SWEEP_AFTER_TAG in s.tags,
            };
          }),
        ),
    );
  }

  private placeZones(zones: pulumi.Output<AvailabilityZone[]>): pulumi.Output<ZonePlacement[]> {
    return pulumi.all([zones, this.existingSubnets()]).apply(([selected, existing]) => {
      try {
        return placeZones(this.settings.cidrBlock, selected, existing);
      } catch (error) {
        throw this.argumentError("network.availabilityZoneIds", (error as Error).message);
      }
    });
  }

  private createVpc(): aws.ec2.Vpc {
    const name = `${this.platformName}-vpc`;
    const retained = this.retained();
    return new aws.ec2.Vpc(
      name,
      {
        cidrBlock: this.settings.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: this.tagged(name, retained.tags),
      },
      retained.opts,
    );
  }

  private createPrivateTier(vpc: aws.ec2.Vpc, placements: pulumi.Output<ZonePlacement[]>): ZoneRecord[] {
    const retained = this.retained();
    return [...Array(this.settings.availabilityZoneCount).keys()].map((index) => {
      const name = `${this.platformName}-private-${index}`;
      const placement = placements.apply((all) => all[index] as ZonePlacement);
      const privateSubnet = new aws.ec2.Subnet(
        name,
        {
          vpcId: vpc.id,
          cidrBlock: placement.privateCidr,
          availabilityZoneId: placement.zone.id,
          mapPublicIpOnLaunch: false,
          tags: this.tagged(name, { [SUBNET_TIER_TAG]: "private", ...retained.tags }),
        },
        retained.opts,
      );
      const privateRouteTable = new aws.ec2.RouteTable(
        name,
        { vpcId: vpc.id, tags: this.tagged(name) },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        name,
        { subnetId: privateSubnet.id, routeTableId: privateRouteTable.id },
        { parent: this },
      );
      return { index, placement, privateSubnet, privateRouteTable };
    });
  }

  /** Public subnets, the internet gateway and NAT gateways, when the NAT mode has any. */
  private createNat(vpc: aws.ec2.Vpc, azs: readonly ZoneRecord[]): aws.ec2.NatGateway[] {
    const count = natGatewayCount(this.settings.natGateways, azs.length);
    if (count === 0) return [];
    const parent = { parent: this };
    const igwName = `${this.platformName}-igw`;
    const igw = new aws.ec2.InternetGateway(igwName, { vpcId: vpc.id, tags: this.tagged(igwName) }, parent);
    const tableName = `${this.platformName}-public`;
    const publicRouteTable = new aws.ec2.RouteTable(
      tableName,
      { vpcId: vpc.id, tags: this.tagged(tableName) },
      parent,
    );
    new aws.ec2.Route(
      `${this.platformName}-public-internet`,
      { routeTableId: publicRouteTable.id, destinationCidrBlock: ANYWHERE, gatewayId: igw.id },
      parent,
    );
    const publicSubnets = azs.map((az) => {
      const name = `${this.platformName}-public-${az.index}`;
      const subnet = new aws.ec2.Subnet(
        name,
        {
          vpcId: vpc.id,
          cidrBlock: az.placement.publicCidr,
          availabilityZoneId: az.placement.zone.id,
          mapPublicIpOnLaunch: false,
          tags: this.tagged(name, { [SUBNET_TIER_TAG]: "public" }),
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        name,
        { subnetId: subnet.id, routeTableId: publicRouteTable.id },
        parent,
      );
      return subnet;
    });
    return publicSubnets.slice(0, count).map((subnet, i) => {
      const name = `${this.platformName}-nat-${i}`;
      const eip = new aws.ec2.Eip(name, { domain: "vpc", tags: this.tagged(name) }, parent);
      return new aws.ec2.NatGateway(
        name,
        { allocationId: eip.id, subnetId: subnet.id, tags: this.tagged(name) },
        { parent: this, dependsOn: [igw] },
      );
    });
  }

  /** A default route per private route table: its zone's NAT gateway, or the single shared one. */
  private routePrivateTier(azs: readonly ZoneRecord[], natGateways: readonly aws.ec2.NatGateway[]): void {
    if (natGateways.length === 0) return;
    for (const az of azs) {
      const nat = natGateways[natGateways.length === 1 ? 0 : az.index] as aws.ec2.NatGateway;
      new aws.ec2.Route(
        `${this.platformName}-private-${az.index}-nat`,
        { routeTableId: az.privateRouteTable.id, destinationCidrBlock: ANYWHERE, natGatewayId: nat.id },
        { parent: this },
      );
    }
  }

  /** Image layers come from S3: runtimes created after May 2026 get no service-managed S3 path. */
  private createS3Endpoint(vpc: aws.ec2.Vpc, azs: readonly ZoneRecord[]): aws.ec2.VpcEndpoint {
    const name = `${this.platformName}-s3`;
    return new aws.ec2.VpcEndpoint(
      name,
      {
        vpcId: vpc.id,
        serviceName: this.region.apply((r) => endpointServiceName(r, "s3")),
        vpcEndpointType: "Gateway",
        routeTableIds: azs.map((az) => az.privateRouteTable.id),
        tags: this.tagged(name),
      },
      { parent: this },
    );
  }

  /** The four groups, with exactly the planned rules (each rule its own resource). */
  private createSecurityGroups(
    vpc: aws.ec2.Vpc,
    s3Endpoint: aws.ec2.VpcEndpoint,
  ): Record<SecurityGroupRole, aws.ec2.SecurityGroup> {
    const retained = this.retained();
    const groups = {} as Record<SecurityGroupRole, aws.ec2.SecurityGroup>;
    for (const role of SECURITY_GROUP_ROLES) {
      const name = `${this.platformName}-${role}`;
      const isRuntime = role === "runtime";
      groups[role] = new aws.ec2.SecurityGroup(
        name,
        {
          vpcId: vpc.id,
          description: `agentcore-vpc-platform ${this.platformName}: ${role}`,
          // Rules are separate resources (below); removing them on delete avoids cross-group deadlocks.
          revokeRulesOnDelete: true,
          tags: this.tagged(name, isRuntime ? retained.tags : {}),
        },
        isRuntime ? retained.opts : { parent: this },
      );
    }
    const peerArgs = (peer: RulePeer) =>
      "group" in peer
        ? { referencedSecurityGroupId: groups[peer.group].id }
        : "s3PrefixList" in peer
          ? { prefixListId: s3Endpoint.prefixListId }
          : { cidrIpv4: ANYWHERE };
    for (const rule of planSecurityGroupRules(this.settings.natGateways)) {
      const peerName =
        "group" in rule.peer ? rule.peer.group : "s3PrefixList" in rule.peer ? "s3" : "anywhere";
      const name = `${this.platformName}-${rule.group}-${rule.direction}-${peerName}-${rule.port}`;
      const ruleArgs = {
        securityGroupId: groups[rule.group].id,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
        tags: this.tagged(name),
        ...peerArgs(rule.peer),
      };
      if (rule.direction === "ingress")
        new aws.vpc.SecurityGroupIngressRule(name, ruleArgs, { parent: this });
      else new aws.vpc.SecurityGroupEgressRule(name, ruleArgs, { parent: this });
    }
    return groups;
  }

  /** Interface endpoints with private DNS, each in the zones its service is offered in. */
  private createInterfaceEndpoints(
    vpc: aws.ec2.Vpc,
    azs: readonly ZoneRecord[],
    endpointsGroup: aws.ec2.SecurityGroup,
  ): void {
    const zones = pulumi.all(azs.map((az) => az.placement.zone));
    const subnetIds = pulumi.all(azs.map((az) => az.privateSubnet.id));
    for (const service of interfaceEndpointServices(this.settings.natGateways)) {
      const name = `${this.platformName}-${service.replace(/\./g, "-")}`;
      const serviceName = this.region.apply((r) => endpointServiceName(r, service));
      // An invoke, so a service missing from all our zones fails the preview, not the update.
      const offeredIn = aws.ec2.getVpcEndpointServiceOutput(
        { serviceName },
        { parent: this },
      ).availabilityZones;
      const zoneIndexes = pulumi.all([offeredIn, zones]).apply(([names, chosen]) => {
        try {
          return endpointZoneIndexes(service, names, chosen);
        } catch (error) {
          throw this.argumentError("network.availabilityZoneIds", (error as Error).message);
        }
      });
      new aws.ec2.VpcEndpoint(
        name,
        {
          vpcId: vpc.id,
          serviceName,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: pulumi
            .all([zoneIndexes, subnetIds])
            .apply(([indexes, ids]) => indexes.map((i) => ids[i] as string)),
          securityGroupIds: [endpointsGroup.id],
          tags: this.tagged(name),
        },
        { parent: this },
      );
    }
  }
}
