/**
 * The access-log bucket's policy: TLS only, and `s3:PutObject` for exactly the two AWS log deliveries that
 * write into it, each under its own prefix.
 */
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../iam/policy";
import { tlsOnlyBucketPolicy } from "./rules";

/** Elastic Load Balancing's log-delivery service principal (regions opened from August 2022 on). */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";
/** S3 server access logging's service principal. */
export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

export interface AccessLogPolicyInputs {
  readonly partition: string;
  readonly accountId: string;
  readonly bucketArn: string;
  /** The ALB's logs: their prefix and, in regions older than August 2022, the region's ELB account. */
  readonly alb?: { readonly prefix: string; readonly elbAccountId?: string };
  /** The data bucket's server access logs: their prefix and the only bucket allowed to deliver them. */
  readonly s3?: { readonly prefix: string; readonly sourceBucketArn: string };
}

/**
 * ALB access logs land under `<prefix>/AWSLogs/<account>/` (Elastic Load Balancing User Guide, "Enable access
 * logs": the bucket policy grants the ELB account of a region available before August 2022, or the log
 * delivery service principal in later regions; both are granted here when the account is known). S3 server
 * access logs are granted to `logging.s3.amazonaws.com` for the source bucket only (`aws:SourceArn`) and this
 * account (`aws:SourceAccount`), as the S3 User Guide's "Permissions for log delivery" prescribes.
 */
export function accessLogBucketPolicy(inputs: AccessLogPolicyInputs): PolicyDocument {
  const statements: PolicyStatement[] = [...tlsOnlyBucketPolicy(inputs.bucketArn).Statement];
  if (inputs.alb) {
    const resource = `${inputs.bucketArn}/${inputs.alb.prefix}/AWSLogs/${inputs.accountId}/*`;
    statements.push({
      Sid: "AlbAccessLogsDelivery",
      Effect: "Allow",
      Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: resource,
    });
    if (inputs.alb.elbAccountId) {
      statements.push({
        Sid: "AlbAccessLogsRegionalAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:${inputs.partition}:iam::${inputs.alb.elbAccountId}:root` },
        Action: "s3:PutObject",
        Resource: resource,
      });
    }
  }
  if (inputs.s3) {
    statements.push({
      Sid: "S3ServerAccessLogsDelivery",
      Effect: "Allow",
      Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: `${inputs.bucketArn}/${inputs.s3.prefix}*`,
      Condition: {
        ArnLike: { "aws:SourceArn": inputs.s3.sourceBucketArn },
        StringEquals: { "aws:SourceAccount": inputs.accountId },
      },
    });
  }
  return policyDocument(statements);
}

/**
 * ALB access-log prefixes may not start or end with `/` nor contain `AWSLogs` (ELB adds that itself).
 * @returns the problem, or undefined
 */
export function albLogPrefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith("/") || prefix.endsWith("/")) return `"${prefix}" may not start or end with "/".`;
  if (prefix.includes("AWSLogs")) return `"${prefix}" may not contain "AWSLogs".`;
  return undefined;
}
