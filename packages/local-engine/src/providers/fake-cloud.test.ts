import { describe, expect, it } from "vitest";
import { HOSTILE_US_EAST_1, S3_PREFIX_LIST } from "agentcore-vpc-platform/testing";
import { FakeCloud } from "./fake-cloud";
import { UNKNOWN } from "../wire/values";

const ref = (type: string, name: string) => ({ type, urn: `urn:pulumi:dev::p::${type}::${name}` });

describe("FakeCloud resources", () => {
  it("answers with the mocks' outputs and an AWS-shaped id, and remembers what exists", async () => {
    const cloud = new FakeCloud();
    const repo = await cloud.create(ref("aws:ecr/repository:Repository", "agent"), {
      name: "deep-insight-agent",
    });
    expect(repo.id).toBe("deep-insight-agent");
    expect(repo.outputs.repositoryUrl).toBe(
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-agent",
    );
    expect("id" in repo.outputs).toBe(false);
    const subnet = await cloud.create(ref("aws:ec2/subnet:Subnet", "a"), { cidrBlock: "10.0.0.0/24" });
    expect(subnet.id).toMatch(/^subnet-/);
    expect(cloud.find(subnet.id)?.type).toBe("aws:ec2/subnet:Subnet");
    await cloud.delete(ref("aws:ec2/subnet:Subnet", "a"), subnet.id);
    expect(cloud.find(subnet.id)).toBeUndefined();
    expect(cloud.calls.map((c) => c.operation)).toEqual(["create", "create", "delete"]);
  });

  it("applies tags written through EC2 to what it holds, and reports each delete", async () => {
    const cloud = new FakeCloud();
    const deleted: string[] = [];
    cloud.onDelete = (id) => deleted.push(id);
    const vpc = await cloud.create(ref("aws:ec2/vpc:Vpc", "v"), {});
    cloud.applyTags([
      { resources: [vpc.id, "vpc-0000000000000000"], tags: { "sweep-after": "2030-01-01T00:00:00Z" } },
    ]);
    expect(cloud.find(vpc.id)?.addedTags).toEqual({ "sweep-after": "2030-01-01T00:00:00Z" });
    await cloud.delete(ref("aws:ec2/vpc:Vpc", "v"), vpc.id);
    expect(deleted).toEqual([vpc.id]);
  });

  it("gives the S3 gateway endpoint the account's prefix list", async () => {
    const cloud = new FakeCloud();
    const endpoint = await cloud.create(ref("aws:ec2/vpcEndpoint:VpcEndpoint", "s3"), {
      vpcEndpointType: "Gateway",
    });
    expect(endpoint.outputs.prefixListId).toBe(S3_PREFIX_LIST);
  });

  it("digests images by name, so a new tag means a new digest", async () => {
    const cloud = new FakeCloud();
    const image = ref("docker:index/image:Image", "agent-image");
    const first = await cloud.create(image, { imageName: "repo:aaa" });
    const second = await cloud.update(image, first.id, {}, first.outputs, { imageName: "repo:bbb" });
    expect(first.outputs.repoDigest).toMatch(/^repo@sha256:[0-9a-f]{64}$/);
    expect(second.repoDigest).not.toBe(first.outputs.repoDigest);
  });

  it("plans an update in preview: what the update would compute differently is unknown", async () => {
    const cloud = new FakeCloud();
    const image = ref("docker:index/image:Image", "agent-image");
    const created = await cloud.create(image, { imageName: "repo:aaa" });
    expect(cloud.previewOutputs(image, { imageName: "repo:bbb" }, created).repoDigest).toBe(UNKNOWN);
    expect(cloud.previewOutputs(image, { imageName: "repo:aaa" }, created).repoDigest).toBe(
      created.outputs.repoDigest,
    );
    expect(cloud.previewOutputs(image, { imageName: "repo:aaa" }, undefined)).toEqual({
      imageName: "repo:aaa",
    });
  });

  it("diffs inputs and names force-new changes", async () => {
    const cloud = new FakeCloud();
    const subnet = ref("aws:ec2/subnet:Subnet", "a");
    expect(await cloud.diff(subnet, "s", { cidrBlock: "a" }, {}, { cidrBlock: "a" })).toMatchObject({
      changes: "none",
    });
    expect(await cloud.diff(subnet, "s", { cidrBlock: "a" }, {}, { cidrBlock: "b" })).toMatchObject({
      changes: "some",
      replaces: ["cidrBlock"],
    });
  });

  it("refuses to update what does not exist, and reads it as gone", async () => {
    const cloud = new FakeCloud();
    const bucket = ref("aws:s3/bucket:Bucket", "b");
    await expect(cloud.update(bucket, "nope", {}, {}, {})).rejects.toThrow(/does not exist/);
    expect(await cloud.read(bucket, "nope", {}, {})).toBeUndefined();
  });
});

describe("FakeCloud invokes", () => {
  it("answers as the mocked account, with its AZ name-to-ID map", () => {
    const cloud = new FakeCloud();
    const zones = cloud.invoke("aws:index/getAvailabilityZones:getAvailabilityZones", {});
    expect(zones.zoneIds).toEqual(HOSTILE_US_EAST_1.map((z) => z.id));
    expect(cloud.invoke("aws:index/getCallerIdentity:getCallerIdentity", {}).accountId).toBe("123456789012");
  });

  it("finds the subnets it holds by tag, retained ones included, with tags added since", async () => {
    const cloud = new FakeCloud();
    const tags = { "agentcore-vpc-platform:stack": "dev", Name: "p-private-0" };
    const subnet = await cloud.create(ref("aws:ec2/subnet:Subnet", "p-private-0"), {
      vpcId: "vpc-1",
      cidrBlock: "10.0.0.0/20",
      availabilityZoneId: "use1-az1",
      tags,
    });
    await cloud.create(ref("aws:ec2/subnet:Subnet", "other"), {
      vpcId: "vpc-2",
      cidrBlock: "10.9.0.0/20",
      tags: {},
    });
    Object.assign(cloud.find(subnet.id)?.addedTags ?? {}, { swept: "later" });
    const filters = [{ name: "tag:agentcore-vpc-platform:stack", values: ["dev"] }];
    expect(cloud.invoke("aws:ec2/getSubnets:getSubnets", { filters }).ids).toEqual([subnet.id]);
    expect(cloud.invoke("aws:ec2/getSubnet:getSubnet", { id: subnet.id })).toMatchObject({
      vpcId: "vpc-1",
      cidrBlock: "10.0.0.0/20",
      availabilityZoneId: "use1-az1",
      tags: { ...tags, swept: "later" },
    });
  });

  it("fails an invoke it has no answer for, naming it", () => {
    expect(() => new FakeCloud().invoke("aws:rds/getEngineVersion:getEngineVersion", {})).toThrow(
      /no fake answer for aws:rds\/getEngineVersion/,
    );
  });
});
