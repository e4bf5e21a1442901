/** Pure configuration of the data bucket: its TLS-only policy, lifecycle rules and argument checks. */
import type { ArgumentProblem } from "../errors";
import { type PolicyDocument, policyDocument } from "../iam/policy";

/** Server-side encryption: S3-managed keys, or the account's AWS-managed `aws/s3` KMS key. */
export type DataBucketEncryption = "AES256" | "aws:kms";

/** Prefix the agent writes per-session data and artifacts under (`sessions/<id>/artifacts/`). */
export const SESSIONS_PREFIX = "sessions/";

/**
 * Denies every request that does not use TLS. A Deny with `"Principal": "*"` and `s3:*` is the intended
 * shape here: it removes access for everyone, including the account's own roles, and grants nothing.
 */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}

export interface LifecycleRule {
  readonly id: string;
  readonly status: "Enabled";
  readonly filter: { readonly prefix: string };
  readonly expiration?: { readonly days: number };
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number };
  readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number };
}

/**
 * Session objects expire after `sessionExpirationDays` (and, when versioned, their old versions too, or
 * expiry would only hide them). Incomplete multipart uploads are dropped after a week everywhere: they are
 * invisible and billed.
 */
export function dataBucketLifecycleRules(sessionExpirationDays: number, versioned: boolean): LifecycleRule[] {
  const sessions: LifecycleRule = {
    id: "expire-sessions",
    status: "Enabled",
    filter: { prefix: SESSIONS_PREFIX },
    expiration: { days: sessionExpirationDays },
    ...(versioned ? { noncurrentVersionExpiration: { noncurrentDays: sessionExpirationDays } } : {}),
  };
  return [
    sessions,
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: { prefix: "" },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
}

// The bucket is autonamed `<name>-<7 hex>`, so the component name must fit S3's rule with 8 characters to spare.
const BUCKET_NAME_PREFIX = /^[a-z0-9][a-z0-9-]{2,54}$/;

/** Checks the plain-valued arguments of the data bucket, including the component name it is autonamed from. */
export function dataBucketProblems(
  args: { readonly name: string; readonly sessionExpirationDays: number; readonly encryption: string },
  pathPrefix = "",
): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  if (!BUCKET_NAME_PREFIX.test(args.name)) {
    problems.push({
      path: `${pathPrefix}name`,
      reason: `"${args.name}" names the S3 bucket: 3–55 lowercase letters, digits or hyphens, starting with a letter or digit.`,
    });
  }
  const days = args.sessionExpirationDays;
  if (!Number.isInteger(days) || days < 1) {
    problems.push({
      path: `${pathPrefix}sessionExpirationDays`,
      reason: `must be a whole number of days, 1 or more, got ${days}.`,
    });
  }
  if (args.encryption !== "AES256" && args.encryption !== "aws:kms") {
    problems.push({
      path: `${pathPrefix}encryption`,
      reason: `must be "AES256" or "aws:kms", got "${args.encryption}".`,
    });
  }
  return problems;
}
