import { CreateTagsCommand, EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sweepMarkerId, sweepMarkerProvider } from "./provider";
import type { SweepMarkerInputs } from "./stamp";

const ec2 = mockClient(EC2Client);
const provider = sweepMarkerProvider as Required<typeof sweepMarkerProvider>;

const inputs: SweepMarkerInputs = {
  region: "us-east-1",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
  securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"],
  lingerHours: 8,
};
const allIds = [inputs.vpcId, ...inputs.subnetIds, ...inputs.securityGroupIds];

function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

/** The Value of the single sweep-after tag in a CreateTags call. */
function tagValue(call: number): string | undefined {
  return ec2.commandCalls(CreateTagsCommand)[call]?.args[0].input.Tags?.[0]?.Value;
}

beforeAll(() => {
  // The delete method logs one line per stamp; keep test output clean.
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(() => {
  ec2.reset();
  vi.useRealTimers();
});

describe("bookkeeping methods (no AWS calls)", () => {
  it("reads back what the state holds, so a refresh keeps the marker", async () => {
    expect(await provider.read("sweep-marker-vpc-0a1b2c3d4e5f60718", inputs)).toEqual({
      id: "sweep-marker-vpc-0a1b2c3d4e5f60718",
      props: inputs,
    });
    expect(ec2.calls()).toHaveLength(0);
  });

  it("creates with an id derived from the VPC and the default linger time", async () => {
    const { lingerHours: _omit, ...withoutHours } = inputs;
    const created = await provider.create(withoutHours as SweepMarkerInputs);
    expect(created.id).toBe("sweep-marker-vpc-0a1b2c3d4e5f60718");
    expect(created.id).toBe(sweepMarkerId(inputs.vpcId));
    expect(created.outs).toEqual(inputs);
    expect(ec2.calls()).toHaveLength(0);
  });

  it("updates by recording the new ids, without AWS calls when nothing was dropped", async () => {
    const news = { ...inputs, subnetIds: [...inputs.subnetIds, "subnet-0ccccccccccccccc3"] };
    expect(await provider.update("id", inputs, news)).toEqual({ outs: news });
    expect(await provider.update("id", inputs, { ...inputs })).toEqual({ outs: inputs });
    expect(ec2.calls()).toHaveLength(0);
  });

  it("stamps the subnets and groups an update drops: they are retained, and the sweep must find them", async () => {
    ec2.on(CreateTagsCommand).resolves({});
    const news = { ...inputs, subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0ccccccccccccccc3"] };
    expect(await provider.update("id", inputs, news)).toEqual({ outs: news });
    expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input.Resources)).toEqual([
      ["subnet-0aaaaaaaaaaaaaaa2"],
    ]);
  });

  it("diffs: nothing, an in-place change, or a replacement for a new VPC", async () => {
    expect(await provider.diff("id", inputs, { ...inputs })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const moreGroups = { ...inputs, securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1", "sg-0bbbbbbbbbbbbbbb2"] };
    expect(await provider.diff("id", inputs, moreGroups)).toMatchObject({ changes: true, replaces: [] });
    expect(await provider.diff("id", inputs, { ...inputs, lingerHours: 12 })).toMatchObject({
      changes: true,
    });
    expect(await provider.diff("id", inputs, { ...inputs, vpcId: "vpc-0ffffffffffffffff" })).toMatchObject({
      changes: true,
      replaces: ["vpcId"],
    });
    // A new serialized provider (an upgraded package) is an in-place change, so the new code reaches delete.
    const stored = { ...inputs, __provider: "v1" } as SweepMarkerInputs;
    expect(await provider.diff("id", stored, { ...inputs, __provider: "v2" } as SweepMarkerInputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("check fills the default and rejects an out-of-range linger time", async () => {
    const { lingerHours: _omit, ...withoutHours } = inputs;
    expect(await provider.check({} as SweepMarkerInputs, withoutHours as SweepMarkerInputs)).toEqual({
      inputs,
      failures: [],
    });
    const bad = await provider.check({} as SweepMarkerInputs, { ...inputs, lingerHours: 480 });
    expect(bad.failures).toEqual([{ property: "lingerHours", reason: expect.stringMatching(/got 480/) }]);
  });
});

describe("delete", () => {
  it("tags the VPC, subnets and security groups with now + lingerHours in one CreateTags call", async () => {
    vi.useFakeTimers({ now: new Date("2026-05-14T10:00:00.000Z"), toFake: ["Date"] });
    ec2.on(CreateTagsCommand).resolves({});
    await provider.delete("sweep-marker-vpc-0a1b2c3d4e5f60718", { ...inputs, lingerHours: 8 });
    const calls = ec2.commandCalls(CreateTagsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Resources: allIds,
      Tags: [{ Key: "agentcore-vpc-platform:sweep-after", Value: "2026-05-14T18:00:00Z" }],
    });
    expect(ec2.calls()).toHaveLength(1);
  });

  it("uses the marker's linger time", async () => {
    vi.useFakeTimers({ now: new Date("2026-05-14T10:00:00.000Z"), toFake: ["Date"] });
    ec2.on(CreateTagsCommand).resolves({});
    await provider.delete("m", { ...inputs, lingerHours: 2 });
    expect(tagValue(0)).toBe("2026-05-14T12:00:00Z");
  });

  it("skips resources already gone and still tags the rest", async () => {
    ec2
      .on(CreateTagsCommand)
      .resolves({})
      .on(CreateTagsCommand, { Resources: allIds })
      .rejects(
        ec2Error("InvalidSubnetID.NotFound", "The subnet ID 'subnet-0aaaaaaaaaaaaaaa2' does not exist"),
      )
      .on(CreateTagsCommand, { Resources: ["subnet-0aaaaaaaaaaaaaaa2"] })
      .rejects(
        ec2Error("InvalidSubnetID.NotFound", "The subnet ID 'subnet-0aaaaaaaaaaaaaaa2' does not exist"),
      );
    await expect(provider.delete("m", inputs)).resolves.toBeUndefined();
    const tagged = ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input.Resources);
    expect(tagged).toEqual([
      allIds,
      ["vpc-0a1b2c3d4e5f60718"],
      ["subnet-0aaaaaaaaaaaaaaa1"],
      ["subnet-0aaaaaaaaaaaaaaa2"],
      ["sg-0bbbbbbbbbbbbbbb1"],
    ]);
  });

  it("succeeds when everything is already gone", async () => {
    ec2
      .on(CreateTagsCommand)
      .rejects(ec2Error("InvalidSubnetID.NotFound", "gone"))
      .on(CreateTagsCommand, { Resources: allIds })
      .rejects(ec2Error("InvalidVpcID.NotFound", "The vpc ID 'vpc-0a1b2c3d4e5f60718' does not exist"))
      .on(CreateTagsCommand, { Resources: ["vpc-0a1b2c3d4e5f60718"] })
      .rejects(ec2Error("InvalidVpcID.NotFound", "gone"))
      .on(CreateTagsCommand, { Resources: ["sg-0bbbbbbbbbbbbbbb1"] })
      .rejects(ec2Error("InvalidGroup.NotFound", "gone"));
    await expect(provider.delete("m", inputs)).resolves.toBeUndefined();
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(5);
  });

  it("fails the destroy on any other error, naming the resources, the AWS error and the fix", async () => {
    ec2
      .on(CreateTagsCommand)
      .rejects(ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));
    const failure = provider.delete("m", inputs);
    await expect(failure).rejects.toThrow(
      /could not tag vpc-0a1b2c3d4e5f60718, subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2, sg-0bbbbbbbbbbbbbbb1 with agentcore-vpc-platform:sweep-after=.*UnauthorizedOperation: You are not authorized.*allow ec2:CreateTags/,
    );
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(1);
  });

  it("fails when a single-resource retry hits another error", async () => {
    // Generic behaviour first: aws-sdk-client-mock lets later, more specific matchers win.
    ec2
      .on(CreateTagsCommand)
      .rejects(ec2Error("RequestLimitExceeded", "Request limit exceeded."))
      .on(CreateTagsCommand, { Resources: allIds })
      .rejects(ec2Error("InvalidGroup.NotFound", "gone"));
    await expect(provider.delete("m", inputs)).rejects.toThrow(
      /could not tag vpc-0a1b2c3d4e5f60718 with .*RequestLimitExceeded/,
    );
  });

  it("falls back to AWS_REGION and fails clearly without any region", async () => {
    ec2.on(CreateTagsCommand).resolves({});
    vi.stubEnv("AWS_REGION", "");
    vi.stubEnv("AWS_DEFAULT_REGION", "");
    await expect(provider.delete("m", { ...inputs, region: "" })).rejects.toThrow(
      /SweepMarker m: no region in state/,
    );
    vi.stubEnv("AWS_REGION", "eu-west-1");
    await provider.delete("m", { ...inputs, region: "" });
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(1);
    vi.unstubAllEnvs();
  });

  it("makes no call when there is nothing to tag", async () => {
    await provider.delete("m", { ...inputs, vpcId: "", subnetIds: [], securityGroupIds: [] });
    expect(ec2.calls()).toHaveLength(0);
  });
});
