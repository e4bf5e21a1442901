import { CreateTagsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeCloud } from "./fake-cloud";
import { FakeEc2, listParameter, notFoundCode } from "./fake-ec2";

let cloud: FakeCloud;
let ec2: FakeEc2;
let client: EC2Client;

beforeEach(async () => {
  cloud = new FakeCloud();
  ec2 = await FakeEc2.start(cloud);
  client = new EC2Client({
    region: "us-east-1",
    endpoint: ec2.url,
    credentials: { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake" },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await ec2.stop();
});

describe("FakeEc2 through the real SDK", () => {
  it("tags resources the cloud holds", async () => {
    const vpc = await cloud.create(
      { type: "aws:ec2/vpc:Vpc", urn: "urn:pulumi:d::p::aws:ec2/vpc:Vpc::v" },
      {},
    );
    const sg = await cloud.create(
      {
        type: "aws:ec2/securityGroup:SecurityGroup",
        urn: "urn:pulumi:d::p::aws:ec2/securityGroup:SecurityGroup::s",
      },
      {},
    );
    await client.send(
      new CreateTagsCommand({
        Resources: [vpc.id, sg.id],
        Tags: [
          { Key: "k", Value: "v" },
          { Key: "x", Value: "" },
        ],
      }),
    );
    expect(cloud.find(vpc.id)?.addedTags).toEqual({ k: "v", x: "" });
    expect(cloud.find(sg.id)?.addedTags).toEqual({ k: "v", x: "" });
    expect(ec2.requestsFor("CreateTags")).toHaveLength(1);
  });

  it("answers a missing id with EC2's NotFound code, tagging nothing", async () => {
    const vpc = await cloud.create(
      { type: "aws:ec2/vpc:Vpc", urn: "urn:pulumi:d::p::aws:ec2/vpc:Vpc::v" },
      {},
    );
    const error = await client
      .send(
        new CreateTagsCommand({
          Resources: [vpc.id, "subnet-0123456789abcdef0"],
          Tags: [{ Key: "k", Value: "v" }],
        }),
      )
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("InvalidSubnetID.NotFound");
    expect(cloud.find(vpc.id)?.addedTags).toEqual({});
  });
});

describe("EC2 query helpers", () => {
  it("read list parameters in order and name NotFound codes by id prefix", () => {
    expect(
      listParameter({ "ResourceId.1": "a", "ResourceId.2": "b", "ResourceId.4": "d" }, "ResourceId"),
    ).toEqual(["a", "b"]);
    expect(notFoundCode("vpc-1")).toBe("InvalidVpcID.NotFound");
    expect(notFoundCode("sg-1")).toBe("InvalidGroup.NotFound");
    expect(notFoundCode("igw-1")).toBe("InvalidID");
  });
});
