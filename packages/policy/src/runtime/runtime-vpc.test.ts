import { SUPPORTED_AZ_IDS } from "agentcore-vpc-platform";
import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { allowedAzIds, runtimeInVpcSupportedAzs, runtimeVpcFindings } from "./runtime-vpc";
import { isRuntime, runtimeView } from "./runtime-view";

const RUNTIME = "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime";
const SUBNET = "aws:ec2/subnet:Subnet";

describe("allowedAzIds", () => {
  it("is the component's table for a known region, or the configured list", () => {
    expect(allowedAzIds("us-east-1")).toEqual(SUPPORTED_AZ_IDS["us-east-1"]);
    expect(allowedAzIds("us-east-1", ["use1-az3"])).toEqual(["use1-az3"]);
    expect(allowedAzIds("sa-east-1")).toBeUndefined();
    expect(allowedAzIds("sa-east-1", ["sae1-az1"])).toEqual(["sae1-az1"]);
  });

  it("is every ID of the table while the region is unknown (AZ IDs are unique across regions)", () => {
    const all = allowedAzIds(undefined) ?? [];
    expect(all).toContain("use1-az1");
    expect(all).toContain("euc1-az3");
    expect(all).not.toContain("use1-az3");
  });
});

describe("runtimeView", () => {
  it("recognises the component's runtime by its properties, and the AWS provider's runtime by type", () => {
    const props = { agentRuntimeName: "r", containerUri: "c", subnetIds: [], __provider: "…" };
    expect(isRuntime("pulumi-nodejs:dynamic:Resource", props)).toBe(true);
    expect(isRuntime(RUNTIME, props)).toBe(true);
    expect(
      isRuntime("pulumi-nodejs:dynamic/agentcore:SweepMarker", { region: "us-east-1", subnetIds: [] }),
    ).toBe(false);
    expect(isRuntime("aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime", {})).toBe(true);
  });

  it("reads the AWS provider's runtime settings from its nested blocks", () => {
    const view = runtimeView("aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime", {
      networkConfiguration: {
        networkMode: "VPC",
        networkModeConfig: { subnets: ["s"], securityGroups: ["g"] },
      },
      agentRuntimeArtifact: { containerConfiguration: { containerUri: "u" } },
    });
    expect(view).toMatchObject({
      networkMode: "VPC",
      subnetIds: ["s"],
      securityGroupIds: ["g"],
      containerUri: "u",
    });
  });
});

describe("runtimeVpcFindings", () => {
  const view = {
    networkMode: "VPC",
    subnetIds: ["subnet-1"],
    securityGroupIds: ["sg-1"],
    containerUri: "u",
    region: "us-east-1",
    subnetsProperty: "subnetIds",
  };
  const subnet = { type: SUBNET, name: "private-0", availabilityZoneId: "use1-az1" };

  it("accepts a VPC-mode runtime in supported AZ IDs", () => {
    expect(runtimeVpcFindings(view, [subnet])).toEqual([]);
  });

  it("leaves an AZ ID that is not known yet to the update", () => {
    expect(runtimeVpcFindings(view, [{ ...subnet, availabilityZoneId: undefined }])).toEqual([]);
  });

  it("asks for the policy config in a region without a table, and accepts it once given", () => {
    const elsewhere = { ...view, region: "sa-east-1" };
    const sub = { ...subnet, availabilityZoneId: "sae1-az1" };
    expect(runtimeVpcFindings(elsewhere, [sub])[0]?.fix).toMatch(
      /supportedAvailabilityZoneIds` \(--policy-pack-config\)/,
    );
    expect(runtimeVpcFindings(elsewhere, [sub], { supportedAvailabilityZoneIds: ["sae1-az1"] })).toEqual([]);
  });
});

describe("runtime-in-vpc-supported-azs on broken graphs", () => {
  const graphs: Record<"update" | "preview", ResourceGraph> = {} as never;
  beforeAll(async () => {
    graphs.update = await recordStackGraph("dev", false);
    graphs.preview = await recordStackGraph("dev", true);
  });

  it.each(["update", "preview"] as const)(
    "fires in %s mode when a runtime subnet is in an unsupported AZ ID",
    async (mode) => {
      const graph = graphs[mode];
      const runtime = find(graph, RUNTIME);
      const subnet = find(graph, SUBNET, "-private-1");
      const broken = changeProps(graph, subnet, (props) => ({ ...props, availabilityZoneId: "use1-az3" }));
      expectViolations(await runPolicy(runtimeInVpcSupportedAzs, broken), runtime, {
        problem: `its subnet ${SUBNET} "deep-insight-private-1" is in AZ ID use1-az3, where AgentCore does not support VPC mode (supported: use1-az1, use1-az2, use1-az4)`,
        fix: "network.availabilityZoneIds",
      });
    },
  );

  it("ignores a public subnet in an unsupported AZ ID (the runtime does not use it)", async () => {
    const graph = graphs.update;
    const subnet = find(graph, SUBNET, "-public-1");
    const changed = changeProps(graph, subnet, (props) => ({ ...props, availabilityZoneId: "use1-az3" }));
    expect(await runPolicy(runtimeInVpcSupportedAzs, changed)).toEqual([]);
  });

  it("fires when the runtime has no subnets or security groups", async () => {
    const graph = graphs.update;
    const runtime = find(graph, RUNTIME);
    const broken = changeProps(graph, runtime, (props) => ({
      ...props,
      subnetIds: [],
      securityGroupIds: [],
    }));
    const messages = expectViolations(await runPolicy(runtimeInVpcSupportedAzs, broken), runtime, {
      problem: "has no subnets, so it cannot run in VPC mode",
      fix: "run the runtime in VPC mode",
    });
    expect(messages.join("\n")).toContain("has no security groups");
  });

  it("fires when a subnet comes from outside the stack", async () => {
    const graph = graphs.update;
    const runtime = find(graph, RUNTIME);
    const broken = changeProps(graph, runtime, (props) => ({
      ...props,
      subnetIds: [...(props["subnetIds"] as string[]), "subnet-0123456789abcdef0"],
    }));
    expectViolations(await runPolicy(runtimeInVpcSupportedAzs, broken), runtime, {
      problem: "1 of its 3 subnets is not created in this stack, so their AZ IDs cannot be checked",
      fix: "create the runtime's subnets in the same program",
    });
  });

  it("fires on an aws.bedrock.AgentcoreAgentRuntime in PUBLIC network mode", async () => {
    const native = customResource(
      "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime",
      "public-runtime",
      {
        region: "us-east-1",
        networkConfiguration: { networkMode: "PUBLIC" },
      },
    );
    expectViolations(await runPolicy(runtimeInVpcSupportedAzs, addResource(graphs.update, native)), native, {
      problem: 'runs in network mode "PUBLIC", not VPC',
      fix: "VPC mode",
    });
  });
});
