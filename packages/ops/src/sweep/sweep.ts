/**
 * The sweep: finds the stack's retained VPCs, subnets and security groups by tag, and deletes the ones
 * AWS has released, security groups first, then subnets, then VPCs. Resources in the stack's state are
 * never touched; DependencyViolation means "still blocked" and *.NotFound means "already gone", so the
 * sweep can run as often as needed. Every AWS call goes through the injected EC2 client.
 */
import {
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import type { Filter, NetworkInterface, Tag } from "@aws-sdk/client-ec2";
import {
  countEnis,
  eniHint,
  ec2ErrorText,
  isDependencyViolation,
  isNotFound,
  toBlockingEni,
} from "./blockers";
import { SWEEP_AFTER_TAG } from "agentcore-vpc-platform-contract";
import { ownershipFilters, retainedFilters, tagValue } from "./tags";
import type {
  BlockedResource,
  BlockingEni,
  ResourceKind,
  ResourceRef,
  SweepDeps,
  SweepOptions,
  SweepReport,
} from "./types";

interface Candidate extends ResourceRef {
  readonly sweepAfter: string | undefined;
}

type Outcome = "deleted" | "blocked" | "failed";

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}

function candidate(kind: ResourceKind, id: string, vpcId: string | undefined, tags?: Tag[]): Candidate {
  return { kind, id, vpcId, name: tagValue(tags, "Name"), sweepAfter: tagValue(tags, SWEEP_AFTER_TAG) };
}

function refOf(c: ResourceRef): ResourceRef {
  return { kind: c.kind, id: c.id, vpcId: c.vpcId, name: c.name };
}

const DELETE_OPERATION: Record<ResourceKind, string> = {
  "security-group": "DeleteSecurityGroup",
  subnet: "DeleteSubnet",
  "route-table": "DeleteRouteTable",
  vpc: "DeleteVpc",
};

/**
 * Runs one sweep and reports what it deleted, what is still blocked (and why), what it left alone
 * because the stack still has it, and what failed.
 * @param deps EC2 client, clock and the stack's live resource ids
 * @param options whose leftovers, where, and whether to delete at all
 */
