/** Pure configuration of the data bucket: its TLS-only policy, lifecycle rules and argument check. */
import { type PolicyDocument, policyDocument } from "../iam/policy";

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

/** @returns why `days` cannot be the session expiry, or undefined. */
export function sessionExpirationProblem(days: number): string | undefined {
  return Number.isInteger(days) && days >= 1
    ? undefined
    : `must be a whole number of days, 1 or more, got ${days}.`;
}
