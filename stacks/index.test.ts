import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { HOSTILE_US_EAST_1, mockAccount, outputOf } from "agentcore-vpc-platform/testing";
import { STACK_OUTPUTS } from "agentcore-vpc-platform-contract";
import { programEntryPoint, readStackFile, REPO_ROOT } from "./testing/stack-files";

type Program = Record<string, pulumi.Output<unknown>>;

/** Evaluates the entry point Pulumi.yaml names, as the language host would, with a stack file's config. */
async function runProgram(
  stack: string,
  options: { preview?: boolean; config?: Record<string, string> } = {},
) {
  const rec = await mockAccount({ preview: options.preview, project: "agentcore-vpc-platform", stack });
  pulumi.runtime.setAllConfig({ ...readStackFile(stack), ...options.config });
  const program = (await import(programEntryPoint())) as Program;
  await rec.settle();
  return { rec, program };
}

const count = (rec: Awaited<ReturnType<typeof mockAccount>>, type: string) => rec.byType(type).length;

beforeEach(() => {
  vi.resetModules();
});

describe("the program Pulumi.yaml names", () => {
  it("is stacks/index.ts", () => {
    expect(programEntryPoint()).toBe(path.join(REPO_ROOT, "stacks", "index.ts"));
  });

  describe.each([{ preview: true }, { preview: false }])("dev stack (preview: $preview)", ({ preview }) => {
    it("builds one NAT, two AZs in supported IDs, and exports the platform outputs", async () => {
      const { rec, program } = await runProgram("dev", { preview });
      expect(count(rec, "agentcore-vpc-platform:index:AgentCoreVpcPlatform")).toBe(1);
      expect(count(rec, "aws:ec2/natGateway:NatGateway")).toBe(1);
      const subnets = rec.byType("aws:ec2/subnet:Subnet");
      expect(subnets).toHaveLength(4);
      const privateZones = subnets
        .filter((s) => s.name.includes("-private-"))
        .map((s) => s.inputs["availabilityZoneId"]);
      expect(privateZones).toEqual(["use1-az1", "use1-az2"]);
      // Every stack output the contract names (the tools read them by those names), and nothing else.
      expect(Object.keys(program).sort()).toEqual([...STACK_OUTPUTS].sort());
      expect(await outputOf(program["availabilityZoneIds"] as pulumi.Output<string[]>)).toEqual([
        "use1-az1",
        "use1-az2",
      ]);
      const vpc = rec.one("aws:ec2/vpc:Vpc", "deep-insight-vpc");
      expect(vpc.inputs["tags"]).toMatchObject({ environment: "dev", "agentcore-vpc-platform:stack": "dev" });
    });
  });

  describe.each([{ preview: true }, { preview: false }])("prod stack (preview: $preview)", ({ preview }) => {
    it("builds a NAT per AZ across three supported AZ IDs", async () => {
      const { rec } = await runProgram("prod", { preview });
      expect(count(rec, "aws:ec2/natGateway:NatGateway")).toBe(3);
      const privateSubnets = rec.byType("aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
      expect(privateSubnets.map((s) => s.inputs["availabilityZoneId"])).toEqual([
        "use1-az1",
        "use1-az2",
        "use1-az4",
      ]);
      expect(privateSubnets.map((s) => s.inputs["cidrBlock"])).toEqual([
        "10.1.0.0/19",
        "10.1.32.0/19",
        "10.1.64.0/19",
      ]);
    });
  });

  it("builds the agent and executor from the repository's folders", async () => {
    const { readStackConfig } = await import("./config");
    const settings = readStackConfig(readStackFile("dev"), "dev", REPO_ROOT);
    expect(settings.args.agent).toEqual({ context: path.join(REPO_ROOT, "agent") });
    expect(settings.args.executor).toMatchObject({ context: path.join(REPO_ROOT, "executor"), minTasks: 1 });
  });
});

describe("bad stack config fails the run with the fix", () => {
  it("names the key, the bad value and the command", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:natGateways": "two" } }),
    ).rejects.toThrow(
      /agentcore-vpc-platform:natGateways: .*"none".*got "two" \(fix: pulumi config set natGateways <value> --stack dev\)/,
    );
  });

  it("flags unknown keys with a suggestion", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:natGateway": "single" } }),
    ).rejects.toThrow(/agentcore-vpc-platform:natGateway: unknown key; did you mean natGateways\?/);
  });

  it("rejects non-numbers and bad lists", async () => {
    const run = runProgram("dev", {
      config: {
        "agentcore-vpc-platform:executorMinTasks": "two",
        "agentcore-vpc-platform:availabilityZoneIds": "use1-az1,use1-az2",
      },
    });
    await expect(run).rejects.toThrow(/executorMinTasks: expected a whole number, got "two"/);
    await expect(run).rejects.toThrow(/availabilityZoneIds: expected a YAML list or map/);
  });

  it("passes component validation through: a hyphenated runtime name", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:runtimeName": "deep-insight" } }),
    ).rejects.toThrow(/runtimeName: "deep-insight" contains hyphens.*Use "deep_insight"/);
  });

  it("requires a runtime name", async () => {
    const config = readStackFile("dev");
    delete config["agentcore-vpc-platform:runtimeName"];
    const rec = await mockAccount({ project: "agentcore-vpc-platform", stack: "dev" });
    pulumi.runtime.setAllConfig(config);
    await expect(import(programEntryPoint())).rejects.toThrow(/runtimeName: is required/);
    await rec.settle();
  });

  it("fails at preview when a configured AZ ID is unsupported", async () => {
    const rec = await mockAccount({
      preview: true,
      project: "agentcore-vpc-platform",
      stack: "dev",
      zones: HOSTILE_US_EAST_1,
    });
    pulumi.runtime.setAllConfig({
      ...readStackFile("dev"),
      "agentcore-vpc-platform:availabilityZoneIds": JSON.stringify(["use1-az6", "use1-az1"]),
      "agentcore-vpc-platform:availabilityZoneCount": "2",
    });
    const program = (await import(programEntryPoint())) as Program;
    await expect(
      Promise.all([rec.settle(), outputOf(program["availabilityZoneIds"] as pulumi.Output<string[]>)]),
    ).rejects.toThrow(/use1-az6 is not supported by AgentCore VPC mode in us-east-1/);
  });
});

describe("component name from config", () => {
  it("is checked by the component, with the AWS limits behind the rule", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:name": "Deep_Insight" } }),
    ).rejects.toThrow(
      /- name: "Deep_Insight" is not a valid component name: 1–19 lowercase letters.*load balancer/,
    );
  });
});
