import type * as Sdk from "@aws-sdk/client-bedrock-agentcore-control";
import { afterEach, describe, expect, it } from "vitest";
import { faults } from "./fake-control-plane";
import { startHarness } from "./provider-harness";
import type { Harness } from "./provider-harness";

const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;

let h: Harness;
afterEach(async () => {
  await h.stop();
});

const client = () => new sdk.BedrockAgentCoreControlClient({ region: "us-east-1", maxAttempts: 1 });
const createInput = (name = "fake_test"): Sdk.CreateAgentRuntimeRequest => ({
  agentRuntimeName: name,
  agentRuntimeArtifact: {
    containerConfiguration: { containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:v1" },
  },
  roleArn: "arn:aws:iam::123456789012:role/r",
  networkConfiguration: {
    networkMode: "VPC",
    networkModeConfig: { subnets: ["subnet-1"], securityGroups: ["sg-1"] },
  },
});

describe("fake control plane speaks restJson1 to the real SDK", () => {
  it("answers errors the SDK deserializes into its typed exceptions", async () => {
    h = await startHarness();
    h.fake.inject("GetAgentRuntime", faults.throttling());
    const throttled = await client()
      .send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: "x-abcdefghij" }))
      .catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(sdk.ThrottlingException);
    expect(throttled).toMatchObject({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });

    h.fake.inject("CreateAgentRuntime", faults.roleValidation());
    const invalid = await client()
      .send(new sdk.CreateAgentRuntimeCommand(createInput()))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(sdk.ValidationException);
    expect(invalid).toMatchObject({ reason: "FieldValidationFailed" });

    const missing = await client()
      .send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: "x-abcdefghij" }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(sdk.ResourceNotFoundException);
  });

  it("moves CREATING to READY over polls, lists runtimes, and rejects duplicate names", async () => {
    h = await startHarness({ pollsPerTransition: 1 });
    const c = client();
    const created = await c.send(new sdk.CreateAgentRuntimeCommand(createInput()));
    expect(created).toMatchObject({ status: "CREATING", agentRuntimeVersion: "1" });
    expect(created.createdAt).toBeInstanceOf(Date);
    const id = created.agentRuntimeId!;
    expect((await c.send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: id }))).status).toBe("CREATING");
    expect((await c.send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: id }))).status).toBe("READY");
    const listed = await c.send(new sdk.ListAgentRuntimesCommand({}));
    expect(listed.agentRuntimes?.map((r) => r.agentRuntimeId)).toEqual([id]);
    await expect(c.send(new sdk.CreateAgentRuntimeCommand(createInput()))).rejects.toBeInstanceOf(
      sdk.ConflictException,
    );
  });

  it("rejects what AWS rejects: VPC mode without its config and requireServiceS3Endpoint", async () => {
    h = await startHarness();
    const noConfig = { ...createInput(), networkConfiguration: { networkMode: "VPC" as const } };
    await expect(client().send(new sdk.CreateAgentRuntimeCommand(noConfig))).rejects.toThrow(
      "NetworkModeConfig is required for VPC mode",
    );
    const withS3 = createInput();
    withS3.networkConfiguration!.networkModeConfig!.requireServiceS3Endpoint = false;
    await expect(client().send(new sdk.CreateAgentRuntimeCommand(withS3))).rejects.toThrow(
      /requireServiceS3Endpoint/,
    );
  });
});
