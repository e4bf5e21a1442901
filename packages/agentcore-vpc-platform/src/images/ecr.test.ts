import { describe, it, expect } from "vitest";
import {
  digestImageUri,
  ecrImageUriProblem,
  ecrLifecyclePolicy,
  ecrRepositoryArn,
  parseEcrImageUri,
} from "./ecr";

const digest = `sha256:${"a".repeat(64)}`;

describe("parseEcrImageUri", () => {
  it("parses tag and digest forms with partition and repository URL", () => {
    expect(parseEcrImageUri("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/agent:v1.2")).toEqual({
      registryId: "123456789012",
      region: "us-east-1",
      partition: "aws",
      repositoryName: "team/agent",
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/agent",
      tag: "v1.2",
    });
    const cn = parseEcrImageUri(`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/agent@${digest}`);
    expect(cn).toMatchObject({ partition: "aws-cn", digest, repositoryName: "agent" });
    expect(ecrRepositoryArn(cn!)).toBe("arn:aws-cn:ecr:cn-north-1:123456789012:repository/agent");
    const gov = parseEcrImageUri(`123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/agent@${digest}`);
    expect(gov?.partition).toBe("aws-us-gov");
  });

  it.each([
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com/agent", /needs a `:tag`/],
    ["docker.io/library/python:3.12", /not an ECR image URI/],
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com/Agent:v1", /not an ECR image URI/],
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com/agent@sha256:abc", /not an ECR image URI/],
    ["12345.dkr.ecr.us-east-1.amazonaws.com/agent:v1", /not an ECR image URI/],
  ])("rejects %s", (uri, message) => {
    expect(parseEcrImageUri(uri)).toBeUndefined();
    expect(ecrImageUriProblem(uri)).toMatch(message);
  });

  it("builds digest references", () => {
    expect(digestImageUri("r.example/agent", digest)).toBe(`r.example/agent@${digest}`);
    expect(
      ecrImageUriProblem(digestImageUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/a", digest)),
    ).toBeUndefined();
  });
});

describe("ecrLifecyclePolicy", () => {
  it("expires all but the newest N images of any tag", () => {
    expect(JSON.parse(ecrLifecyclePolicy(20))).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Keep the last 20 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
          action: { type: "expire" },
        },
      ],
    });
  });
});
