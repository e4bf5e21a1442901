/**
 * Test support: a small stateful EC2 behind aws-sdk-client-mock. It answers the describe calls the sweep
 * makes (tag, vpc-id, subnet-id, group-id and rule-reference filters, with optional paging) and deletes
 * the way EC2 does: DependencyViolation while something still uses a resource, *.NotFound once gone.
 */
import {
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import type { Filter } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { OWNER_TAG_KEYS, RETAINED_TAG, SWEEP_AFTER_TAG } from "agentcore-vpc-platform-contract";
import { AGENTCORE_INTERFACE_TYPE } from "../aws/agentcore";

type Tags = Record<string, string>;
export interface FakeVpc {
  id: string;
  tags: Tags;
}
export interface FakeSubnet {
  id: string;
  vpcId: string;
  tags: Tags;
}
export interface FakeGroup {
  id: string;
  vpcId: string;
  name: string;
  tags: Tags;
  /** Groups this group's ingress rules reference. */
  ingressFrom: string[];
  /** Groups this group's egress rules reference. */
  egressTo: string[];
}
export interface FakeEni {
  id: string;
  vpcId: string;
  subnetId: string;
  groupIds: string[];
  interfaceType: string;
  status: string;
}
export interface FakeRouteTable {
  id: string;
  vpcId: string;
  main: boolean;
  tags: Tags;
}

export function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

const toTags = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export class FakeEc2 {
  readonly vpcs = new Map<string, FakeVpc>();
  readonly subnets = new Map<string, FakeSubnet>();
  readonly groups = new Map<string, FakeGroup>();
  readonly enis = new Map<string, FakeEni>();
  readonly tables = new Map<string, FakeRouteTable>();
  /** Every successful delete, in order, e.g. "DeleteSubnet subnet-1". */
  readonly deletes: string[] = [];
  /** Errors to throw instead of performing `"<Operation> <id>"` (once each). */
  readonly failures = new Map<string, Error>();
  /** Runs before each delete with its `"<Operation> <id>"` key, e.g. to remove the resource out of band. */
  beforeDelete: ((key: string) => void) | undefined;
  /** Items per describe page; every item on one page when undefined. */
  pageSize: number | undefined;
  readonly mock: AwsClientStub<EC2Client>;
  readonly client = new EC2Client({ region: "us-east-1" });

  constructor() {
    this.mock = mockClient(EC2Client);
    this.install();
  }

  /** Stops intercepting EC2Client calls. */
  restore(): void {
    this.mock.restore();
  }

  /** Adds a VPC with its default security group and main route table, as EC2 creates them. */
  addVpc(id: string, tags: Tags): void {
    this.vpcs.set(id, { id, tags });
    const defaultGroup = `sg-default-${id}`;
    this.groups.set(defaultGroup, {
      id: defaultGroup,
      vpcId: id,
      name: "default",
      tags: {},
      ingressFrom: [defaultGroup],
      egressTo: [],
    });
    this.tables.set(`rtb-main-${id}`, { id: `rtb-main-${id}`, vpcId: id, main: true, tags: {} });
  }

  addGroup(group: Partial<FakeGroup> & { id: string; vpcId: string }): void {
    this.groups.set(group.id, { name: group.id, tags: {}, ingressFrom: [], egressTo: [], ...group });
  }

  private page<T>(items: T[], token: string | undefined) {
    const start = token ? Number(token) : 0;
    const end = this.pageSize === undefined ? items.length : start + this.pageSize;
    return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
  }

  private install(): void {
    const m = this.mock;
    m.on(DescribeVpcsCommand).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const found = [...this.vpcs.values()].filter((v) => matches(input.Filters, (n) => vpcAttr(v, n)));
      const { items, next } = this.page(found, input.NextToken);
      return { Vpcs: items.map((v) => ({ VpcId: v.id, Tags: toTags(v.tags) })), NextToken: next };
    });
    m.on(DescribeSubnetsCommand).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const found = [...this.subnets.values()].filter((s) => matches(input.Filters, (n) => subnetAttr(s, n)));
      const { items, next } = this.page(found, input.NextToken);
      return {
        Subnets: items.map((s) => ({ SubnetId: s.id, VpcId: s.vpcId, Tags: toTags(s.tags) })),
        NextToken: next,
      };
    });
    m.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const found = [...this.groups.values()].filter((g) => matches(input.Filters, (n) => groupAttr(g, n)));
      const { items, next } = this.page(found, input.NextToken);
      return {
        SecurityGroups: items.map((g) => ({
          GroupId: g.id,
          GroupName: g.name,
          VpcId: g.vpcId,
          Tags: toTags(g.tags),
        })),
        NextToken: next,
      };
    });
    m.on(DescribeNetworkInterfacesCommand).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const found = [...this.enis.values()].filter((e) => matches(input.Filters, (n) => eniAttr(e, n)));
      const { items, next } = this.page(found, input.NextToken);
      return {
        NetworkInterfaces: items.map((e) => ({
          NetworkInterfaceId: e.id,
          VpcId: e.vpcId,
          SubnetId: e.subnetId,
          Groups: e.groupIds.map((GroupId) => ({ GroupId })),
          InterfaceType: e.interfaceType,
          Status: e.status,
        })),
        NextToken: next,
      };
    });
    m.on(DescribeRouteTablesCommand).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const found = [...this.tables.values()].filter((t) => matches(input.Filters, (n) => tableAttr(t, n)));
      const { items, next } = this.page(found, input.NextToken);
      return {
        RouteTables: items.map((t) => ({
          RouteTableId: t.id,
          VpcId: t.vpcId,
          Associations: t.main ? [{ Main: true }] : [],
          Tags: toTags(t.tags),
        })),
        NextToken: next,
      };
    });
    m.on(DeleteSecurityGroupCommand).callsFake(({ GroupId }: { GroupId: string }) =>
      this.remove("DeleteSecurityGroup", GroupId, () => {
        const group = this.groups.get(GroupId);
        if (!group) throw ec2Error("InvalidGroup.NotFound", `The security group '${GroupId}' does not exist`);
        const inUse = [...this.enis.values()].some((e) => e.groupIds.includes(GroupId));
        const referenced = [...this.groups.values()].some(
          (g) => g.id !== GroupId && (g.ingressFrom.includes(GroupId) || g.egressTo.includes(GroupId)),
        );
        if (inUse || referenced)
          throw ec2Error("DependencyViolation", `resource ${GroupId} has a dependent object`);
        this.groups.delete(GroupId);
      }),
    );
    m.on(DeleteSubnetCommand).callsFake(({ SubnetId }: { SubnetId: string }) =>
      this.remove("DeleteSubnet", SubnetId, () => {
        if (!this.subnets.has(SubnetId))
          throw ec2Error("InvalidSubnetID.NotFound", `The subnet ID '${SubnetId}' does not exist`);
        if ([...this.enis.values()].some((e) => e.subnetId === SubnetId)) {
          throw ec2Error(
            "DependencyViolation",
            `The subnet '${SubnetId}' has dependencies and cannot be deleted.`,
          );
        }
        this.subnets.delete(SubnetId);
      }),
    );
    m.on(DeleteRouteTableCommand).callsFake(({ RouteTableId }: { RouteTableId: string }) =>
      this.remove("DeleteRouteTable", RouteTableId, () => {
        if (!this.tables.delete(RouteTableId)) {
          throw ec2Error(
            "InvalidRouteTableID.NotFound",
            `The routeTable ID '${RouteTableId}' does not exist`,
          );
        }
      }),
    );
    m.on(DeleteVpcCommand).callsFake(({ VpcId }: { VpcId: string }) =>
      this.remove("DeleteVpc", VpcId, () => {
        if (!this.vpcs.has(VpcId))
          throw ec2Error("InvalidVpcID.NotFound", `The vpc ID '${VpcId}' does not exist`);
        const inside = [
          ...[...this.subnets.values()].filter((s) => s.vpcId === VpcId),
          ...[...this.groups.values()].filter((g) => g.vpcId === VpcId && g.name !== "default"),
          ...[...this.tables.values()].filter((t) => t.vpcId === VpcId && !t.main),
          ...[...this.enis.values()].filter((e) => e.vpcId === VpcId),
        ];
        if (inside.length > 0) {
          throw ec2Error("DependencyViolation", `The vpc '${VpcId}' has dependencies and cannot be deleted.`);
        }
        this.vpcs.delete(VpcId);
        for (const [id, g] of this.groups) if (g.vpcId === VpcId) this.groups.delete(id);
        for (const [id, t] of this.tables) if (t.vpcId === VpcId) this.tables.delete(id);
      }),
    );
  }

  private remove(operation: string, id: string, perform: () => void): Record<string, never> {
    const key = `${operation} ${id}`;
    this.beforeDelete?.(key);
    const failure = this.failures.get(key);
    if (failure) {
      this.failures.delete(key);
      throw failure;
    }
    perform();
    this.deletes.push(key);
    return {};
  }
}

