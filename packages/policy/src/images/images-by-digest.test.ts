import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeContainers, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { imagesPinnedByDigest, isPinnedByDigest } from "./images-by-digest";

const DIGEST = "a".repeat(64);

describe("isPinnedByDigest", () => {
  it.each([
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/agent@sha256:${DIGEST}`,
    `public.ecr.aws/docker/library/python:3.12@sha256:${DIGEST}`,
  ])("accepts %s", (image) => {
    expect(isPinnedByDigest(image)).toBe(true);
  });
  it.each([
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:latest",
    "agent",
    `agent@sha256:${DIGEST.slice(1)}`,
    `agent@sha256:${DIGEST.toUpperCase()}`,
    `agent@sha512:${DIGEST}`,
    `@sha256:${DIGEST}`,
    undefined,
  ])("rejects %s", (image) => {
    expect(isPinnedByDigest(image)).toBe(false);
  });
});

describe("images-pinned-by-digest on broken dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("fires on a task-definition container image given by tag", async () => {
    const taskDefinition = find(graph, "aws:ecs/taskDefinition:TaskDefinition");
    const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-executor:latest";
    const broken = changeContainers(graph, taskDefinition, (containers) =>
      containers.map((c) => ({ ...c, image })),
    );
    expectViolations(await runPolicy(imagesPinnedByDigest, broken), taskDefinition, {
      problem: `container "executor" has the image "${image}", which is not pinned by digest`,
      fix: "`<repository>@sha256:<digest>`",
    });
  });

  it("fires on the runtime's containerUri given by tag", async () => {
    const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
    const broken = changeProps(graph, runtime, (props) => ({
      ...props,
      containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-agent:v1",
    }));
    expectViolations(await runPolicy(imagesPinnedByDigest, broken), runtime, {
      problem: `the runtime has the containerUri "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-agent:v1", which is not pinned by digest`,
      fix: "agentImageUri",
    });
  });

  it("recognises the runtime by its properties, whatever its dynamic type token", async () => {
    const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
    const legacy = customResource("pulumi-nodejs:dynamic:Resource", "legacy-runtime", {
      ...runtime.inputs,
      containerUri: "agent:latest",
    });
    const violations = await runPolicy(imagesPinnedByDigest, addResource(graph, legacy));
    expect(violations.map((v) => v.urn)).toEqual([legacy.urn]);
  });

  it("fires on an aws.bedrock.AgentcoreAgentRuntime image given by tag", async () => {
    const native = customResource("aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime", "native", {
      agentRuntimeArtifact: { containerConfiguration: { containerUri: "agent:latest" } },
      networkConfiguration: { networkMode: "VPC" },
    });
    const violations = await runPolicy(imagesPinnedByDigest, addResource(graph, native));
    expect(violations.map((v) => v.urn)).toEqual([native.urn]);
  });
});
