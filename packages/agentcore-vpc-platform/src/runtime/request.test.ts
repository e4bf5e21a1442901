import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  clientTokenFor,
  normalizeInputs,
  outputsFromGet,
  tagChanges,
  toCreateRequest,
  toUpdateRequest,
} from "./request";
import { sampleInputs } from "../testing/provider-harness";

const TOKEN_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$/;

describe("normalizeInputs", () => {
  it("fills defaults so the full configuration is always sent", () => {
    const config = normalizeInputs(
      sampleInputs({
        protocol: undefined,
        environmentVariables: undefined,
        tags: undefined,
        description: undefined,
      }),
    );
    expect(config).toMatchObject({
      protocol: "HTTP",
      environmentVariables: {},
      tags: {},
      idleRuntimeSessionTimeout: 900,
      maxLifetime: 28800,
    });
    expect("description" in config).toBe(false);
  });

  it("clamps a defaulted idle timeout to a shorter maxLifetime but keeps an explicit one", () => {
    expect(normalizeInputs(sampleInputs({ maxLifetime: 300 })).idleRuntimeSessionTimeout).toBe(300);
    expect(
      normalizeInputs(sampleInputs({ maxLifetime: 300, idleRuntimeSessionTimeout: 120 }))
        .idleRuntimeSessionTimeout,
    ).toBe(120);
  });
});

describe("request mapping", () => {
  it("maps to CreateAgentRuntime in VPC mode without requireServiceS3Endpoint", () => {
    const request = toCreateRequest(normalizeInputs(sampleInputs({ protocol: "MCP", tags: {} })), "pulumi-x");
    expect(request.networkConfiguration).toEqual({
      networkMode: "VPC",
      networkModeConfig: {
        subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
        securityGroups: ["sg-0ccccccccccccccc3"],
      },
    });
    expect(request.protocolConfiguration).toEqual({ serverProtocol: "MCP" });
    expect(request.clientToken).toBe("pulumi-x");
    expect("tags" in request).toBe(false);
    expect(JSON.stringify(request)).not.toContain("requireServiceS3Endpoint");
  });

  it("maps to UpdateAgentRuntime with the id and without tags or name", () => {
    const request = toUpdateRequest("deep_insight-abcdefghij", normalizeInputs(sampleInputs()), "pulumi-y");
    expect(request.agentRuntimeId).toBe("deep_insight-abcdefghij");
    expect(Object.keys(request).sort()).toEqual(
      [
        "agentRuntimeArtifact",
        "agentRuntimeId",
        "clientToken",
        "description",
        "environmentVariables",
        "lifecycleConfiguration",
        "networkConfiguration",
        "protocolConfiguration",
        "roleArn",
      ].sort(),
    );
  });
});

describe("clientTokenFor", () => {
  it("is deterministic, order-insensitive for object keys, and inside the API's pattern", () => {
    const a = clientTokenFor("create", { x: 1, y: [1, 2] });
    expect(a).toBe(clientTokenFor("create", { y: [1, 2], x: 1 }));
    expect(a).not.toBe(clientTokenFor("create", { x: 2, y: [1, 2] }));
    expect(a).not.toBe(clientTokenFor("update", { x: 1, y: [1, 2] }));
    expect(a.length).toBeGreaterThanOrEqual(33);
    expect(a.length).toBeLessThanOrEqual(256);
    expect(a).toMatch(TOKEN_PATTERN);
  });

  it("canonicalJson drops undefined members and sorts keys", () => {
    expect(canonicalJson({ b: 1, a: undefined, c: { z: 1, y: 2 } })).toBe('{"b":1,"c":{"y":2,"z":1}}');
  });
});

describe("outputsFromGet", () => {
  it("maps a GetAgentRuntime response back to the resource's shape", () => {
    const outputs = outputsFromGet(
      {
        agentRuntimeArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-abcdefghij",
        agentRuntimeName: "x",
        agentRuntimeId: "x-abcdefghij",
        agentRuntimeVersion: "3",
        createdAt: new Date(),
        lastUpdatedAt: new Date(),
        roleArn: "arn:aws:iam::123456789012:role/r",
        status: "READY",
        lifecycleConfiguration: { maxLifetime: 600 },
        networkConfiguration: {
          networkMode: "VPC",
          networkModeConfig: { subnets: ["subnet-1"], securityGroups: ["sg-1"] },
        },
        agentRuntimeArtifact: { containerConfiguration: { containerUri: "uri:v1" } },
      },
      "us-east-1",
      { a: "b" },
    );
    expect(outputs).toEqual({
      region: "us-east-1",
      agentRuntimeName: "x",
      containerUri: "uri:v1",
      roleArn: "arn:aws:iam::123456789012:role/r",
      subnetIds: ["subnet-1"],
      securityGroupIds: ["sg-1"],
      environmentVariables: {},
      protocol: "HTTP",
      idleRuntimeSessionTimeout: 600,
      maxLifetime: 600,
      tags: { a: "b" },
      agentRuntimeId: "x-abcdefghij",
      agentRuntimeArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-abcdefghij",
      agentRuntimeVersion: "3",
      status: "READY",
    });
  });
});

describe("tagChanges", () => {
  it("removes dropped keys and sets new or changed ones", () => {
    expect(tagChanges({ a: "1", b: "2", c: "3" }, { a: "1", b: "20", d: "4" })).toEqual({
      remove: ["c"],
      set: { b: "20", d: "4" },
    });
  });
});
