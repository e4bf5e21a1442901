import { StackNotFoundError } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { NoStackStateError, createStackStateReader, liveIdsFromDeployment } from "./state";
import type { SelectStack } from "./state";

const deployment = {
  resources: [
    { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev" },
    { urn: "urn:…:aws:ec2/vpc:Vpc::deep-insight-vpc", id: "vpc-1" },
    { urn: "urn:…:aws:ec2/subnet:Subnet::deep-insight-private-0", id: "subnet-a" },
    { urn: "urn:…:pulumi:providers:aws::default", id: "" },
  ],
};

describe("liveIdsFromDeployment", () => {
  it("collects the ids of the resources in state", () => {
    expect([...liveIdsFromDeployment(deployment)]).toEqual(["vpc-1", "subnet-a"]);
  });

  it("is empty for a destroyed stack or an unexpected shape", () => {
    expect(liveIdsFromDeployment({}).size).toBe(0);
    expect(liveIdsFromDeployment(undefined).size).toBe(0);
    expect(liveIdsFromDeployment({ resources: "nope" }).size).toBe(0);
  });
});

describe("createStackStateReader", () => {
  const calls: { args: unknown; envVars: unknown }[] = [];
  const exporting: SelectStack = async (args, opts) => {
    calls.push({ args, envVars: opts.envVars });
    return { exportStack: async () => ({ deployment }) };
  };

  it("selects the stack in the repo against the deploy driver's backend and exports it", async () => {
    calls.length = 0;
    const reader = createStackStateReader({
      repoRoot: "/repo",
      env: {},
      exists: () => true,
      selectStack: exporting,
    });
    expect([...(await reader.liveResourceIds("dev"))]).toEqual(["vpc-1", "subnet-a"]);
    expect(calls).toEqual([
      {
        args: { stackName: "dev", workDir: "/repo" },
        envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_BACKEND_URL: "file:///repo/.pulumi-state" },
      },
    ]);
  });

  it("uses PULUMI_BACKEND_URL when set", async () => {
    calls.length = 0;
    const reader = createStackStateReader({
      repoRoot: "/repo",
      env: { PULUMI_BACKEND_URL: "s3://state-bucket/platform" },
      exists: () => false,
      selectStack: exporting,
    });
    await reader.liveResourceIds("prod");
    expect(calls[0]?.envVars).toMatchObject({ PULUMI_BACKEND_URL: "s3://state-bucket/platform" });
  });

  it("reports a missing stack as NoStackStateError", async () => {
    const reader = createStackStateReader({
      repoRoot: "/repo",
      env: {},
      exists: () => true,
      selectStack: async () => {
        throw new StackNotFoundError("error: no stack named 'dev' found");
      },
    });
    const failure = reader.liveResourceIds("dev");
    await expect(failure).rejects.toBeInstanceOf(NoStackStateError);
    await expect(failure).rejects.toThrow("stack dev has no state in file:///repo/.pulumi-state");
  });

  it("does not start the CLI when the local state directory does not exist", async () => {
    calls.length = 0;
    const reader = createStackStateReader({
      repoRoot: "/repo",
      env: {},
      exists: (p) => p !== "/repo/.pulumi-state",
      selectStack: exporting,
    });
    await expect(reader.liveResourceIds("dev")).rejects.toBeInstanceOf(NoStackStateError);
    expect(calls).toEqual([]);
  });

  it("passes other failures through", async () => {
    const reader = createStackStateReader({
      repoRoot: "/repo",
      env: {},
      exists: () => true,
      selectStack: async () => {
        throw new Error("spawn pulumi ENOENT");
      },
    });
    await expect(reader.liveResourceIds("dev")).rejects.toThrow("spawn pulumi ENOENT");
  });
});
