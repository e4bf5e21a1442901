import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, outputOf, type ResourceRecorder } from "../testing/mocks";
import { loadSerializedProvider } from "../testing/serialized-provider";
import { AdoptedLogGroup } from "./adopted-log-group";
import { adoptedLogGroupProvider } from "./adopted-log-group-provider";

const TYPE = "pulumi-nodejs:dynamic/agentcore:AdoptedLogGroup";
const NAME = "/aws/bedrock-agentcore/runtimes/r-a1b2c3d4e5-DEFAULT";

let rec: ResourceRecorder;
let group: AdoptedLogGroup;
let serialized: string;

beforeAll(async () => {
  rec = await installMocks();
  group = new AdoptedLogGroup("p-runtime-logs", {
    region: "us-east-1",
    logGroupName: NAME,
    retentionInDays: 14,
  });
  await rec.settle();
  serialized = String(rec.one(TYPE, "p-runtime-logs").inputs.__provider);
});

describe("AdoptedLogGroup under Pulumi mocks", () => {
  it("registers the name, retention, no tags and deletion by default", async () => {
    expect(rec.one(TYPE, "p-runtime-logs").inputs).toMatchObject({
      region: "us-east-1",
      logGroupName: NAME,
      retentionInDays: 14,
      tags: {},
      retainOnDelete: false,
    });
    expect(await outputOf(group.logGroupName)).toBe(NAME);
    expect(await outputOf(group.arn)).toBe(`arn:aws:logs:us-east-1:123456789012:log-group:${NAME}`);
  });

  it("stores a stub that requires the provider from the installed package", () => {
    expect(serialized).toContain('"adopted-log-group-provider"');
    expect(serialized).not.toMatch(/client-cloudwatch-logs|PutRetentionPolicy|dist\//);
  });

  it("runs create and delete from its serialized text", async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(CreateLogGroupCommand).resolves({});
    logs.on(PutRetentionPolicyCommand).resolves({});
    logs.on(DeleteLogGroupCommand).resolves({});
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: NAME, logGroupArn: `arn:${NAME}` }] });
    try {
      const provider = loadSerializedProvider(serialized, __dirname);
      expect(provider).not.toBe(adoptedLogGroupProvider);
      const inputs = {
        region: "us-east-1",
        logGroupName: NAME,
        retentionInDays: 14,
        tags: {},
        retainOnDelete: false,
      };
      const created = await provider.create(inputs);
      expect(created.id).toBe(NAME);
      await provider.delete!(created.id, created.outs);
      expect(logs.commandCalls(DeleteLogGroupCommand)).toHaveLength(1);
    } finally {
      logs.restore();
    }
  });
});
