import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { AWS_CREDENTIALS_EXPIRED, AWS_CREDENTIALS_INVALID, AWS_CREDENTIALS_MISSING } from "./credentials";
import { createStsProbe } from "./identity";

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

function awsError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe("createStsProbe", () => {
  it("returns the caller identity, asking STS in the stack's region", async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:x" });
    const regions: string[] = [];
    const probe = createStsProbe((r) => {
      regions.push(r);
      return new STSClient({ region: r, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    });
    await expect(probe.whoAmI("eu-west-1")).resolves.toEqual({
      account: "123456789012",
      arn: "arn:aws:sts::123456789012:x",
    });
    await probe.whoAmI(undefined);
    expect(regions).toEqual(["eu-west-1", "us-east-1"]);
  });

  it.each([
    [
      awsError("CredentialsProviderError", "Could not load credentials from any providers"),
      AWS_CREDENTIALS_MISSING,
    ],
    [
      awsError("ExpiredToken", "The security token included in the request is expired"),
      AWS_CREDENTIALS_EXPIRED,
    ],
    [
      awsError("InvalidClientTokenId", "The security token included in the request is invalid."),
      AWS_CREDENTIALS_INVALID,
    ],
    [awsError("Error", "getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com"), /could not reach AWS STS/],
    [awsError("Weird", "something else"), /AWS credentials check failed \(Weird: something else\)/],
  ])("maps %s to an actionable OperatorError", async (error, expected) => {
    sts.on(GetCallerIdentityCommand).rejects(error);
    const probe = createStsProbe(
      (r) => new STSClient({ region: r, credentials: { accessKeyId: "a", secretAccessKey: "b" } }),
    );
    const failure = await probe.whoAmI("us-east-1").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OperatorError);
    if (typeof expected === "string") expect((failure as Error).message).toBe(expected);
    else expect((failure as Error).message).toMatch(expected);
  });

  it("names the fix for missing credentials: profile, SSO, OIDC in CI", () => {
    expect(AWS_CREDENTIALS_MISSING).toMatch(/AWS_PROFILE/);
    expect(AWS_CREDENTIALS_MISSING).toMatch(/aws sso login/);
    expect(AWS_CREDENTIALS_MISSING).toMatch(/role-to-assume/);
  });
});
