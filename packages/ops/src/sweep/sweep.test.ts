import {
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderReport, sweepExitCode } from "./render";
import { sweep } from "./sweep";
import { FakeEc2, addAgentCoreEni, addLeftovers, ec2Error, platformTags } from "../testing/fake-ec2";
import type { SweepOptions } from "./types";

const NOW = new Date("2026-05-14T12:00:00.000Z");
const SWEEP_AFTER = "2026-05-14T18:00:00Z";
const options: SweepOptions = { stack: "dev", project: "agentcore-vpc-platform", region: "us-east-1" };

let fake: FakeEc2;
beforeEach(() => {
  fake = new FakeEc2();
});
afterEach(() => {
  fake.restore();
});

const run = (extra: Partial<SweepOptions> = {}, liveIds: string[] = []) =>
  sweep({ ec2: fake.client, now: NOW, liveIds: new Set(liveIds) }, { ...options, ...extra });
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

describe("sweep", () => {
  it("finds nothing and says so", async () => {
    const report = await run();
    expect(report).toMatchObject({ deleted: [], blocked: [], skippedLive: [], errors: [] });
    expect(renderReport(report)).toContain(
      "Nothing to sweep: no retained resources tagged for stack dev (project agentcore-vpc-platform, region us-east-1) remain.",
    );
    expect(sweepExitCode(report)).toBe(0);
    // Discovery only: no ENI lookups or deletes without candidates.
    expect(fake.mock.commandCalls(DescribeNetworkInterfacesCommand)).toHaveLength(0);
  });

  it("deletes the released security group, then the subnets, then the VPC; a second run finds nothing", async () => {
    addLeftovers(fake, { sweepAfter: "2026-05-14T08:00:00Z" });
    const report = await run();
    expect(fake.deletes).toEqual([
      "DeleteSecurityGroup sg-runtime",
      "DeleteSubnet subnet-a",
      "DeleteSubnet subnet-b",
      "DeleteVpc vpc-1",
    ]);
    expect(report.deleted.map((d) => `${d.kind} ${d.id}`)).toEqual([
      "security-group sg-runtime",
      "subnet subnet-a",
      "subnet subnet-b",
      "vpc vpc-1",
    ]);
    expect(report.blocked).toEqual([]);
    expect(fake.vpcs.size).toBe(0);
    expect(sweepExitCode(report)).toBe(0);

    const again = await run();
    expect(again).toMatchObject({ deleted: [], blocked: [], errors: [] });
    expect(renderReport(again)[1]).toMatch(/^Nothing to sweep/);
  });

  it("leaves a VPC whose ENIs AWS still holds untouched and says when to try again", async () => {
    const { vpcId, subnetIds, groupId } = addLeftovers(fake, { sweepAfter: SWEEP_AFTER });
    addAgentCoreEni(fake, "eni-0001", vpcId, subnetIds[0] as string, groupId);
    addAgentCoreEni(fake, "eni-0002", vpcId, subnetIds[1] as string, groupId);
    const report = await run();

    expect(fake.deletes).toEqual([]);
    expect(report.deleted).toEqual([]);
    expect(fake.mock.commandCalls(DeleteSubnetCommand)).toHaveLength(0);
    expect(fake.mock.commandCalls(DeleteVpcCommand)).toHaveLength(0);
    expect(report.blocked.map((b) => [b.id, b.enis.map((e) => `${e.id}/${e.interfaceType}`)])).toEqual([
      ["sg-runtime", ["eni-0001/agentic_ai", "eni-0002/agentic_ai"]],
      ["subnet-a", ["eni-0001/agentic_ai"]],
      ["subnet-b", ["eni-0002/agentic_ai"]],
      ["vpc-1", ["eni-0001/agentic_ai", "eni-0002/agentic_ai"]],
    ]);
    for (const b of report.blocked) {
      expect(b.sweepAfter).toBe(SWEEP_AFTER);
      expect(b.hint).toBe(
        `AWS releases AgentCore ENIs up to 8 hours after the runtime is deleted; try again after ${SWEEP_AFTER}`,
      );
    }
    expect(report.blocked.map((b) => b.reason)).toEqual([
      "in use by 2 network interfaces",
      "1 network interface still in it",
      "1 network interface still in it",
      "2 network interfaces still in it",
    ]);
    expect(sweepExitCode(report)).toBe(0);

    // Once AWS has released them the next run finishes the job.
    fake.enis.clear();
    const later = await run();
    expect(ids(later.deleted)).toEqual(["sg-runtime", "subnet-a", "subnet-b", "vpc-1"]);
    expect(later.blocked).toEqual([]);
  });

  it("says the sweep-after time has passed when ENIs outlive it, and works without the tag", async () => {
    const { vpcId, subnetIds, groupId } = addLeftovers(fake, { sweepAfter: "2026-05-14T04:00:00Z" });
    addAgentCoreEni(fake, "eni-0001", vpcId, subnetIds[0] as string, groupId);
    const report = await run();
    expect(report.blocked[0]?.hint).toMatch(
      /8 hours after the runtime is deleted, and the sweep-after time 2026-05-14T04:00:00Z has passed: check that no AgentCore runtime still uses this network/,
    );

    fake.restore();
    fake = new FakeEc2();
    const unstamped = addLeftovers(fake);
    addAgentCoreEni(fake, "eni-0003", unstamped.vpcId, "subnet-a", unstamped.groupId);
    const noTag = await run();
    expect(noTag.blocked[0]?.sweepAfter).toBeUndefined();
    expect(noTag.blocked[0]?.hint).toMatch(/8 hours after the runtime is deleted; try again later$/);
  });

  it("blames other services' ENIs on those services, not on AgentCore", async () => {
    const { vpcId } = addLeftovers(fake);
    fake.enis.set("eni-vpce", {
      id: "eni-vpce",
      vpcId,
      subnetId: "subnet-b",
      groupIds: ["sg-endpoints"],
      interfaceType: "vpc_endpoint",
      status: "in-use",
    });
    const report = await run();
    expect(ids(report.deleted)).toEqual(["sg-runtime", "subnet-a"]);
    expect(ids(report.blocked)).toEqual(["subnet-b", "vpc-1"]);
    expect(report.blocked[0]?.hint).toMatch(/^these interfaces \(vpc_endpoint\) belong to other resources/);
  });

  it("never touches resources that are still in the stack's state", async () => {
    const { vpcId, subnetIds, groupId } = addLeftovers(fake);
    const report = await run({}, [vpcId, ...subnetIds, groupId]);
    expect(ids(report.skippedLive)).toEqual(["sg-runtime", "subnet-a", "subnet-b", "vpc-1"]);
    expect(report.deleted).toEqual([]);
    expect(fake.mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    expect(fake.mock.commandCalls(DeleteSubnetCommand)).toHaveLength(0);
    expect(fake.mock.commandCalls(DeleteVpcCommand)).toHaveLength(0);
    expect(renderReport(report)[1]).toBe(
      "Nothing to sweep: the 4 retained resources found are still in the stack's state (destroy the stack first).",
    );
  });

  it("deletes what left the state but keeps a live VPC and a live route table", async () => {
    const { vpcId } = addLeftovers(fake);
    const report = await run({}, [vpcId]);
    expect(fake.deletes).toEqual([
      "DeleteSecurityGroup sg-runtime",
      "DeleteSubnet subnet-a",
      "DeleteSubnet subnet-b",
    ]);
    expect(ids(report.skippedLive)).toEqual(["vpc-1"]);

    fake.restore();
    fake = new FakeEc2();
    addLeftovers(fake);
    fake.tables.set("rtb-live", {
      id: "rtb-live",
      vpcId: "vpc-1",
      main: false,
      tags: platformTags("p", { retained: false }),
    });
    const withLiveTable = await run({}, ["rtb-live"]);
    expect(fake.mock.commandCalls(DeleteRouteTableCommand)).toHaveLength(0);
    expect(ids(withLiveTable.skippedLive)).toEqual(["rtb-live"]);
    expect(withLiveTable.blocked.map((b) => [b.id, b.reason])).toEqual([
      ["vpc-1", "route-table rtb-live still in the stack's state"],
    ]);
  });

  it("keeps a VPC that still holds a subnet from the stack's state", async () => {
    addLeftovers(fake);
    const report = await run({}, ["subnet-b"]);
    expect(fake.deletes).toEqual(["DeleteSecurityGroup sg-runtime", "DeleteSubnet subnet-a"]);
    expect(ids(report.skippedLive)).toEqual(["subnet-b"]);
    expect(report.blocked.map((b) => [b.id, b.reason])).toEqual([
      ["vpc-1", "subnets remain in it: subnet-b (deep-insight-private-1) [in the stack's state]"],
    ]);
  });

  it("reports a DependencyViolation mid-way as blocked and keeps the VPC", async () => {
    addLeftovers(fake, { sweepAfter: SWEEP_AFTER });
    fake.failures.set(
      "DeleteSubnet subnet-b",
      ec2Error("DependencyViolation", "The subnet 'subnet-b' has dependencies and cannot be deleted."),
    );
    const report = await run();
    expect(fake.deletes).toEqual(["DeleteSecurityGroup sg-runtime", "DeleteSubnet subnet-a"]);
    expect(report.blocked.map((b) => [b.id, b.reason])).toEqual([
      [
        "subnet-b",
        "AWS reports a dependency (DependencyViolation: The subnet 'subnet-b' has dependencies and cannot be deleted)",
      ],
      ["vpc-1", "subnet subnet-b could not be deleted (see above)"],
    ]);
    expect(report.blocked[0]?.hint).toMatch(/try again later/);
    expect(report.errors).toEqual([]);
    expect(sweepExitCode(report)).toBe(0);
  });

  it("treats NotFound as already gone", async () => {
    addLeftovers(fake);
    // Someone deletes subnet-a between the sweep's lookup and its delete.
    fake.beforeDelete = (key) => {
      if (key === "DeleteSubnet subnet-a") fake.subnets.delete("subnet-a");
    };
    const report = await run();
    expect(report.deleted.map((d) => [d.id, d.alreadyGone])).toEqual([
      ["sg-runtime", false],
      ["subnet-a", true],
      ["subnet-b", false],
      ["vpc-1", false],
    ]);
    expect(report.errors).toEqual([]);
  });

  it("reports other errors, keeps going, and exits 1", async () => {
    addLeftovers(fake);
    fake.failures.set(
      "DeleteSecurityGroup sg-runtime",
      ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."),
    );
    const report = await run();
    expect(report.errors).toEqual([
      {
        kind: "security-group",
        id: "sg-runtime",
        vpcId: "vpc-1",
        name: "deep-insight-runtime",
        operation: "DeleteSecurityGroup",
        message: "UnauthorizedOperation: You are not authorized to perform this operation",
      },
    ]);
    expect(ids(report.deleted)).toEqual(["subnet-a", "subnet-b"]);
    expect(ids(report.blocked)).toEqual(["vpc-1"]);
    expect(sweepExitCode(report)).toBe(1);
  });

  it("reports a security group that another group's rule references", async () => {
    addLeftovers(fake);
    fake.addGroup({ id: "sg-other", vpcId: "vpc-1", name: "someone-elses", ingressFrom: ["sg-runtime"] });
    const report = await run();
    expect(report.blocked[0]).toMatchObject({
      id: "sg-runtime",
      reason: "rules of sg-other reference it",
      referencedBy: ["sg-other"],
      hint: "remove those rules (or delete those groups), then run the sweep again",
    });
    expect(fake.mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    expect(ids(report.blocked)).toEqual(["sg-runtime", "vpc-1"]);
  });

  it("removes the stack's own groups and route tables before the VPC, not the defaults", async () => {
    addLeftovers(fake);
    fake.addGroup({
      id: "sg-alb",
      vpcId: "vpc-1",
      tags: platformTags("deep-insight-alb", { retained: false }),
    });
    fake.tables.set("rtb-private", {
      id: "rtb-private",
      vpcId: "vpc-1",
      main: false,
      tags: platformTags("deep-insight-private-0", { retained: false }),
    });
    await run();
    expect(fake.deletes).toEqual([
      "DeleteSecurityGroup sg-runtime",
      "DeleteSubnet subnet-a",
      "DeleteSubnet subnet-b",
      "DeleteSecurityGroup sg-alb",
      "DeleteRouteTable rtb-private",
      "DeleteVpc vpc-1",
    ]);
    expect(fake.groups.size).toBe(0);
    expect(fake.tables.size).toBe(0);
  });

  it("reports a VPC that still holds something the sweep does not own", async () => {
    addLeftovers(fake);
    fake.addGroup({ id: "sg-foreign", vpcId: "vpc-1", name: "added-by-hand" });
    fake.subnets.set("subnet-foreign", { id: "subnet-foreign", vpcId: "vpc-2", tags: {} });
    const report = await run();
    expect(ids(report.deleted)).toEqual(["sg-runtime", "subnet-a", "subnet-b"]);
    expect(report.blocked[0]?.reason).toMatch(
      /^AWS reports a dependency \(DependencyViolation: The vpc 'vpc-1'/,
    );
    expect(report.blocked[0]?.hint).toMatch(/internet or NAT gateway, endpoints/);

    fake.subnets.set("subnet-manual", { id: "subnet-manual", vpcId: "vpc-1", tags: { Name: "manual" } });
    const again = await run();
    expect(again.blocked.map((b) => b.reason)).toEqual(["subnets remain in it: subnet-manual (manual)"]);
  });

  it("sweeps only the given stack and component", async () => {
    addLeftovers(fake, { vpcId: "vpc-dev", prefix: "dev-" });
    addLeftovers(fake, { vpcId: "vpc-prod", prefix: "prod-", stack: "prod" });
    addLeftovers(fake, { vpcId: "vpc-other", prefix: "other-", component: "other" });
    const report = await run({ component: "deep-insight" });
    expect(ids(report.deleted)).toEqual(["sg-dev-runtime", "subnet-dev-a", "subnet-dev-b", "vpc-dev"]);
    expect([...fake.vpcs.keys()]).toEqual(["vpc-prod", "vpc-other"]);
    const rest = await run();
    expect(ids(rest.deleted)).toEqual(["sg-other-runtime", "subnet-other-a", "subnet-other-b", "vpc-other"]);
    expect([...fake.vpcs.keys()]).toEqual(["vpc-prod"]);
  });

  it("follows pagination", async () => {
    fake.pageSize = 1;
    addLeftovers(fake, { vpcId: "vpc-1", prefix: "1-" });
    addLeftovers(fake, { vpcId: "vpc-2", prefix: "2-" });
    const report = await run();
    // One VPC per page: both are found only by following NextToken.
    expect(fake.mock.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
    expect(ids(report.deleted).sort()).toEqual(
      [
        "sg-1-runtime",
        "sg-2-runtime",
        "subnet-1-a",
        "subnet-1-b",
        "subnet-2-a",
        "subnet-2-b",
        "vpc-1",
        "vpc-2",
      ].sort(),
    );
  });

  it("deletes nothing in a dry run but reports what it would delete", async () => {
    addLeftovers(fake);
    fake.tables.set("rtb-private", {
      id: "rtb-private",
      vpcId: "vpc-1",
      main: false,
      tags: platformTags("deep-insight-private-0", { retained: false }),
    });
    const report = await run({ dryRun: true });
    expect(fake.deletes).toEqual([]);
    const sent = fake.mock.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(sent.filter((name) => name.startsWith("Delete"))).toEqual([]);
    expect(sent).toContain("DescribeNetworkInterfacesCommand");
    expect(ids(report.deleted)).toEqual(["sg-runtime", "subnet-a", "subnet-b", "rtb-private", "vpc-1"]);
    expect(report.dryRun).toBe(true);
    expect(renderReport(report).at(-1)).toBe(
      "Result: 5 would be deleted, 0 blocked, 0 errors. Run without --dry-run to delete.",
    );
  });
});
