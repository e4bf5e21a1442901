/**
 * What to tell the operator when AWS credentials are missing, expired or rejected.
 */
import { errorName, errorText, firstLine } from "../errors";

export const AWS_CREDENTIALS_MISSING =
  "no AWS credentials found: set AWS_PROFILE=<profile> and run `aws sso login --profile <profile>`, or export " +
  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; in CI assume a role over OIDC " +
  "(aws-actions/configure-aws-credentials with role-to-assume and `permissions: id-token: write`)";

export const AWS_CREDENTIALS_EXPIRED =
  "AWS credentials have expired: run `aws sso login` (or refresh your session token) and re-run";

export const AWS_CREDENTIALS_INVALID =
  "AWS rejected the credentials (invalid key or signature): check AWS_PROFILE / AWS_ACCESS_KEY_ID, or " +
  "re-run `aws configure` / `aws sso login`";

/** Map an AWS SDK error from a credentials probe (STS GetCallerIdentity) to the reason to print. */
export function awsCredentialsReason(err: unknown): string {
  const name = errorName(err);
  const text = errorText(err);
  if (name === "CredentialsProviderError" || /could not load credentials|no valid credential/i.test(text)) {
    return AWS_CREDENTIALS_MISSING;
  }
  if (/expired/i.test(name) || /expired/i.test(text)) return AWS_CREDENTIALS_EXPIRED;
  if (/InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient|InvalidToken/.test(name + " " + text)) {
    return AWS_CREDENTIALS_INVALID;
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|TimeoutError/.test(name + " " + text)) {
    return `could not reach AWS STS to check the credentials (${firstLine(text)}): check the network or proxy`;
  }
  return `AWS credentials check failed (${name}: ${firstLine(text)}): fix the credentials and re-run`;
}
