/**
 * Every policy passes the graphs the dev and prod stacks register: in update mode (every value known, as
 * `Analyze` sees inputs during `pulumi up`) and in preview mode (computed values unknown), where a policy
 * must neither flag nor throw on what it cannot know yet.
 */
import * as policySdk from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { POLICIES } from "./policies";
import { policyProps, runPolicy } from "./testing/args";
import type { ResourceGraph } from "./testing/graph";
import { find } from "./testing/mutate";
import { recordStackGraph, STACKS } from "./testing/stacks";

const { UnknownValueError } = policySdk as unknown as { UnknownValueError: new () => Error };

const MODES = [
  { mode: "update", preview: false },
  { mode: "preview", preview: true },
] as const;

describe.each(STACKS)("the %s stack", (stack) => {
  describe.each(MODES)("in $mode mode", ({ preview }) => {
    let graph: ResourceGraph;
    beforeAll(async () => {
      graph = await recordStackGraph(stack, preview);
    });

    it("records every kind of resource the policies check", () => {
      const types = new Set(graph.resources.map((r) => r.type));
      for (const type of [
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:ecs/service:Service",
        "aws:ecs/taskDefinition:TaskDefinition",
        "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime",
        "aws:ec2/subnet:Subnet",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:cloudwatch/logGroup:LogGroup",
      ]) {
        expect(types, type).toContain(type);
      }
      const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
      expect(runtime.propertyDependencies["subnetIds"]).toHaveLength(stack === "dev" ? 2 : 3);
    });

    it.each(POLICIES.map((policy) => ({ name: policy.name, policy })))("$name passes", async ({ policy }) => {
      expect(await runPolicy(policy, graph)).toEqual([]);
    });

    if (preview) {
      it("holds values the policy SDK reports as unknown, which the policies read without failing", () => {
        const taskDefinition = find(graph, "aws:ecs/taskDefinition:TaskDefinition");
        const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
        const bucketPolicy = find(graph, "aws:s3/bucketPolicy:BucketPolicy", "-data-tls-only");
        expect(() => policyProps(taskDefinition.inputs)["containerDefinitions"]).toThrow(UnknownValueError);
        expect(() => policyProps(runtime.inputs)["containerUri"]).toThrow(UnknownValueError);
        expect(() => policyProps(runtime.outputs)["subnetIds"]).toThrow(UnknownValueError);
        expect(() => policyProps(bucketPolicy.outputs)["policy"]).toThrow(UnknownValueError);
      });
    } else {
      it("holds every value the policies read", () => {
        const taskDefinition = find(graph, "aws:ecs/taskDefinition:TaskDefinition");
        const containers = JSON.parse(String(policyProps(taskDefinition.inputs)["containerDefinitions"])) as {
          image: string;
        }[];
        expect(containers[0]?.image).toMatch(/@sha256:[0-9a-f]{64}$/);
        const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
        expect(policyProps(runtime.outputs)["subnetIds"]).toHaveLength(stack === "dev" ? 2 : 3);
      });
    }
  });
});
