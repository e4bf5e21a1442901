import { StackNotFoundError } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { fakeEngine } from "../testing/fake-engine";
import type { FakeEngineOptions } from "../testing/fake-engine";
import { NoStackStateError, createStackStateReader, liveIdsFromDeployment } from "./state";

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
  function reader(
    engineOptions: FakeEngineOptions,
    env: Record<string, string> = {},
    exists: (p: string) => boolean = () => true,
  ) {
    const engine = fakeEngine(engineOptions);
    return { engine, reader: createStackStateReader({ engine, projectRoot: "/repo", env, exists }) };
  }

  it("opens the stack in the project against the deploy driver's backend and exports it", async () => {
    const { engine, reader: r } = reader({ deployment });
    expect([...(await r.liveResourceIds("dev"))]).toEqual(["vpc-1", "subnet-a"]);
    expect(engine.selections).toEqual([
      {
        stackName: "dev",
        workDir: "/repo",
        envVars: { PULUMI_BACKEND_URL: "file:///repo/.pulumi-state" },
        secretsProvider: "passphrase",
        create: false,
      },
    ]);
  });

  it("uses PULUMI_BACKEND_URL when set, whether or not a local state folder exists", async () => {
    const { engine, reader: r } = reader(
      { deployment },
      { PULUMI_BACKEND_URL: "s3://state-bucket/platform" },
      () => false,
    );
    await r.liveResourceIds("prod");
    expect(engine.selections[0]?.envVars).toEqual({ PULUMI_BACKEND_URL: "s3://state-bucket/platform" });
  });

  it("reports a missing stack as NoStackStateError", async () => {
    const { reader: r } = reader({
      selectError: new StackNotFoundError("error: no stack named 'dev' found"),
    });
    const failure = r.liveResourceIds("dev");
    await expect(failure).rejects.toBeInstanceOf(NoStackStateError);
    await expect(failure).rejects.toThrow("stack dev has no state in file:///repo/.pulumi-state");
  });

  it("does not start the CLI when the local state folder does not exist", async () => {
    const { engine, reader: r } = reader({ deployment }, {}, (p) => p !== "/repo/.pulumi-state");
    await expect(r.liveResourceIds("dev")).rejects.toBeInstanceOf(NoStackStateError);
    expect(engine.selections).toEqual([]);
  });

  it("passes other failures through", async () => {
    const { reader: r } = reader({ selectError: new Error("spawn pulumi ENOENT") });
    await expect(r.liveResourceIds("dev")).rejects.toThrow("spawn pulumi ENOENT");
  });
});
