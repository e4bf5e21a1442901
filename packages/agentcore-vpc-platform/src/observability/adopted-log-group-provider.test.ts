import {
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { UNKNOWN } from "../runtime/types";
import {
  type AdoptedLogGroupInputs,
  type AdoptedLogGroupOutputs,
  adoptedLogGroupProvider,
} from "./adopted-log-group-provider";

const logs = mockClient(CloudWatchLogsClient);
const provider = adoptedLogGroupProvider as Required<typeof adoptedLogGroupProvider>;

const NAME = "/aws/bedrock-agentcore/runtimes/deep_insight_dev-a1b2c3d4e5-DEFAULT";
const ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${NAME}`;
const inputs: AdoptedLogGroupInputs = {
  region: "us-east-1",
  logGroupName: NAME,
  retentionInDays: 30,
  tags: { "agentcore-vpc-platform:stack": "dev" },
  retainOnDelete: false,
};

function logsError(name: string, message = name): CloudWatchLogsServiceException {
  return new CloudWatchLogsServiceException({
    name,
    message,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/** The group as DescribeLogGroups lists it (`arn` with `:*`, `logGroupArn` without). */
function describes(...names: string[]) {
  return {
    logGroups: names.map((n) => ({
      logGroupName: n,
      arn: `arn:aws:logs:us-east-1:123456789012:log-group:${n}:*`,
      logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${n}`,
    })),
  };
}

beforeEach(() => logs.reset());

describe("create: the runtime's group may or may not exist yet", () => {
  it("creates a missing group with its tags, then sets the retention", async () => {
    logs.on(CreateLogGroupCommand).resolves({});
    logs.on(PutRetentionPolicyCommand).resolves({});
    logs.on(DescribeLogGroupsCommand).resolves(describes(NAME));
    const created = await provider.create(inputs);
    expect(created).toEqual({ id: NAME, outs: { ...inputs, arn: ARN, adopted: false } });
    expect(logs.commandCalls(CreateLogGroupCommand)[0]?.args[0].input).toEqual({
      logGroupName: NAME,
      tags: inputs.tags,
    });
    expect(logs.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input).toEqual({
      logGroupName: NAME,
      retentionInDays: 30,
    });
    expect(logs.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("adopts a group AgentCore made first: sets the retention AWS left unset, and tags it", async () => {
    logs
      .on(CreateLogGroupCommand)
      .rejects(logsError("ResourceAlreadyExistsException", "The specified log group already exists"));
    logs.on(PutRetentionPolicyCommand).resolves({});
    logs.on(TagResourceCommand).resolves({});
    // A prefix search also returns longer names; only the exact one counts.
    logs.on(DescribeLogGroupsCommand).resolves(describes(`${NAME}-other`, NAME));
    const created = await provider.create(inputs);
    expect(created.outs).toMatchObject({ adopted: true, arn: ARN, retentionInDays: 30 });
    expect(logs.commandCalls(PutRetentionPolicyCommand)).toHaveLength(1);
    expect(logs.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: ARN,
      tags: inputs.tags,
    });
  });

  it("finds the group on a later page of DescribeLogGroups", async () => {
    logs.on(CreateLogGroupCommand).resolves({});
    logs.on(PutRetentionPolicyCommand).resolves({});
    logs
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({ ...describes(`${NAME}x`), nextToken: "t1" })
      .resolvesOnce(describes(NAME));
    expect((await provider.create(inputs)).outs?.arn).toBe(ARN);
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input.nextToken)).toEqual([
      undefined,
      "t1",
    ]);
  });

  it("fails with the AWS error and the permissions the deployer needs", async () => {
    logs
      .on(CreateLogGroupCommand)
      .rejects(logsError("AccessDeniedException", "not authorized to perform logs:CreateLogGroup"));
    await expect(provider.create(inputs)).rejects.toThrow(
      /AdoptedLogGroup \/aws\/bedrock-agentcore\/.*AccessDeniedException: not authorized.*logs:CreateLogGroup, PutRetentionPolicy/,
    );
    expect(logs.commandCalls(PutRetentionPolicyCommand)).toHaveLength(0);
  });
});

