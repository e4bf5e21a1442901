import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { leastPrivilegeProblems, type PolicyDocument } from "./iam/policy";
import { AgentCoreVpcPlatform } from "./platform";
import { mockAccount } from "./testing/accounts";
import { placeholderContexts } from "./testing/contexts";
import { outputOf, type RecordedResource, type ResourceRecorder } from "./testing/mocks";

const T = {
  image: "docker:index/image:Image",
  runtime: "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime",
  marker: "pulumi-nodejs:dynamic/agentcore:SweepMarker",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  scalingTarget: "aws:appautoscaling/target:Target",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  subnet: "aws:ec2/subnet:Subnet",
} as const;

const contexts = placeholderContexts("platform-graph-");
afterAll(() => contexts.remove());

const STACKS: Record<"dev" | "prod", AgentCoreVpcPlatformArgs> = {
  dev: {
    runtimeName: "deep_insight_dev",
    network: { natGateways: "single", availabilityZoneCount: 2 },
    agent: { context: contexts.agent },
    executor: { context: contexts.executor, minTasks: 1, maxTasks: 4 },
    logRetentionDays: 7,
  },
  prod: {
    runtimeName: "deep_insight_prod",
    network: { natGateways: "perAz", availabilityZoneCount: 3, cidrBlock: "10.1.0.0/16" },
    agent: { context: contexts.agent },
    executor: { context: contexts.executor, minTasks: 2, maxTasks: 8 },
    logRetentionDays: 30,
    retainDataOnDelete: true,
    dataBucket: { versioning: true },
  },
};

async function deploy(stack: "dev" | "prod", preview = false) {
  const rec = await mockAccount({ preview, stack, project: "agentcore-vpc-platform" });
  const platform = new AgentCoreVpcPlatform("deep-insight", STACKS[stack]);
  await rec.settle();
  return { rec, platform };
}

/** The logical name of the security group whose mock id is `id`. */
function groupName(rec: ResourceRecorder, id: unknown): string | undefined {
  return rec
    .byType(T.sg)
    .find((g) => `${g.name}-id` === id)
    ?.name.replace("deep-insight-", "");
}

function only(rec: ResourceRecorder, type: string): RecordedResource {
  const found = rec.byType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as RecordedResource;
}

const DIGEST_URI =
  /^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/deep-insight-(agent|executor)@sha256:[0-9a-f]{64}$/;

