import { afterEach, describe, expect, it } from "vitest";
import { diffRuntime } from "./diff";
import { RuntimeInitError } from "./errors";
import { agentCoreRuntimeProvider as provider } from "./provider";
import { clientTokenFor, normalizeInputs } from "./request";
import { faults } from "../testing/fake-control-plane";
import { sampleInputs, startHarness } from "../testing/provider-harness";
import type { Harness } from "../testing/provider-harness";
import { UNKNOWN } from "./types";

/** The real service text for a subnet in an unsupported AZ (as the CreateAgentRuntime waiter reports it). */
const AZ_FAILURE =
  "The following subnets are in unsupported availability zones in region us-east-1: subnet-0bbbbbbbbbbbbbbb2 " +
  "in us-east-1d (ID: use1-az6). Supported availability zones are: use1-az4, use1-az1, use1-az2";

let h: Harness;
afterEach(async () => {
  await h.stop();
});

const ops = () => h.fake.requests.map((r) => r.operation);

describe("check", () => {
  it("rejects a hyphenated name and suggests the underscore version, before any call", async () => {
    h = await startHarness();
    const result = await provider.check!({} as never, sampleInputs({ agentRuntimeName: "deep-insight" }));
    expect(result.failures).toHaveLength(1);
    expect(result.failures?.[0]?.property).toBe("agentRuntimeName");
    expect(result.failures?.[0]?.reason).toContain('use "deep_insight"');
    expect(h.fake.requests).toHaveLength(0);
  });

  it("passes valid inputs through unchanged and tolerates values unknown at preview", async () => {
    h = await startHarness();
    const news = {
      ...sampleInputs(),
      containerUri: UNKNOWN,
      subnetIds: [UNKNOWN, "subnet-0aaaaaaaaaaaaaaa1"],
    };
    const result = await provider.check!({} as never, news as never);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toBe(news);
  });
});