export async function sweep(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  const { ec2, now, liveIds } = deps;
  const dryRun = options.dryRun ?? false;
  const report: SweepReport = {
    stack: options.stack,
    project: options.project,
    component: options.component,
    region: options.region,
    dryRun,
    checkedAt: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    deleted: [],
    blocked: [],
    skippedLive: [],
    errors: [],
  };
  const client = { client: ec2 };
  // Paginators write NextToken into their input, so every call gets fresh filter objects.
  const byVpc = (vpcId: string, more: Filter[] = []): Filter[] => [
    { Name: "vpc-id", Values: [vpcId] },
    ...more,
  ];

  // 1. Discover the stack's retained resources.
  const found: Candidate[] = [
    ...(await collect(paginateDescribeSecurityGroups(client, { Filters: retainedFilters(options) }), (p) =>
      p.SecurityGroups?.map((g) => candidate("security-group", g.GroupId ?? "", g.VpcId, g.Tags)),
    )),
    ...(await collect(paginateDescribeSubnets(client, { Filters: retainedFilters(options) }), (p) =>
      p.Subnets?.map((s) => candidate("subnet", s.SubnetId ?? "", s.VpcId, s.Tags)),
    )),
    ...(await collect(paginateDescribeVpcs(client, { Filters: retainedFilters(options) }), (p) =>
      p.Vpcs?.map((v) => candidate("vpc", v.VpcId ?? "", v.VpcId, v.Tags)),
    )),
  ].filter((c) => c.id !== "");
  const candidates: Candidate[] = [];
  for (const c of found) {
    if (liveIds.has(c.id)) report.skippedLive.push(refOf(c));
    else candidates.push(c);
  }
  if (candidates.length === 0) return report;

  const outcomes = new Map<string, Outcome>();
  const record = (c: ResourceRef, outcome: Outcome) => outcomes.set(c.id, outcome);
  const fail = (c: ResourceRef, operation: string, error: unknown) => {
    report.errors.push({ ...refOf(c), operation, message: ec2ErrorText(error) });
    record(c, "failed");
  };
  const block = (c: ResourceRef, details: Omit<BlockedResource, keyof ResourceRef>) => {
    report.blocked.push({ ...refOf(c), ...details });
    record(c, "blocked");
  };
  // A subnet may have lost its tag write; any sweep-after stamped in the same VPC tells the same story.
  const sweepAfterOf = (c: Candidate): string | undefined =>
    c.sweepAfter ??
    candidates
      .filter((o) => o.vpcId === c.vpcId && o.sweepAfter !== undefined)
      .map((o) => o.sweepAfter as string)
      .sort()
      .at(-1);
  const blockByEnis = (c: Candidate, enis: readonly BlockingEni[], reason: string) => {
    const sweepAfter = sweepAfterOf(c);
    block(c, { reason, enis, referencedBy: [], sweepAfter, hint: eniHint(enis, sweepAfter, now) });
  };

  /** Deletes one resource (or, in a dry run, records that it would). */
  const remove = async (c: Candidate, call: () => Promise<unknown>, dependencyHint: string) => {
    const operation = DELETE_OPERATION[c.kind];
    if (dryRun) {
      report.deleted.push({ ...refOf(c), alreadyGone: false });
      record(c, "deleted");
      return;
    }
    try {
      await call();
      report.deleted.push({ ...refOf(c), alreadyGone: false });
      record(c, "deleted");
    } catch (error) {
      if (isNotFound(error)) {
        report.deleted.push({ ...refOf(c), alreadyGone: true });
        record(c, "deleted");
      } else if (isDependencyViolation(error)) {
        const reason = `AWS reports a dependency (${ec2ErrorText(error)})`;
        block(c, { reason, enis: [], referencedBy: [], sweepAfter: sweepAfterOf(c), hint: dependencyHint });
      } else {
        fail(c, operation, error);
      }
    }
  };
  const retryLater =
    "something still holds it (AWS may be releasing its network interfaces): try again later";

  // 2. ENIs per VPC: one lookup answers for the VPC, its subnets and its security groups.
  const enisByVpc = new Map<string, NetworkInterface[]>();
  for (const vpcId of new Set(candidates.map((c) => c.vpcId ?? ""))) {
    if (vpcId === "") continue;
    try {
      const filters = byVpc(vpcId);
      const pages = paginateDescribeNetworkInterfaces(client, { Filters: filters });
      enisByVpc.set(vpcId, await collect(pages, (p) => p.NetworkInterfaces));
    } catch (error) {
      for (const c of candidates.filter((o) => o.vpcId === vpcId)) {
        fail(c, "DescribeNetworkInterfaces", error);
      }
    }
  }
  const enisOf = (c: Candidate) => (c.vpcId === undefined ? undefined : enisByVpc.get(c.vpcId));

  // 3. Security groups.
  for (const group of candidates.filter((c) => c.kind === "security-group" && !outcomes.has(c.id))) {
    const using = (enisOf(group) ?? []).filter((e) => e.Groups?.some((g) => g.GroupId === group.id));
    if (using.length > 0) {
      blockByEnis(group, using.map(toBlockingEni), `in use by ${countEnis(using.length)}`);
      continue;
    }
    let referencedBy: string[];
    try {
      referencedBy = await referencingGroups(deps, group.id);
    } catch (error) {
      fail(group, "DescribeSecurityGroups", error);
      continue;
    }
    if (referencedBy.length > 0) {
      block(group, {
        reason: `rules of ${referencedBy.join(", ")} reference it`,
        enis: [],
        referencedBy,
        sweepAfter: group.sweepAfter,
        hint: "remove those rules (or delete those groups), then run the sweep again",
      });
      continue;
    }
    await remove(group, () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.id })), retryLater);
  }

  // 4. Subnets.
  for (const subnet of candidates.filter((c) => c.kind === "subnet" && !outcomes.has(c.id))) {
    const inSubnet = (enisOf(subnet) ?? []).filter((e) => e.SubnetId === subnet.id);
    if (inSubnet.length > 0) {
      blockByEnis(subnet, inSubnet.map(toBlockingEni), `${countEnis(inSubnet.length)} still in it`);
      continue;
    }
    await remove(subnet, () => ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.id })), retryLater);
  }

  // 5. VPCs, once nothing is left in them.
  for (const vpc of candidates.filter((c) => c.kind === "vpc" && !outcomes.has(c.id))) {
    const enis = enisOf(vpc) ?? [];
    if (enis.length > 0) {
      blockByEnis(vpc, enis.map(toBlockingEni), `${countEnis(enis.length)} still in it`);
      continue;
    }
    const stuck = candidates.filter(
      (c) => c.vpcId === vpc.id && c.kind !== "vpc" && outcomes.get(c.id) !== "deleted",
    );
    if (stuck.length > 0) {
      const what = stuck.map((c) => `${c.kind} ${c.id}`).join(", ");
      block(vpc, {
        reason: `${what} could not be deleted (see above)`,
        enis: [],
        referencedBy: [],
        sweepAfter: vpc.sweepAfter,
        hint: "it is deleted in a later sweep, once what it holds is gone",
      });
      continue;
    }
    await sweepVpc(vpc);
  }
  return report;

  async function sweepVpc(vpc: Candidate): Promise<void> {
    const removed = (id: string) => outcomes.get(id) === "deleted";
    let leftovers: { subnets: Candidate[]; groups: Candidate[]; tables: Candidate[] };
    let operation = "DescribeSubnets";
    try {
      const subnets = await collect(paginateDescribeSubnets(client, { Filters: byVpc(vpc.id) }), (p) =>
        p.Subnets?.map((s) => candidate("subnet", s.SubnetId ?? "", vpc.id, s.Tags)),
      );
      operation = "DescribeSecurityGroups";
      const owned = () => byVpc(vpc.id, ownershipFilters(options));
      const groups = await collect(paginateDescribeSecurityGroups(client, { Filters: owned() }), (p) =>
        p.SecurityGroups?.filter((g) => g.GroupName !== "default").map((g) =>
          candidate("security-group", g.GroupId ?? "", vpc.id, g.Tags),
        ),
      );
      operation = "DescribeRouteTables";
      const tables = await collect(paginateDescribeRouteTables(client, { Filters: owned() }), (p) =>
        p.RouteTables?.filter((t) => !t.Associations?.some((a) => a.Main)).map((t) =>
          candidate("route-table", t.RouteTableId ?? "", vpc.id, t.Tags),
        ),
      );
      leftovers = {
        // In a dry run AWS still lists the subnets the sweep would have deleted.
        subnets: subnets.filter((s) => !removed(s.id)),
        groups: groups.filter((g) => !outcomes.has(g.id)),
        tables,
      };
    } catch (error) {
      return fail(vpc, operation, error);
    }

    if (leftovers.subnets.length > 0) {
      const list = leftovers.subnets
        .map(
          (s) =>
            `${s.id}${s.name ? ` (${s.name})` : ""}${liveIds.has(s.id) ? " [in the stack's state]" : ""}`,
        )
        .join(", ");
      return block(vpc, {
        reason: `subnets remain in it: ${list}`,
        enis: [],
        referencedBy: [],
        sweepAfter: vpc.sweepAfter,
        hint: "the sweep deletes only the subnets this stack retained; delete the others, then run it again",
      });
    }
    // What the platform itself put in the VPC and that would block DeleteVpc; the default group, main
    // route table and default network ACL go with the VPC.
    const own = [...leftovers.groups, ...leftovers.tables];
    const live = own.filter((c) => liveIds.has(c.id));
    for (const c of live) {
      if (!report.skippedLive.some((r) => r.id === c.id)) report.skippedLive.push(refOf(c));
    }
    for (const c of own.filter((o) => !liveIds.has(o.id))) {
      const call =
        c.kind === "security-group"
          ? () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: c.id }))
          : () => ec2.send(new DeleteRouteTableCommand({ RouteTableId: c.id }));
      await remove(c, call, retryLater);
    }
    const stuck = own.filter((c) => !liveIds.has(c.id) && outcomes.get(c.id) !== "deleted");
    if (live.length + stuck.length > 0) {
      const list = (items: Candidate[]) => items.map((c) => `${c.kind} ${c.id}`).join(", ");
      const reasons = [
        ...(live.length > 0 ? [`${list(live)} still in the stack's state`] : []),
        ...(stuck.length > 0 ? [`${list(stuck)} could not be deleted`] : []),
      ];
      return block(vpc, {
        reason: reasons.join("; "),
        enis: [],
        referencedBy: [],
        sweepAfter: vpc.sweepAfter,
        hint: "run the sweep again once those are gone",
      });
    }
    await remove(
      vpc,
      () => ec2.send(new DeleteVpcCommand({ VpcId: vpc.id })),
      "the VPC still holds something the sweep does not delete (an internet or NAT gateway, endpoints, " +
        "or groups and route tables without this stack's tags): delete those, then run the sweep again",
    );
  }
}

/** Security groups (other than itself) with an ingress or egress rule that references `groupId`. */
async function referencingGroups(deps: SweepDeps, groupId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const name of ["ip-permission.group-id", "egress.ip-permission.group-id"]) {
    const pages = paginateDescribeSecurityGroups(
      { client: deps.ec2 },
      { Filters: [{ Name: name, Values: [groupId] }] },
    );
    for (const group of await collect(pages, (p) => p.SecurityGroups)) {
      if (group.GroupId && group.GroupId !== groupId) ids.add(group.GroupId);
    }
  }
  return [...ids].sort();
}
