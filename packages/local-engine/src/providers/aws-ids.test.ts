import { describe, expect, it } from "vitest";
import { awsShapedId, hasAwsShapedId, replacingChanges } from "./aws-ids";

const urn = "urn:pulumi:dev::p::aws:ec2/subnet:Subnet::private-a";

describe("awsShapedId", () => {
  it("gives EC2 resources AWS's id shapes (as the runtime's validation expects them)", () => {
    const subnet = awsShapedId("aws:ec2/subnet:Subnet", urn, {}, 1);
    expect(subnet).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(awsShapedId("aws:ec2/securityGroup:SecurityGroup", urn, {}, 1)).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(awsShapedId("aws:ec2/vpc:Vpc", urn, {}, 1)).toMatch(/^vpc-[0-9a-f]{17}$/);
  });

  it("is stable for a URN and new for its replacement", () => {
    const first = awsShapedId("aws:ec2/subnet:Subnet", urn, {}, 1);
    expect(awsShapedId("aws:ec2/subnet:Subnet", urn, {}, 1)).toBe(first);
    expect(awsShapedId("aws:ec2/subnet:Subnet", urn, {}, 2)).not.toBe(first);
  });

  it("uses the name for resources AWS identifies by name", () => {
    expect(awsShapedId("aws:s3/bucket:Bucket", urn, { bucket: "data-123" }, 1)).toBe("data-123");
    expect(awsShapedId("aws:iam/role:Role", urn, { name: "runtime-role" }, 1)).toBe("runtime-role");
    expect(() => awsShapedId("aws:iam/role:Role", urn, {}, 1)).toThrow(/has no name/);
    expect(hasAwsShapedId("aws:lb/listener:Listener")).toBe(false);
  });
});

describe("replacingChanges", () => {
  it("picks the force-new properties of a type", () => {
    expect(replacingChanges("aws:ec2/subnet:Subnet", ["cidrBlock", "tags"])).toEqual(["cidrBlock"]);
    expect(replacingChanges("aws:ec2/subnet:Subnet", ["tags"])).toEqual([]);
    expect(replacingChanges("docker:index/image:Image", ["imageName", "build"])).toEqual([]);
  });

  it("replaces task definitions on anything but tags", () => {
    expect(
      replacingChanges("aws:ecs/taskDefinition:TaskDefinition", ["containerDefinitions", "tags", "tagsAll"]),
    ).toEqual(["containerDefinitions"]);
  });
});