function matches(
  filters: Filter[] | undefined,
  attr: (name: string) => string | string[] | undefined,
): boolean {
  return (filters ?? []).every((f) => {
    const value = attr(f.Name ?? "");
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.some((v) => f.Values?.includes(v));
  });
}

function unknownFilter(kind: string, name: string): never {
  throw new Error(`fake EC2: ${kind} filter "${name}" is not supported`);
}

function tag(tags: Tags, name: string): string | undefined {
  return tags[name.slice("tag:".length)];
}

function vpcAttr(v: FakeVpc, name: string) {
  if (name.startsWith("tag:")) return tag(v.tags, name);
  if (name === "vpc-id") return v.id;
  return unknownFilter("DescribeVpcs", name);
}

function subnetAttr(s: FakeSubnet, name: string) {
  if (name.startsWith("tag:")) return tag(s.tags, name);
  if (name === "vpc-id") return s.vpcId;
  if (name === "subnet-id") return s.id;
  return unknownFilter("DescribeSubnets", name);
}

function groupAttr(g: FakeGroup, name: string) {
  if (name.startsWith("tag:")) return tag(g.tags, name);
  if (name === "vpc-id") return g.vpcId;
  if (name === "group-id") return g.id;
  if (name === "ip-permission.group-id") return g.ingressFrom;
  if (name === "egress.ip-permission.group-id") return g.egressTo;
  return unknownFilter("DescribeSecurityGroups", name);
}

