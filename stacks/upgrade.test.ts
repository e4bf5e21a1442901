/**
 * An existing stack upgraded to this version of the program keeps every resource: the graphs in
 * testing/recorded-0.1.0 were recorded from version 0.1.0 under the same mocks (dev, prod, and a stack with an
 * explicit, unordered zone list, no NAT and a /20), with each resource's identity and the inputs that decide
 * where and under which name it lives. Names now fit each AWS service and zones keep their subnet blocks by
 * looking at the account's subnets, so the evaluation below sees the recorded subnets as existing ones.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type MockSubnet, mockAccount } from "agentcore-vpc-platform/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { runEntryPoint } from "./testing/stack-files";

interface RecordedGraph {
  config: Record<string, string>;
  resources: { type: string; name: string; retainOnDelete: boolean; inputs: Record<string, unknown> }[];
}

/** Inputs that name a resource or place it; a change to any of them replaces the resource. */
const IDENTITY_INPUTS = [
  "cidrBlock",
  "availabilityZoneId",
  "name",
  "family",
  "serviceName",
  "vpcEndpointType",
];

function recorded(label: string): RecordedGraph {
  const file = path.join(__dirname, "testing", "recorded-0.1.0", `${label}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as RecordedGraph;
}

/** The recorded stack's subnets, as the account describes them to the new program. */
function existingSubnets(graph: RecordedGraph): MockSubnet[] {
  return graph.resources
    .filter((r) => r.type === "aws:ec2/subnet:Subnet")
    .map((r) => ({
      id: `${r.name}-id`,
      vpcId: String(r.inputs["vpcId"]),
      cidrBlock: String(r.inputs["cidrBlock"]),
      availabilityZoneId: String(r.inputs["availabilityZoneId"]),
      tags: r.inputs["tags"] as Record<string, string>,
    }));
}

async function evaluate(
  graph: RecordedGraph,
  options: { preview: boolean; config?: Record<string, string> },
) {
  const stack = graph.config["agentcore-vpc-platform:runtimeName"]?.endsWith("prod") ? "prod" : "dev";
  const rec = await mockAccount({
    preview: options.preview,
    project: "agentcore-vpc-platform",
    stack,
    subnets: existingSubnets(graph),
  });
  pulumi.runtime.setAllConfig({ ...graph.config, ...options.config });
  await runEntryPoint((file) => import(file));
  await rec.settle();
  return rec;
}

const identity = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

beforeEach(() => {
  vi.resetModules();
});

describe.each(["dev", "prod", "custom"])("upgrading a %s stack recorded with 0.1.0", (label) => {
  it.each([true, false])("keeps every resource where and as it was (preview: %s)", async (preview) => {
    const before = recorded(label);
    const after = await evaluate(before, { preview });
    const now = new Map(after.resources.map((r) => [identity(r), r]));
    for (const old of before.resources) {
      const current = now.get(identity(old));
      expect(current, `${identity(old)} is gone (it would be deleted and a new one created)`).toBeDefined();
      for (const key of IDENTITY_INPUTS) {
        if (!(key in old.inputs) || pulumi.isUnknown(current?.inputs[key])) continue;
        expect(current?.inputs[key], `${identity(old)}.${key}`).toEqual(old.inputs[key]);
      }
      expect(current?.retainOnDelete, identity(old)).toBe(old.retainOnDelete);
    }
  });
});

describe("changing the zones of an existing stack", () => {
  it("gives the new zone a block no recorded subnet uses, and moves nothing else", async () => {
    const before = recorded("dev");
    const after = await evaluate(before, {
      preview: false,
      config: { "agentcore-vpc-platform:availabilityZoneIds": JSON.stringify(["use1-az1", "use1-az4"]) },
    });
    const subnets = after
      .byType("aws:ec2/subnet:Subnet")
      .map((s) => [s.name, s.inputs["cidrBlock"], s.inputs["availabilityZoneId"]])
      .sort();
    expect(subnets).toEqual([
      ["deep-insight-private-0", "10.0.0.0/19", "use1-az1"],
      ["deep-insight-private-1", "10.0.64.0/19", "use1-az4"],
      ["deep-insight-public-0", "10.0.128.0/19", "use1-az1"],
      ["deep-insight-public-1", "10.0.192.0/19", "use1-az4"],
    ]);
    const used = new Set(existingSubnets(before).map((s) => s.cidrBlock));
    expect(used.has("10.0.64.0/19") || used.has("10.0.192.0/19")).toBe(false);
  });
});
