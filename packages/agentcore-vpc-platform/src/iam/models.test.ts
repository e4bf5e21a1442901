import { describe, it, expect } from "vitest";
import {
  INFERENCE_PROFILE_PREFIXES,
  bedrockModelResourceArns,
  modelIdProblem,
  parseInferenceProfileId,
} from "./models";

const env = { partition: "aws", accountId: "111122223333", region: "us-west-2" };

describe("bedrockModelResourceArns", () => {
  it("maps a foundation-model id to its ARN in every region", () => {
    expect(bedrockModelResourceArns(env, ["anthropic.claude-3-haiku-20240307-v1:0"])).toEqual([
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ]);
  });

  it("maps a cross-region inference profile to the profile ARN and its foundation model in all regions", () => {
    const id = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    expect(bedrockModelResourceArns(env, [id])).toEqual([
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      `arn:aws:bedrock:us-west-2:111122223333:inference-profile/${id}`,
    ]);
  });

  it("uses the partition, passes Bedrock ARNs through and deduplicates", () => {
    const arn = "arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:application-inference-profile/abc123";
    const govEnv = { ...env, partition: "aws-us-gov", region: "us-gov-west-1" };
    const ids = [
      "us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
      "anthropic.claude-3-5-sonnet-20240620-v1:0",
      arn,
    ];
    expect(bedrockModelResourceArns(govEnv, ids)).toEqual([
      "arn:aws-us-gov:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
      arn,
      "arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:inference-profile/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
    ]);
  });

  it("every geography prefix is recognised as a profile, and every profile yields exactly two ARNs", () => {
    for (const prefix of INFERENCE_PROFILE_PREFIXES) {
      const id = `${prefix}.amazon.nova-pro-v1:0`;
      expect(parseInferenceProfileId(id)).toEqual({ geography: prefix, modelId: "amazon.nova-pro-v1:0" });
      const arns = bedrockModelResourceArns(env, [id]);
      expect(arns).toHaveLength(2);
      expect(arns.every((a) => !a.endsWith("/*"))).toBe(true);
    }
    expect(parseInferenceProfileId("anthropic.claude-v2")).toBeUndefined();
  });

  it.each([
    "*",
    "anthropic.*",
    "Anthropic Claude",
    "",
    "arn:aws:bedrock:*::foundation-model/*",
    "arn:aws:s3:::x",
  ])("rejects %j", (id) => {
    expect(modelIdProblem(id)).toBeDefined();
  });
});