describe.each(["dev", "prod"] as const)("%s platform graph (update)", (stack) => {
  it("builds both images for linux/arm64 and pins the runtime and the task definition to their digests", async () => {
    const { rec, platform } = await deploy(stack);
    const images = rec.byType(T.image);
    expect(images.map((i) => (i.inputs["build"] as Record<string, unknown>)["platform"])).toEqual([
      "linux/arm64",
      "linux/arm64",
    ]);
    const agentUri = await outputOf(platform.agentImageUri);
    const executorUri = await outputOf(platform.executorImageUri);
    expect(agentUri).toMatch(DIGEST_URI);
    expect(executorUri).toMatch(DIGEST_URI);
    expect(only(rec, T.runtime).inputs["containerUri"]).toBe(agentUri);
    const containers = JSON.parse(String(only(rec, T.taskDefinition).inputs["containerDefinitions"])) as {
      image: string;
    }[];
    expect(containers.map((c) => c.image)).toEqual([executorUri]);
  });

  it("puts the runtime in the private subnets and the runtime SG, with the executor, bucket and models in its environment", async () => {
    const { rec, platform } = await deploy(stack);
    const runtime = only(rec, T.runtime).inputs;
    expect(runtime["agentRuntimeName"]).toBe(STACKS[stack].runtimeName);
    expect(runtime["subnetIds"]).toEqual(await outputOf(platform.privateSubnetIds));
    expect((runtime["securityGroupIds"] as string[]).map((id) => groupName(rec, id))).toEqual(["runtime"]);
    expect(runtime["roleArn"]).toBe("arn:aws:iam::123456789012:role/deep-insight-runtime");
    const albDns = await outputOf(platform.albDnsName);
    expect(runtime["environmentVariables"]).toMatchObject({
      AWS_REGION: "us-east-1",
      EXECUTOR_URL: `http://${albDns}`,
      DATA_BUCKET: await outputOf(platform.dataBucketName),
      CODER_MODEL_ID: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
    const subnetsOfRuntime = rec
      .byType(T.subnet)
      .filter((s) => (runtime["subnetIds"] as string[]).includes(`${s.name}-id`));
    expect(subnetsOfRuntime.every((s) => s.name.includes("-private-"))).toBe(true);
  });

  it("creates the runtime after its role policy, the network and the sweep marker", async () => {
    const { rec } = await deploy(stack);
    const runtime = only(rec, T.runtime);
    const urnOf = (type: string, name: string) => rec.one(type, name).urn;
    expect(runtime.dependencies).toEqual(
      expect.arrayContaining([
        // Depending on a component means depending on its resources: the policy, every endpoint, the marker.
        urnOf(T.rolePolicy, "deep-insight-runtime-policy"),
        urnOf("aws:ec2/vpcEndpoint:VpcEndpoint", "deep-insight-ecr-dkr"),
        urnOf("aws:ec2/vpcEndpoint:VpcEndpoint", "deep-insight-s3"),
        urnOf(T.marker, "deep-insight-sweep-marker"),
      ]),
    );
  });

  it("wires runtime → internal ALB → executor with no public IP anywhere", async () => {
    const { rec } = await deploy(stack);
    const alb = only(rec, T.loadBalancer).inputs;
    expect(alb).toMatchObject({ internal: true, idleTimeout: 3600, loadBalancerType: "application" });
    expect((alb["securityGroups"] as string[]).map((id) => groupName(rec, id))).toEqual(["alb"]);
    const service = only(rec, T.service).inputs;
    const network = service["networkConfiguration"] as Record<string, unknown>;
    expect(network["assignPublicIp"]).toBe(false);
    expect((network["securityGroups"] as string[]).map((id) => groupName(rec, id))).toEqual(["executor"]);
    const ingress = rec
      .byType(T.ingress)
      .map(
        (r) =>
          `${groupName(rec, r.inputs["securityGroupId"])}<-${groupName(rec, r.inputs["referencedSecurityGroupId"])}:${String(r.inputs["fromPort"])}`,
      );
    expect(ingress).toEqual(
      expect.arrayContaining([
        "alb<-runtime:80",
        "executor<-alb:8080",
        "endpoints<-runtime:443",
        "endpoints<-executor:443",
      ]),
    );
    const targetGroup = only(rec, T.targetGroup).inputs;
    expect(targetGroup).toMatchObject({
      targetType: "ip",
      port: 8080,
      stickiness: { type: "lb_cookie", enabled: true },
    });
    expect(targetGroup["healthCheck"]).toMatchObject({ path: "/health", interval: 5, healthyThreshold: 2 });
    for (const resource of rec.resources) {
      expect(resource.inputs["mapPublicIpOnLaunch"] ?? false, resource.name).toBe(false);
      expect(resource.inputs["associatePublicIpAddress"] ?? false, resource.name).toBe(false);
    }
  });

  it("scales the executor between the configured bounds", async () => {
    const { rec } = await deploy(stack);
    const executor = STACKS[stack].executor ?? {};
    expect(only(rec, T.scalingTarget).inputs).toMatchObject({
      minCapacity: executor.minTasks,
      maxCapacity: executor.maxTasks,
    });
    expect(only(rec, T.service).inputs["desiredCount"]).toBe(executor.minTasks);
  });

  it("keeps every IAM policy least-privilege and the bucket TLS-only", async () => {
    const { rec } = await deploy(stack);
    const policies = rec.byType(T.rolePolicy);
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const policy of policies) {
      const doc = JSON.parse(String(policy.inputs["policy"])) as PolicyDocument;
      expect(leastPrivilegeProblems(doc), policy.name).toEqual([]);
    }
    const trust = JSON.parse(
      String(rec.one(T.role, "deep-insight-runtime").inputs["assumeRolePolicy"]),
    ) as PolicyDocument;
    expect(JSON.stringify(trust)).toContain("bedrock-agentcore.amazonaws.com");
    expect(JSON.stringify(trust)).toContain("aws:SourceAccount");
    expect(JSON.stringify(trust)).toContain("aws:SourceArn");
    const bucketPolicy = JSON.stringify(only(rec, T.bucketPolicy).inputs["policy"]);
    expect(bucketPolicy).toContain("aws:SecureTransport");
  });

  it("retains the ENI-blocked network always, and the data and images only in prod", async () => {
    const { rec } = await deploy(stack);
    const retained = new Set(rec.resources.filter((r) => r.retainOnDelete).map((r) => r.type));
    expect(retained.has("aws:ec2/vpc:Vpc")).toBe(true);
    expect(retained.has(T.subnet)).toBe(true);
    expect(retained.has(T.sg)).toBe(true);
    expect(retained.has("aws:s3/bucket:Bucket")).toBe(stack === "prod");
    expect(retained.has("aws:ecr/repository:Repository")).toBe(stack === "prod");
    for (const type of [
      T.runtime,
      T.service,
      T.loadBalancer,
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/vpcEndpoint:VpcEndpoint",
    ]) {
      expect(retained.has(type), type).toBe(false);
    }
  });
});

describe("preview", () => {
  it.each(["dev", "prod"] as const)(
    "%s registers the same graph, with digests still unknown",
    async (stack) => {
      const update = await deploy(stack, false);
      const preview = await deploy(stack, true);
      const types = (rec: ResourceRecorder) => rec.resources.map((r) => `${r.type} ${r.name}`).sort();
      expect(types(preview.rec)).toEqual(types(update.rec));
      expect(pulumi.isUnknown(only(preview.rec, T.runtime).inputs["containerUri"])).toBe(true);
    },
  );
});

describe("unchanged sources", () => {
  const imageInputs = (rec: ResourceRecorder) => rec.byType(T.image).map((i) => JSON.stringify(i.inputs));
  const pinned = (rec: ResourceRecorder) => [
    only(rec, T.runtime).inputs["containerUri"],
    only(rec, T.taskDefinition).inputs["containerDefinitions"],
  ];

  it("give identical image inputs, runtime URI and task definition; a changed file changes them", async () => {
    const first = await deploy("dev");
    const second = await deploy("dev");
    expect(imageInputs(second.rec)).toEqual(imageInputs(first.rec));
    expect(pinned(second.rec)).toEqual(pinned(first.rec));

    fs.writeFileSync(path.join(contexts.agent, "main.js"), `console.log("agent v2");\n`);
    const third = await deploy("dev");
    const [agentBefore, executorBefore] = imageInputs(first.rec);
    const [agentAfter, executorAfter] = imageInputs(third.rec);
    expect(agentAfter).not.toEqual(agentBefore);
    expect(executorAfter).toEqual(executorBefore);
    expect(only(third.rec, T.runtime).inputs["containerUri"]).not.toEqual(
      only(first.rec, T.runtime).inputs["containerUri"],
    );
    expect(only(third.rec, T.taskDefinition).inputs["containerDefinitions"]).toEqual(
      only(first.rec, T.taskDefinition).inputs["containerDefinitions"],
    );
  });
});
