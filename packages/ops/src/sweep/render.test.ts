import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderReport, sweepExitCode } from "./render";
import { sweep } from "./sweep";
import { FakeEc2, addAgentCoreEni, addLeftovers } from "../testing/fake-ec2";
import type { SweepReport } from "./types";

const NOW = new Date("2026-05-14T12:00:00.000Z");

let fake: FakeEc2;
beforeEach(() => {
  fake = new FakeEc2();
});
afterEach(() => {
  fake.restore();
});

const empty: SweepReport = {
  stack: "dev",
  project: "agentcore-vpc-platform",
  component: undefined,
  region: "us-east-1",
  dryRun: false,
  checkedAt: "2026-05-14T12:00:00Z",
  deleted: [],
  blocked: [],
  skippedLive: [],
  errors: [],
};

describe("renderReport", () => {
  it("renders deleted and blocked resources with the ENIs and when to try again", async () => {
    addLeftovers(fake, { vpcId: "vpc-0released", prefix: "r", sweepAfter: "2026-05-14T02:00:00Z" });
    const held = addLeftovers(fake, { vpcId: "vpc-0held", prefix: "h", sweepAfter: "2026-05-14T18:30:00Z" });
    addAgentCoreEni(fake, "eni-0a1", held.vpcId, "subnet-ha", held.groupId);
    addAgentCoreEni(fake, "eni-0b2", held.vpcId, "subnet-hb", held.groupId);
    const report = await sweep(
      { ec2: fake.client, now: NOW, liveIds: new Set() },
      { stack: "dev", project: "agentcore-vpc-platform", region: "us-east-1" },
    );
    const hint =
      "    AWS releases AgentCore ENIs up to 8 hours after the runtime is deleted; try again after 2026-05-14T18:30:00Z";
    expect(renderReport(report)).toEqual([
      "Sweep of stack dev (project agentcore-vpc-platform, region us-east-1) at 2026-05-14T12:00:00Z",
      "Deleted (4):",
      "  security group sg-rruntime (deep-insight-runtime) in vpc-0released",
      "  subnet subnet-ra (deep-insight-private-0) in vpc-0released",
      "  subnet subnet-rb (deep-insight-private-1) in vpc-0released",
      "  VPC vpc-0released (deep-insight-vpc)",
      "Blocked (4), left for a later sweep:",
      "  security group sg-hruntime (deep-insight-runtime) in vpc-0held: in use by 2 network interfaces",
      "    ENIs: eni-0a1 (agentic_ai, in-use), eni-0b2 (agentic_ai, in-use)",
      hint,
      "  subnet subnet-ha (deep-insight-private-0) in vpc-0held: 1 network interface still in it",
      "    ENIs: eni-0a1 (agentic_ai, in-use)",
      hint,
      "  subnet subnet-hb (deep-insight-private-1) in vpc-0held: 1 network interface still in it",
      "    ENIs: eni-0b2 (agentic_ai, in-use)",
      hint,
      "  VPC vpc-0held (deep-insight-vpc): 2 network interfaces still in it",
      "    ENIs: eni-0a1 (agentic_ai, in-use), eni-0b2 (agentic_ai, in-use)",
      hint,
      "Result: 4 deleted, 4 blocked, 0 errors. Safe to run again: it picks up where this one stopped.",
    ]);
    expect(sweepExitCode(report)).toBe(0);
  });

  it("renders already-gone resources, live ones, errors and the component, and exits 1 on errors", () => {
    const report: SweepReport = {
      ...empty,
      component: "deep-insight",
      deleted: [{ kind: "subnet", id: "subnet-a", vpcId: "vpc-1", name: undefined, alreadyGone: true }],
      skippedLive: [{ kind: "vpc", id: "vpc-1", vpcId: "vpc-1", name: "deep-insight-vpc" }],
      errors: [
        {
          kind: "security-group",
          id: "sg-1",
          vpcId: "vpc-1",
          name: undefined,
          operation: "DeleteSecurityGroup",
          message: "UnauthorizedOperation: You are not authorized to perform this operation",
        },
      ],
    };
    expect(renderReport(report)).toEqual([
      "Sweep of stack dev (project agentcore-vpc-platform, component deep-insight, region us-east-1) at 2026-05-14T12:00:00Z",
      "Deleted (1):",
      "  subnet subnet-a in vpc-1: already gone",
      "Left alone, still in the stack's state (1):",
      "  VPC vpc-1 (deep-insight-vpc)",
      "Errors (1):",
      "  security group sg-1 in vpc-1: DeleteSecurityGroup failed: UnauthorizedOperation: You are not authorized to perform this operation",
      "Result: 1 deleted, 0 blocked, 1 error. Fix the errors and run the sweep again.",
    ]);
    expect(sweepExitCode(report)).toBe(1);
  });

  it("says there is nothing to sweep, and why, when nothing was found", () => {
    expect(renderReport(empty)).toEqual([
      "Sweep of stack dev (project agentcore-vpc-platform, region us-east-1) at 2026-05-14T12:00:00Z",
      "Nothing to sweep: no retained resources tagged for stack dev (project agentcore-vpc-platform, region us-east-1) remain.",
    ]);
    const live: SweepReport = {
      ...empty,
      dryRun: true,
      skippedLive: [{ kind: "subnet", id: "subnet-a", vpcId: "vpc-1", name: undefined }],
    };
    expect(renderReport(live)).toEqual([
      "Sweep of stack dev (project agentcore-vpc-platform, region us-east-1) at 2026-05-14T12:00:00Z, dry run",
      "Nothing to sweep: the 1 retained resource found is still in the stack's state (destroy the stack first).",
      "  subnet subnet-a",
    ]);
    expect(sweepExitCode(live)).toBe(0);
  });

  it("labels a dry run as what would be deleted", () => {
    const report: SweepReport = {
      ...empty,
      dryRun: true,
      deleted: [{ kind: "route-table", id: "rtb-1", vpcId: "vpc-1", name: "rt", alreadyGone: false }],
    };
    expect(renderReport(report).slice(1)).toEqual([
      "Would delete (1):",
      "  route table rtb-1 (rt) in vpc-1",
      "Result: 1 would be deleted, 0 blocked, 0 errors. Run without --dry-run to delete.",
    ]);
  });
});
