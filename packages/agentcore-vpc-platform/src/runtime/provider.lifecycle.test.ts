import { afterEach, describe, expect, it } from "vitest";
import { diffRuntime } from "./diff";
import { agentCoreRuntimeProvider as provider } from "./provider";
import { faults } from "../testing/fake-control-plane";
import { sampleInputs, startHarness } from "../testing/provider-harness";
import type { Harness } from "../testing/provider-harness";
import type { RuntimeInputs, RuntimeOutputs } from "./types";

let h: Harness;
afterEach(async () => {
  await h.stop();
});

async function created(env: Record<string, string> = {}, inputs: RuntimeInputs = sampleInputs()) {
  h = await startHarness({}, env);
  const result = await provider.create(inputs);
  h.fake.requests.length = 0;
  return { id: result.id, outs: result.outs as RuntimeOutputs };
}

describe("update", () => {
  it("makes no AWS call and mints no version when only the provider code changed", async () => {
    const { id, outs } = await created();
    const stored = { ...outs, __provider: "exports.handler = /* 0.1.0 */" } as RuntimeOutputs;
    const upgraded = { ...sampleInputs(), __provider: "exports.handler = /* 0.2.0 */" } as RuntimeInputs;
    expect(diffRuntime(stored as never, upgraded as never)).toMatchObject({ changes: true, replaces: [] });
    const result = await provider.update!(id, stored, upgraded);
    expect(h.fake.requests).toEqual([]);
    expect(result.outs).toEqual(outs);
    expect(h.fake.runtimes.get(id)?.agentRuntimeVersion).toBe("1");
  });

  it("sends the full configuration, waits for the new version, and syncs tags", async () => {
    const { id, outs } = await created();
    const news = sampleInputs({
      containerUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/agent@sha256:${"b".repeat(64)}`,
      environmentVariables: { EXECUTOR_URL: "http://alb:80" },
      description: undefined,
      maxLifetime: 3600,
      tags: { team: "data" },
    });
    const result = await provider.update!(id, outs, news);

    expect(result.outs).toMatchObject({ agentRuntimeVersion: "2", status: "READY", maxLifetime: 3600 });
    const update = h.fake.requestsFor("UpdateAgentRuntime")[0];
    expect(update?.path).toBe(`/runtimes/${id}/`);
    const { clientToken, ...body } = update?.body ?? {};
    expect(clientToken).toMatch(/^pulumi-[0-9a-f]{64}$/);
    // Everything, every time: omitted inputs are sent as their defaults, never left out.
    expect(body).toEqual({
      agentRuntimeArtifact: { containerConfiguration: { containerUri: news.containerUri } },
      roleArn: news.roleArn,
      networkConfiguration: {
        networkMode: "VPC",
        networkModeConfig: { subnets: news.subnetIds, securityGroups: news.securityGroupIds },
      },
      protocolConfiguration: { serverProtocol: "HTTP" },
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 3600 },
      environmentVariables: { EXECUTOR_URL: "http://alb:80" },
    });
    expect(h.fake.runtimes.get(id)?.tags).toEqual({ team: "data" });
    expect(h.fake.requestsFor("UntagResource")[0]?.query).toEqual({ tagKeys: "stack" });
    expect(h.fake.requestsFor("TagResource")[0]?.body).toEqual({ tags: { team: "data" } });
    expect(JSON.stringify(h.fake.requests)).not.toContain("requireServiceS3Endpoint");
  });

  it("does not mistake a stale READY of the previous version for the update's result", async () => {
    const { id, outs } = await created();
    h.fake.staleReadsAfterUpdate = 2;
    const result = await provider.update!(id, outs, sampleInputs({ description: "v2" }));
    expect(result.outs).toMatchObject({ agentRuntimeVersion: "2", status: "READY" });
    // Two stale READY (version 1) reads, two UPDATING, then READY: five Gets after the update.
    const afterUpdate = h.fake.requests.map((r) => r.operation).slice(2);
    expect(afterUpdate.filter((op) => op === "GetAgentRuntime")).toHaveLength(5);
  });

  it("waits for a transition already in progress before sending the update", async () => {
    const { id, outs } = await created();
    const rt = h.fake.runtimes.get(id)!;
    Object.assign(rt, { status: "UPDATING", pollsLeft: 2, next: { status: "READY" } });
    const result = await provider.update!(id, outs, sampleInputs({ description: "v2" }));
    expect(result.outs?.status).toBe("READY");
    const order = h.fake.requests.map((r) => r.operation);
    expect(order.indexOf("UpdateAgentRuntime")).toBe(3); // after three Gets: UPDATING, UPDATING, READY
  });

  it("fails on UPDATE_FAILED with AWS's reason, the id, and what happens next", async () => {
    const { id, outs } = await created();
    h.fake.failNextUpdate(
      "Access denied while validating ECR URI '123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v2'",
    );
    const error = (await provider.update!(id, outs, sampleInputs({ description: "v2" })).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).toContain(
      `(id ${id}, us-east-1) failed to update: status UPDATE_FAILED: Access denied while validating`,
    );
    expect(error.message).toContain("ecr:GetAuthorizationToken");
    expect(error.message).toContain("retries this update");
  });

  it("retries throttled updates with the same token", async () => {
    const { id, outs } = await created();
    h.fake.inject("UpdateAgentRuntime", faults.throttling(), 2);
    await provider.update!(id, outs, sampleInputs({ description: "v2" }));
    const tokens = h.fake.requestsFor("UpdateAgentRuntime").map((r) => r.body?.clientToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
  });

  it("times out a stuck update naming the version it waited for", async () => {
    const { id, outs } = await created({ AGENTCORE_UPDATE_TIMEOUT_MINUTES: "0.0005" });
    h.fake.stickNext("update");
    await expect(provider.update!(id, outs, sampleInputs({ description: "v2" }))).rejects.toThrow(
      `Timed out after 30 ms waiting for AgentCore runtime deep_insight version 2 to become READY after update ` +
        `(runtime id ${id}); last status seen: UPDATING (version 2).`,
    );
  });

  it("tells the user to refresh when the runtime was deleted out of band", async () => {
    const { id, outs } = await created();
    h.fake.deleteOutOfBand(id);
    await expect(provider.update!(id, outs, sampleInputs({ description: "v2" }))).rejects.toThrow(
      /no longer exists .*pulumi refresh/,
    );
  });
});

describe("delete", () => {
  it("deletes and waits until GetAgentRuntime says not found", async () => {
    const { id, outs } = await created();
    await provider.delete!(id, outs);
    expect(h.fake.requests.map((r) => r.operation)).toEqual([
      "DeleteAgentRuntime",
      "GetAgentRuntime",
      "GetAgentRuntime",
      "GetAgentRuntime",
    ]);
    expect(h.fake.runtimes.has(id)).toBe(false);
    expect(h.logs.some((l) => l.includes("DELETING"))).toBe(true);
  });

  it("treats a runtime that is already gone as deleted", async () => {
    const { id, outs } = await created();
    h.fake.deleteOutOfBand(id);
    await provider.delete!(id, outs);
    expect(h.fake.requests.map((r) => r.operation)).toEqual(["DeleteAgentRuntime"]);
  });

  it("accepts AccessDenied for a missing runtime only after Get confirms it is gone", async () => {
    const { id, outs } = await created();
    h.fake.deleteOutOfBand(id);
    h.fake.accessDeniedOnMissingDelete = true;
    await provider.delete!(id, outs);
    expect(h.fake.requests.map((r) => r.operation)).toEqual(["DeleteAgentRuntime", "GetAgentRuntime"]);
  });

  it("rethrows a real AccessDenied and leaves the runtime alone", async () => {
    const { id, outs } = await created();
    h.fake.inject("DeleteAgentRuntime", faults.accessDenied("DeleteAgentRuntime"));
    await expect(provider.delete!(id, outs)).rejects.toThrow(/AccessDeniedException: .*not authorized/);
    expect(h.fake.runtimes.get(id)?.status).toBe("READY");
  });

  it("retries throttling on delete", async () => {
    const { id, outs } = await created();
    h.fake.inject("DeleteAgentRuntime", faults.throttling(), 2);
    await provider.delete!(id, outs);
    expect(h.fake.requestsFor("DeleteAgentRuntime")).toHaveLength(3);
    expect(h.fake.runtimes.has(id)).toBe(false);
  });

  it("fails on DELETE_FAILED with the reason", async () => {
    const { id, outs } = await created();
    h.fake.failNextDelete("Network interfaces are still in use");
    await expect(provider.delete!(id, outs)).rejects.toThrow(
      `failed to delete: status DELETE_FAILED: Network interfaces are still in use`,
    );
  });

  it("times out a stuck delete", async () => {
    const { id, outs } = await created({ AGENTCORE_DELETE_TIMEOUT_MINUTES: "0.0005" });
    h.fake.stickNext("delete");
    await expect(provider.delete!(id, outs)).rejects.toThrow(
      `Timed out after 30 ms waiting for AgentCore runtime ${id} to be deleted (runtime id ${id}); last status seen: DELETING (version 1).`,
    );
  });
});

describe("read", () => {
  it("returns the live configuration and tags", async () => {
    const { id, outs } = await created();
    const result = await provider.read!(id, outs);
    expect(result.id).toBe(id);
    expect(result.props).toEqual(outs);
  });

  it("surfaces drift so the next diff updates it", async () => {
    const { id, outs } = await created();
    h.fake.runtimes.get(id)!.config.environmentVariables = { EXECUTOR_URL: "changed-in-console" };
    const result = await provider.read!(id, outs);
    expect(result.props?.environmentVariables).toEqual({ EXECUTOR_URL: "changed-in-console" });
    const diff = diffRuntime(result.props as never, sampleInputs() as never);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("returns no id for a runtime deleted out of band, so refresh drops it", async () => {
    const { id, outs } = await created();
    h.fake.deleteOutOfBand(id);
    expect(await provider.read!(id, outs)).toEqual({});
  });
});