function eniAttr(e: FakeEni, name: string) {
  if (name === "vpc-id") return e.vpcId;
  if (name === "subnet-id") return e.subnetId;
  if (name === "group-id") return e.groupIds;
  return unknownFilter("DescribeNetworkInterfaces", name);
}

function tableAttr(t: FakeRouteTable, name: string) {
  if (name.startsWith("tag:")) return tag(t.tags, name);
  if (name === "vpc-id") return t.vpcId;
  return unknownFilter("DescribeRouteTables", name);
}

/** Tags the platform puts on a resource of stack `stack` (component "deep-insight", project "agentcore-vpc-platform"). */
export function platformTags(
  name: string,
  options: { stack?: string; retained?: boolean; sweepAfter?: string; component?: string } = {},
): Tags {
  return {
    Name: name,
    [OWNER_TAG_KEYS.component]: options.component ?? "deep-insight",
    [OWNER_TAG_KEYS.stack]: options.stack ?? "dev",
    [OWNER_TAG_KEYS.project]: "agentcore-vpc-platform",
    ...(options.retained === false ? {} : { [RETAINED_TAG]: "true" }),
    ...(options.sweepAfter ? { [SWEEP_AFTER_TAG]: options.sweepAfter } : {}),
  };
}

/**
 * What `pulumi destroy` leaves of one platform: the retained VPC, two private subnets and the runtime
 * security group, stamped with `sweepAfter` when given.
 */
export function addLeftovers(
  fake: FakeEc2,
  options: { vpcId?: string; prefix?: string; stack?: string; sweepAfter?: string; component?: string } = {},
): { vpcId: string; subnetIds: string[]; groupId: string } {
  const vpcId = options.vpcId ?? "vpc-1";
  const p = options.prefix ?? "";
  const tagOptions = { stack: options.stack, sweepAfter: options.sweepAfter, component: options.component };
  fake.addVpc(vpcId, platformTags("deep-insight-vpc", tagOptions));
  const subnetIds = [`subnet-${p}a`, `subnet-${p}b`];
  subnetIds.forEach((id, i) =>
    fake.subnets.set(id, { id, vpcId, tags: platformTags(`deep-insight-private-${i}`, tagOptions) }),
  );
  const groupId = `sg-${p}runtime`;
  fake.addGroup({
    id: groupId,
    vpcId,
    name: "deep-insight-runtime",
    tags: platformTags("deep-insight-runtime", tagOptions),
  });
  return { vpcId, subnetIds, groupId };
}

/** An AgentCore runtime ENI as AWS keeps it after the runtime is deleted. */
export function addAgentCoreEni(
  fake: FakeEc2,
  id: string,
  vpcId: string,
  subnetId: string,
  groupId: string,
): void {
  fake.enis.set(id, {
    id,
    vpcId,
    subnetId,
    groupIds: [groupId],
    interfaceType: AGENTCORE_INTERFACE_TYPE,
    status: "in-use",
  });
}
