import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { PlatformArgumentError } from "./errors";
import { HOSTILE_US_EAST_1, mockAccount } from "./testing/accounts";
import { AgentCoreVpcPlatform } from "./platform";
import { outputOf, type ResourceRecorder } from "./testing/mocks";

const BASE_ARGS: AgentCoreVpcPlatformArgs = {
  runtimeName: "deep_insight",
  agent: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1" },
  executor: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/executor:v1" },
};

/** What the language host does at the end of a run: wait for every registration, failing on the first error. */
async function finishRun(rec: ResourceRecorder, platform: AgentCoreVpcPlatform) {
  await Promise.all([rec.settle(), outputOf(platform.availabilityZoneIds)]);
}

describe.each([{ preview: true }, { preview: false }])(
  "AZ-ID failures fail the run (preview: $preview)",
  ({ preview }) => {
    it("an unsupported requested AZ ID", async () => {
      const rec = await mockAccount({ preview });
      const platform = new AgentCoreVpcPlatform("p", {
        ...BASE_ARGS,
        network: { availabilityZoneIds: ["use1-az1", "use1-az6"] },
      });
      const run = finishRun(rec, platform);
      await expect(run).rejects.toBeInstanceOf(PlatformArgumentError);
      await expect(run).rejects.toThrow(
        /network\.availabilityZoneIds: AZ ID use1-az6 is not supported by AgentCore VPC mode in us-east-1.*Supported AZ IDs in us-east-1: use1-az1, use1-az2, use1-az4/,
      );
      expect(pulumi.RunError.isInstance(await run.catch((e: unknown) => e))).toBe(true);
    });

    it("a region with no table entry", async () => {
      const rec = await mockAccount({
        preview,
        region: "sa-east-1",
        zones: [
          { name: "sa-east-1a", id: "sae1-az1" },
          { name: "sa-east-1b", id: "sae1-az2" },
        ],
      });
      const platform = new AgentCoreVpcPlatform("p", BASE_ARGS);
      await expect(finishRun(rec, platform)).rejects.toThrow(/no supported-AZ table for region sa-east-1/);
    });

    it("fewer than two supported AZs in the account", async () => {
      const rec = await mockAccount({
        preview,
        zones: HOSTILE_US_EAST_1.filter((z) => !["use1-az2", "use1-az4"].includes(z.id)),
      });
      const platform = new AgentCoreVpcPlatform("p", BASE_ARGS);
      await expect(finishRun(rec, platform)).rejects.toThrow(
        /Only 1 of the AZ IDs AgentCore supports in us-east-1/,
      );
    });

    it("an AZ ID this account does not have", async () => {
      const rec = await mockAccount({ preview, zones: HOSTILE_US_EAST_1.filter((z) => z.id !== "use1-az4") });
      const platform = new AgentCoreVpcPlatform("p", {
        ...BASE_ARGS,
        network: { availabilityZoneIds: ["use1-az4", "use1-az1"] },
      });
      await expect(finishRun(rec, platform)).rejects.toThrow(
        /use1-az4 is not an available zone of this account/,
      );
    });
  },
);

describe("AgentCoreVpcPlatform", () => {
  it("registers under its public type token, parents the network to itself, and exposes its outputs", async () => {
    const rec = await mockAccount({ preview: false });
    const platform = new AgentCoreVpcPlatform("deep-insight", BASE_ARGS);
    await rec.settle();
    const component = rec.one("agentcore-vpc-platform:index:AgentCoreVpcPlatform", "deep-insight");
    const network = rec.one("agentcore-vpc-platform:network:PlatformNetwork", "deep-insight");
    expect(network.parent).toBe(component.urn);
    expect(await outputOf(platform.vpcId)).toBe("deep-insight-vpc-id");
    expect(await outputOf(platform.privateSubnetIds)).toEqual([
      "deep-insight-private-0-id",
      "deep-insight-private-1-id",
    ]);
    expect(await outputOf(platform.availabilityZoneIds)).toEqual(["use1-az1", "use1-az2"]);
  });

  it("lets two platforms live in one program", async () => {
    const rec = await mockAccount({ preview: false });
    new AgentCoreVpcPlatform("one", BASE_ARGS);
    new AgentCoreVpcPlatform("two", { ...BASE_ARGS, runtimeName: "two" });
    await rec.settle();
    const names = rec.resources.filter((r) => r.custom).map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(rec.byType("aws:ec2/vpc:Vpc").map((v) => v.name)).toEqual(["one-vpc", "two-vpc"]);
  });

  it("rejects bad arguments before creating anything", async () => {
    const rec = await mockAccount({ preview: true });
    expect(() => new AgentCoreVpcPlatform("p", { ...BASE_ARGS, runtimeName: "deep-insight" })).toThrow(
      /runtimeName: "deep-insight" contains hyphens.*Use "deep_insight"/,
    );
    await rec.settle();
    expect(rec.resources.filter((r) => r.custom)).toEqual([]);
  });
});
