/**
 * "Who am I in AWS?" before anything runs, so missing or expired credentials fail in a second with a
 * fix instead of deep inside a provider. Shared by the deploy driver and doctor.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { OperatorError } from "../errors";
import { awsCredentialsReason } from "./credentials";

export interface AwsIdentity {
  account: string;
  arn: string;
}

export interface AwsIdentityProbe {
  /** Resolves the caller identity; throws an OperatorError with the fix when credentials are unusable. */
  whoAmI(region: string | undefined): Promise<AwsIdentity>;
}

export function createStsProbe(
  makeClient: (region: string) => STSClient = (r) => new STSClient({ region: r }),
) {
  const probe: AwsIdentityProbe = {
    async whoAmI(region) {
      // STS answers in every commercial region; us-east-1 only when nothing else is known.
      const client = makeClient(region ?? "us-east-1");
      try {
        const out = await client.send(new GetCallerIdentityCommand({}));
        return { account: out.Account ?? "unknown", arn: out.Arn ?? "unknown" };
      } catch (err) {
        throw new OperatorError(awsCredentialsReason(err));
      } finally {
        client.destroy();
      }
    },
  };
  return probe;
}
