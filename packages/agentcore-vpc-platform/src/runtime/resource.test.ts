import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_PACKAGE } from "../provider-stub";
import { agentCoreRuntimeProvider } from "./provider";
import { AgentCoreRuntime, runtimeResourceOptions } from "./resource";
import { sampleInputs, startHarness } from "../testing/provider-harness";
import type { Harness } from "../testing/provider-harness";
import { loadSerializedProvider } from "../testing/serialized-provider";

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const unwrap = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));
const baseArgs = {
  region: "us-east-1",
  containerUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1",
  roleArn: "arn:aws:iam::123456789012:role/agent",
  subnetIds: ["subnet-0123456789abcdef0"],
  securityGroupIds: ["sg-0123456789abcdef0"],
};

let rt: AgentCoreRuntime;
let serialized: string;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const id = `${String(args.inputs.agentRuntimeName)}-abcdef1234`;
        return { id, state: { ...args.inputs, agentRuntimeId: id, status: "READY" } };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
  // Constructing the resource serializes the provider (dynamic.Resource does it in its constructor).
  rt = new AgentCoreRuntime("rt", {
    ...baseArgs,
    agentRuntimeName: "deep_insight",
    environmentVariables: { PLAIN: "x" },
  });
  await unwrap(rt.agentRuntimeId);
  serialized = String(registered.find((r) => r.name === "rt")?.inputs.__provider);
});

describe("AgentCoreRuntime under Pulumi mocks", () => {
  it("registers as the agentcore dynamic type with the computed outputs", async () => {
    expect(registered.find((r) => r.name === "rt")?.type).toBe(
      "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime",
    );
    expect(await unwrap(rt.agentRuntimeId)).toBe("deep_insight-abcdef1234");
    expect(await unwrap(rt.status)).toBe("READY");
  });

  it("stores a stub that requires the provider from the installed package, naming its version", () => {
    expect(serialized).toContain("exports.handler");
    expect(serialized).toContain('"agentcore-vpc-platform"');
    expect(serialized).toContain('"runtime-provider"');
    expect(serialized).toContain(`"${PROVIDER_PACKAGE.version}"`);
    // Nothing of the provider's own code, the SDK or a module of the package by file path is captured.
    expect(serialized).not.toMatch(/client-bedrock-agentcore-control|createRuntime|dist\/|middlewareStack/);
    expect(serialized.length).toBeLessThan(4000);
  });
});

describe("the serialized provider", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("runs check, create, read and delete from its serialized text against the control plane", async () => {
    h = await startHarness();
    const provider = loadSerializedProvider(serialized, __dirname);
    expect(provider).not.toBe(agentCoreRuntimeProvider);
    const check = await provider.check!({}, sampleInputs({ agentRuntimeName: "deep-insight" }));
    expect(check.failures?.[0]?.property).toBe("agentRuntimeName");
    const created = await provider.create(sampleInputs());
    expect(created.outs.status).toBe("READY");
    const read = await provider.read!(created.id, created.outs);
    expect(read.props.agentRuntimeVersion).toBe("1");
    await provider.delete!(created.id, created.outs);
    expect(h.fake.runtimes.size).toBe(0);
  });
});

describe("secrets", () => {
  it("keeps secret environment values secret in the outputs", async () => {
    const secretRt = new AgentCoreRuntime("secret-env", {
      ...baseArgs,
      agentRuntimeName: "secret_env",
      environmentVariables: pulumi.secret({ API_KEY: "s3cr3t" }),
    });
    expect(await pulumi.isSecret(secretRt.environmentVariables)).toBe(true);
    expect(await unwrap(secretRt.environmentVariables)).toEqual({ API_KEY: "s3cr3t" });
  });

  it("always asks the engine to store environmentVariables and the connection as secret outputs", () => {
    expect(runtimeResourceOptions().additionalSecretOutputs).toEqual(["environmentVariables", "aws"]);
    const merged = runtimeResourceOptions({
      protect: true,
      additionalSecretOutputs: ["tags", "environmentVariables"],
    });
    expect(merged).toEqual({
      protect: true,
      additionalSecretOutputs: ["tags", "environmentVariables", "aws"],
    });
  });

  it("stores the environment as a secret input too", () => {
    const inputs = registered.find((r) => r.name === "rt")?.inputs ?? {};
    // The mock monitor sees inputs after serialization: a secret arrives wrapped in its signature.
    expect(JSON.stringify(inputs["environmentVariables"])).toContain(pulumi.runtime.specialSecretSig);
  });
});
