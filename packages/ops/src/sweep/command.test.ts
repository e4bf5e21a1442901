import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SweepArgs } from "./args";
import { runSweepCommand } from "./command";
import type { SweepCommandDeps } from "./command";
import { NoStackStateError } from "./state";
import type { StackStateReader } from "./state";
import { FakeEc2, addAgentCoreEni, addLeftovers } from "../testing/fake-ec2";

const files: Record<string, string> = {
  "/repo/Pulumi.yaml": "name: agentcore-vpc-platform\nruntime: nodejs\n",
  "/repo/Pulumi.dev.yaml": "config:\n  aws:region: us-east-1\n",
  "/repo/Pulumi.noregion.yaml": "config:\n  agentcore-vpc-platform:runtimeName: x\n",
};
const args: SweepArgs = { stack: "dev", dryRun: false, region: undefined, component: undefined };

let fake: FakeEc2;
let out: string;
let err: string;
let regions: string[];
beforeEach(() => {
  fake = new FakeEc2();
  out = "";
  err = "";
  regions = [];
});
afterEach(() => {
  fake.restore();
});

function deps(state: StackStateReader): SweepCommandDeps {
  return {
    state,
    makeEc2: (region) => {
      regions.push(region);
      return fake.client;
    },
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
      return text;
    },
    now: () => new Date("2026-05-14T12:00:00Z"),
    projectRoot: "/repo",
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  };
}
const liveState = (ids: string[]): StackStateReader => ({ liveResourceIds: async () => new Set(ids) });
const noState: StackStateReader = {
  liveResourceIds: async (stack) => {
    throw new NoStackStateError(stack, "file:///repo/.pulumi-state");
  },
};

describe("runSweepCommand", () => {
  it("sweeps the stack file's region and says when the stack has no state", async () => {
    addLeftovers(fake);
    expect(await runSweepCommand(args, deps(noState))).toBe(0);
    expect(regions).toEqual(["us-east-1"]);
    expect(out).toContain(
      "State: stack dev has no state in file:///repo/.pulumi-state (already removed, or kept in another backend: then set PULUMI_BACKEND_URL); every resource tagged for the stack is a candidate.\n",
    );
    expect(out).toContain("Deleted (4):");
    expect(fake.vpcs.size).toBe(0);
  });

  it("leaves live resources alone and prefers --region", async () => {
    const { vpcId } = addLeftovers(fake);
    const code = await runSweepCommand({ ...args, region: "eu-west-1" }, deps(liveState([vpcId])));
    expect(code).toBe(0);
    expect(regions).toEqual(["eu-west-1"]);
    expect(out).toContain("State: 1 resource ids in stack dev's state; those are never touched.\n");
    expect(fake.vpcs.has(vpcId)).toBe(true);
  });

  it("exits 0 with blocked resources and 1 when a delete failed", async () => {
    const { vpcId, groupId } = addLeftovers(fake);
    addAgentCoreEni(fake, "eni-1", vpcId, "subnet-a", groupId);
    expect(await runSweepCommand(args, deps(noState))).toBe(0);
    expect(out).toContain("Blocked (3), left for a later sweep:");

    fake.enis.clear();
    fake.failures.set(
      "DeleteVpc vpc-1",
      Object.assign(new Error("denied"), { name: "UnauthorizedOperation" }),
    );
    expect(await runSweepCommand(args, deps(noState))).toBe(1);
    expect(out).toContain("VPC vpc-1 (deep-insight-vpc): DeleteVpc failed: UnauthorizedOperation: denied");
  });

  it("sweeps the short stack name's tags for a qualified stack", async () => {
    addLeftovers(fake);
    const seen: string[] = [];
    const state: StackStateReader = {
      liveResourceIds: async (stack) => {
        seen.push(stack);
        return new Set();
      },
    };
    await runSweepCommand({ ...args, stack: "acme/agentcore-vpc-platform/dev" }, deps(state));
    expect(seen).toEqual(["acme/agentcore-vpc-platform/dev"]);
    expect(out).toContain("Sweep of stack dev (project agentcore-vpc-platform, region us-east-1)");
    expect(fake.vpcs.size).toBe(0);
  });

  it("refuses to sweep without a region or when the state cannot be read", async () => {
    expect(await runSweepCommand({ ...args, stack: "noregion" }, deps(noState))).toBe(2);
    expect(err).toBe("sweep: no region: Pulumi.noregion.yaml sets no aws:region; pass --region <region>\n");
    err = "";
    expect(await runSweepCommand({ ...args, stack: "qa" }, deps(noState))).toBe(2);
    expect(err).toMatch(/Pulumi\.qa\.yaml is missing or has no config; pass --region/);

    err = "";
    const broken: StackStateReader = {
      liveResourceIds: async () => {
        throw new Error("spawn pulumi ENOENT");
      },
    };
    addLeftovers(fake);
    expect(await runSweepCommand(args, deps(broken))).toBe(1);
    expect(err).toBe(
      "sweep failed: could not read the state of stack dev, which the sweep needs to leave live resources alone: spawn pulumi ENOENT\n",
    );
    expect(regions).toEqual([]);
    expect(fake.deletes).toEqual([]);
  });

  it("reports a failing discovery call (credentials, permissions) as a failure", async () => {
    fake.mock.rejects(
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
    );
    expect(await runSweepCommand(args, deps(noState))).toBe(1);
    expect(err).toBe(
      "sweep failed: CredentialsProviderError: Could not load credentials from any providers\n",
    );
  });
});
