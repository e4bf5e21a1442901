/** The building blocks wired the way the platform component wires them (a reference for the lead). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, it, expect } from "vitest";
import { AgentRuntimeRole, ExecutorRoles } from "../iam/roles";
import { type PolicyDocument, asList } from "../iam/policy";
import { EcrImage } from "../images/ecr-image";
import { DataBucket } from "../storage/data-bucket";
import { installMocks, isKnown, outputOf } from "../testing/mocks";
import { executorLogGroupName } from "./definitions";
import { ExecutorService } from "./executor-service";

const contextDir = fs.mkdtempSync(path.join(os.tmpdir(), "tier-"));
fs.writeFileSync(path.join(contextDir, "Dockerfile"), "FROM scratch\n");
afterAll(() => fs.rmSync(contextDir, { recursive: true, force: true }));

function wire(name: string) {
  const env = {
    partition: aws.getPartitionOutput().partition,
    accountId: aws.getCallerIdentityOutput().accountId,
    region: aws.getRegionOutput().region,
  };
  const tags = { platform: name };
  const data = new DataBucket(`${name}-data`, { tags });
  const agentImage = new EcrImage(`${name}-agent`, { context: contextDir, tags });
  const executorImage = new EcrImage(`${name}-executor`, { context: contextDir, tags });
  const logGroupName = executorLogGroupName(pulumi.getStack(), `${name}-executor`);
  const runtimeRole = new AgentRuntimeRole(`${name}-agent`, {
    ...env,
    repositoryArn: agentImage.repositoryArn,
    dataBucketArn: data.bucketArn,
    modelIds: ["us.anthropic.claude-sonnet-4-20250514-v1:0"],
    tags,
  });
  const roles = new ExecutorRoles(`${name}-executor`, {
    ...env,
    repositoryArn: executorImage.repositoryArn,
    dataBucketArn: data.bucketArn,
    logGroupName,
    tags,
  });
  const executor = new ExecutorService(`${name}-executor`, {
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    albSecurityGroupId: "sg-alb",
    executorSecurityGroupId: "sg-exec",
    image: executorImage.imageUri,
    taskRoleArn: roles.taskRoleArn,
    executionRoleArn: roles.executionRoleArn,
    region: env.region,
    dataBucketName: data.bucketName,
    tags,
  });
  return { data, agentImage, executorImage, runtimeRole, roles, executor };
}

describe("executor tier wiring", () => {
  it("update: task definition pins the built digest; policies point at this tier's repo, bucket and log group", async () => {
    const rec = await installMocks({ stack: "dev" });
    const tier = wire("p");
    await rec.settle();

    const taskDef = rec.one("aws:ecs/taskDefinition:TaskDefinition", "p-executor");
    const [container] = JSON.parse(String(taskDef.inputs["containerDefinitions"])) as { image: string }[];
    expect(container?.image).toBe(await outputOf(tier.executorImage.imageUri));
    expect(container?.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(taskDef.inputs["executionRoleArn"]).toBe(await outputOf(tier.roles.executionRoleArn));

    const policy = (name: string) =>
      JSON.parse(String(rec.one("aws:iam/rolePolicy:RolePolicy", name).inputs["policy"])) as PolicyDocument;
    const resources = (doc: PolicyDocument, action: string) =>
      doc.Statement.filter((s) => asList(s.Action).includes(action)).flatMap((s) => asList(s.Resource));

    const execution = policy("p-executor-execution-policy");
    expect(resources(execution, "ecr:BatchGetImage")).toEqual([
      await outputOf(tier.executorImage.repositoryArn),
    ]);
    expect(resources(execution, "logs:PutLogEvents")).toEqual([
      `arn:aws:logs:us-east-1:123456789012:log-group:${await outputOf(tier.executor.logGroupName)}:log-stream:*`,
    ]);
    const bucketArn = await outputOf(tier.data.bucketArn);
    expect(resources(policy("p-executor-task-policy"), "s3:GetObject")).toEqual([`${bucketArn}/*`]);
    const runtime = policy("p-agent-runtime-policy");
    expect(resources(runtime, "ecr:BatchGetImage")).toEqual([await outputOf(tier.agentImage.repositoryArn)]);
    expect(resources(runtime, "s3:ListBucket")).toEqual([bucketArn]);
  });

  it("preview: the whole tier registers; image-dependent values stay unknown", async () => {
    const rec = await installMocks({ preview: true });
    const tier = wire("q");
    await rec.settle();
    expect(rec.byType("aws:ecs/service:Service")).toHaveLength(1);
    expect(rec.byType("docker:index/image:Image")).toHaveLength(2);
    expect(await isKnown(tier.executorImage.imageUri)).toBe(false);
    const taskDef = rec.one("aws:ecs/taskDefinition:TaskDefinition", "q-executor");
    expect(pulumi.isUnknown(taskDef.inputs["containerDefinitions"])).toBe(true);
    expect(pulumi.isUnknown(taskDef.inputs["runtimePlatform"])).toBe(false);
  });
});