describe("update, read and delete", () => {
  const state: AdoptedLogGroupOutputs = { ...inputs, arn: ARN, adopted: true };

  it("applies a new retention and drops removed tags", async () => {
    logs.on(CreateLogGroupCommand).rejects(logsError("ResourceAlreadyExistsException"));
    logs.on(PutRetentionPolicyCommand).resolves({});
    logs.on(TagResourceCommand).resolves({});
    logs.on(UntagResourceCommand).resolves({});
    logs.on(DescribeLogGroupsCommand).resolves(describes(NAME));
    const news = { ...inputs, retentionInDays: 7, tags: { team: "data" } };
    const { outs } = await provider.update(NAME, state, news);
    expect(outs).toMatchObject({ retentionInDays: 7, adopted: true, tags: { team: "data" } });
    expect(logs.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input.retentionInDays).toBe(7);
    expect(logs.commandCalls(UntagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: ARN,
      tagKeys: ["agentcore-vpc-platform:stack"],
    });
  });

  it("diffs: retention and tags in place, a new name or region replaces (new group first)", async () => {
    expect(await provider.diff(NAME, state, { ...inputs })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff(NAME, state, { ...inputs, retentionInDays: 7 })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff(NAME, state, { ...inputs, retainOnDelete: true })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff(NAME, state, { ...inputs, logGroupName: `${NAME}2` })).toEqual({
      changes: true,
      replaces: ["logGroupName"],
      deleteBeforeReplace: false,
    });
  });

  it("reads the group, and reports one deleted out of band as gone", async () => {
    logs.on(DescribeLogGroupsCommand).resolvesOnce(describes(NAME)).resolvesOnce({ logGroups: [] });
    expect(await provider.read(NAME, state)).toEqual({ id: NAME, props: state });
    expect(await provider.read(NAME, state)).toEqual({});
  });

  it("deletes the group, succeeds when it is already gone, and keeps a retained one", async () => {
    logs.on(DeleteLogGroupCommand).resolvesOnce({}).rejectsOnce(logsError("ResourceNotFoundException"));
    await provider.delete(NAME, state);
    await provider.delete(NAME, state);
    expect(logs.commandCalls(DeleteLogGroupCommand)).toHaveLength(2);
    await provider.delete(NAME, { ...state, retainOnDelete: true });
    expect(logs.commandCalls(DeleteLogGroupCommand)).toHaveLength(2);
  });

  it("fails a delete on any other error", async () => {
    logs.on(DeleteLogGroupCommand).rejects(logsError("OperationAbortedException"));
    await expect(provider.delete(NAME, state)).rejects.toThrow(/OperationAbortedException/);
  });
});

describe("check", () => {
  it("rejects retention values CloudWatch refuses and names that are not log group names", async () => {
    const { failures } = await provider.check({} as AdoptedLogGroupInputs, {
      ...inputs,
      retentionInDays: 10,
      logGroupName: "/has space",
    });
    expect((failures ?? []).map((f) => f.property).sort()).toEqual(["logGroupName", "retentionInDays"]);
  });

  it("fails the preview when its credentials act in another account than the component's provider", async () => {
    const sts = mockClient(STSClient);
    try {
      sts
        .on(GetCallerIdentityCommand)
        .resolves({ Account: "999999999999", Arn: "arn:aws:iam::999999999999:user/x" });
      const aws = { accountId: "123456789012", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" };
      const { failures } = await provider.check({} as AdoptedLogGroupInputs, { ...inputs, aws });
      expect(failures).toEqual([
        {
          property: "aws",
          reason: expect.stringMatching(
            /^AdoptedLogGroup: .*account 999999999999.*uses account 123456789012/,
          ),
        },
      ]);
      sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
      expect((await provider.check({} as AdoptedLogGroupInputs, { ...inputs, aws })).failures).toEqual([]);
    } finally {
      sts.restore();
    }
  });

  it("passes a name that is still unknown (the runtime id arrives with the runtime)", async () => {
    const { failures } = await provider.check({} as AdoptedLogGroupInputs, {
      ...inputs,
      logGroupName: UNKNOWN,
    });
    expect(failures).toEqual([]);
  });
});