describe("create", () => {
  it("sends the full VPC configuration, checks status right away, and returns READY outputs", async () => {
    h = await startHarness();
    const inputs = sampleInputs();
    const result = await provider.create(inputs);

    expect(result.id).toMatch(/^deep_insight-[a-z0-9]{10}$/);
    expect(result.outs).toMatchObject({
      agentRuntimeId: result.id,
      agentRuntimeArn: `arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${result.id}`,
      agentRuntimeVersion: "1",
      status: "READY",
      environmentVariables: inputs.environmentVariables,
      idleRuntimeSessionTimeout: 900,
      maxLifetime: 28800,
    });
    // CREATING for two polls, then READY: the first Get follows Create with no wait in between.
    expect(ops()).toEqual(["CreateAgentRuntime", "GetAgentRuntime", "GetAgentRuntime", "GetAgentRuntime"]);
    const create = h.fake.requestsFor("CreateAgentRuntime")[0];
    expect(create?.body).toEqual({
      agentRuntimeName: "deep_insight",
      agentRuntimeArtifact: { containerConfiguration: { containerUri: inputs.containerUri } },
      roleArn: inputs.roleArn,
      networkConfiguration: {
        networkMode: "VPC",
        networkModeConfig: {
          subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
          securityGroups: ["sg-0ccccccccccccccc3"],
        },
      },
      clientToken: clientTokenFor("create", normalizeInputs(inputs)),
      description: "data analysis agent",
      protocolConfiguration: { serverProtocol: "HTTP" },
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
      environmentVariables: inputs.environmentVariables,
      tags: { stack: "dev" },
    });
    expect(JSON.stringify(h.fake.requests)).not.toContain("requireServiceS3Endpoint");
    expect(h.logs.some((l) => l.includes("CREATING"))).toBe(true);
    expect(h.logs.some((l) => l.includes("READY (version 1)"))).toBe(true);
  });

  it("retries a throttling burst with the same client token", async () => {
    h = await startHarness();
    h.fake.inject("CreateAgentRuntime", faults.throttling(), 3);
    const result = await provider.create(sampleInputs());
    const creates = h.fake.requestsFor("CreateAgentRuntime");
    expect(creates).toHaveLength(4);
    expect(new Set(creates.map((c) => c.body?.clientToken)).size).toBe(1);
    expect(h.fake.runtimes.size).toBe(1);
    expect(result.outs?.status).toBe("READY");
  });

  it("rides out 500s and 503s while polling", async () => {
    h = await startHarness();
    h.fake.inject("GetAgentRuntime", faults.internal(), 2);
    h.fake.inject("GetAgentRuntime", faults.serviceUnavailable(), 1);
    const result = await provider.create(sampleInputs());
    expect(result.outs?.status).toBe("READY");
    expect(h.fake.requestsFor("GetAgentRuntime")).toHaveLength(6);
  });

  it("retries the IAM-propagation validation errors until the role works", async () => {
    h = await startHarness();
    h.fake.inject("CreateAgentRuntime", faults.roleValidation(), 2);
    h.fake.inject("CreateAgentRuntime", faults.ecrAccess(), 1);
    const result = await provider.create(sampleInputs());
    expect(h.fake.requestsFor("CreateAgentRuntime")).toHaveLength(4);
    expect(result.outs?.status).toBe("READY");
  });

  it("gives up on IAM propagation after the attempt budget, with the ECR hint", async () => {
    h = await startHarness({}, { AGENTCORE_MAX_ATTEMPTS: "3" });
    h.fake.inject("CreateAgentRuntime", faults.ecrAccess(), 5);
    const error = await provider.create(sampleInputs()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("Access denied while validating ECR URI");
    expect((error as Error).message).toContain("gave up after 3 attempt(s)");
    expect((error as Error).message).toContain("ecr:BatchGetImage");
    expect(h.fake.requestsFor("CreateAgentRuntime")).toHaveLength(3);
    expect(h.fake.runtimes.size).toBe(0);
  });

  it("does not retry other validation errors", async () => {
    h = await startHarness();
    h.fake.inject(
      "CreateAgentRuntime",
      faults.validation("1 validation error detected: roleArn is malformed"),
    );
    await expect(provider.create(sampleInputs())).rejects.toThrow(
      /ValidationException: 1 validation error detected/,
    );
    expect(h.fake.requestsFor("CreateAgentRuntime")).toHaveLength(1);
  });

  it("on CREATE_FAILED deletes the runtime, waits for it to go, and reports failureReason with a hint", async () => {
    h = await startHarness();
    h.fake.failNextCreate(AZ_FAILURE);
    const error = (await provider.create(sampleInputs()).catch((e: Error) => e)) as Error;
    const id = h.fake.requestsFor("DeleteAgentRuntime")[0]?.path.split("/")[2];
    expect(id).toMatch(/^deep_insight-/);
    expect(error.message).toContain(`failed to create: status CREATE_FAILED: ${AZ_FAILURE}`);
    expect(error.message).toContain(`id ${id}`);
    expect(error.message).toContain("network.availabilityZoneIds");
    expect(error.message).toContain(`The failed runtime ${id} was deleted`);
    expect(error).not.toBeInstanceOf(RuntimeInitError);
    expect(h.fake.runtimes.size).toBe(0);
    expect(ops().at(-1)).toBe("GetAgentRuntime"); // the last look saw it gone
  });

  it("records a failed runtime it could not delete so the next up replaces it", async () => {
    h = await startHarness();
    h.fake.failNextCreate("Access denied while validating ECR URI 'x'");
    h.fake.inject(
      "DeleteAgentRuntime",
      faults.conflict("This agent has endpoints that must be deleted first"),
    );
    const inputs = { ...sampleInputs(), __provider: "serialized-provider-text" };
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeInitError);
    const init = error as RuntimeInitError;
    expect(init.id).toMatch(/^deep_insight-/);
    expect(init.properties).toMatchObject({ status: "CREATE_FAILED", agentRuntimeId: init.id });
    // The engine needs the provider to delete or replace the recorded runtime later.
    expect(init.properties.__provider).toBe("serialized-provider-text");
    expect(init.message).toContain("the next `pulumi up` replaces it");
    expect(diffRuntime(init.properties, inputs).replaces).toEqual(["status"]);
    await provider.delete!(init.id, init.properties as never);
    expect(h.fake.runtimes.size).toBe(0);
  });

  it("times out a stuck create with what it waited for, the id and the last status, and cleans up", async () => {
    h = await startHarness({}, { AGENTCORE_CREATE_TIMEOUT_MINUTES: "0.0005" });
    h.fake.stickNext("create");
    const error = (await provider.create(sampleInputs()).catch((e: Error) => e)) as Error;
    const id = [...h.fake.deleted.keys()][0];
    expect(error.message).toContain(
      `Timed out after 30 ms waiting for AgentCore runtime deep_insight to become READY after create (runtime id ${id}); ` +
        "last status seen: CREATING (version 1).",
    );
    expect(error.message).toContain("AGENTCORE_CREATE_TIMEOUT_MINUTES");
    expect(error.message).toContain(`The failed runtime ${id} was deleted`);
    expect(h.fake.runtimes.size).toBe(0);
  });

  it("explains a duplicate name with the id of the runtime holding it", async () => {
    h = await startHarness();
    const first = await provider.create(sampleInputs());
    const error = (await provider
      .create(sampleInputs({ description: "another" }))
      .catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`already used in us-east-1 by runtime ${first.id} (status READY)`);
    expect(error.message).toContain("ConflictException");
  });

  it("creates afresh when the deterministic token replays a runtime it deleted earlier", async () => {
    h = await startHarness();
    h.fake.failNextCreate(AZ_FAILURE);
    await expect(provider.create(sampleInputs())).rejects.toThrow(/was deleted/);
    const failedId = [...h.fake.deleted.keys()][0];
    const result = await provider.create(sampleInputs());
    expect(result.id).not.toBe(failedId);
    const tokens = h.fake.requestsFor("CreateAgentRuntime").map((r) => r.body?.clientToken);
    expect(tokens).toHaveLength(3);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });
});
