/** Every S3 bucket blocks public access, accepts only TLS requests, and has default encryption. */
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { type Finding, reportFindings, type ResourceClass } from "../resource/finding";
import { plainProps } from "../resource/plain";
import {
  bucketEncryptsInline,
  encryptionConfigurationSetsDefault,
  PUBLIC_ACCESS_FLAGS,
  publicAccessGaps,
  tlsOnlyGap,
} from "./bucket-rules";

const BUCKETS: readonly ResourceClass[] = [aws.s3.Bucket, aws.s3.BucketV2];
const ENCRYPTION: readonly ResourceClass[] = [
  aws.s3.BucketServerSideEncryptionConfiguration,
  aws.s3.BucketServerSideEncryptionConfigurationV2,
];

function isAny(resource: PolicyResource, classes: readonly ResourceClass[]): boolean {
  return classes.some((c) => resource.isType(c));
}

/**
 * Resources of `classes` that configure `bucket`: their `bucket` input came from it (property
 * dependencies, known at preview too) or names it (an existing bucket's name given as text).
 */
function companions(
  bucket: PolicyResource,
  resources: readonly PolicyResource[],
  classes: readonly ResourceClass[],
) {
  const bucketProps = plainProps(bucket.props);
  const names = [bucketProps["bucket"], bucketProps["id"]].filter((n) => typeof n === "string");
  return resources.filter((r) => {
    if (!isAny(r, classes)) return false;
    if ((r.propertyDependencies["bucket"] ?? []).some((d) => d.urn === bucket.urn)) return true;
    const target = plainProps(r.props)["bucket"];
    return typeof target === "string" && names.includes(target);
  });
}

/** An account-wide public access block with every flag set protects every bucket of the account. */
function accountBlocksPublicAccess(resources: readonly PolicyResource[]): boolean {
  return resources.some(
    (r) => r.isType(aws.s3.AccountPublicAccessBlock) && publicAccessGaps(plainProps(r.props)).length === 0,
  );
}

function publicAccessFindings(bucket: PolicyResource, resources: readonly PolicyResource[]): Finding[] {
  if (accountBlocksPublicAccess(resources)) return [];
  const blocks = companions(bucket, resources, [aws.s3.BucketPublicAccessBlock]);
  const fix = `add an aws.s3.BucketPublicAccessBlock for this bucket with ${PUBLIC_ACCESS_FLAGS.map((f) => `${f}: true`).join(", ")}`;
  if (blocks.length === 0) return [{ problem: "no public access block covers the bucket", fix }];
  const complete = blocks.some((b) => publicAccessGaps(plainProps(b.props)).length === 0);
  if (complete) return [];
  const gaps = publicAccessGaps(plainProps((blocks[0] as PolicyResource).props));
  return [
    {
      problem: `its public access block "${(blocks[0] as PolicyResource).name}" leaves ${gaps.join(", ")} off`,
      fix,
    },
  ];
}

function encryptionFindings(bucket: PolicyResource, resources: readonly PolicyResource[]): Finding[] {
  if (bucketEncryptsInline(plainProps(bucket.props))) return [];
  const configs = companions(bucket, resources, ENCRYPTION);
  if (configs.some((c) => encryptionConfigurationSetsDefault(plainProps(c.props)))) return [];
  return [
    {
      problem: "no server-side encryption configuration sets a default algorithm for the bucket",
      fix: 'add an aws.s3.BucketServerSideEncryptionConfiguration for this bucket with rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] (or "aws:kms")',
    },
  ];
}

const TLS_FIX =
  'add an aws.s3.BucketPolicy with a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }';

function tlsFindings(bucket: PolicyResource, resources: readonly PolicyResource[]): Finding[] {
  const bucketProps = plainProps(bucket.props);
  const inline = bucketProps["policy"];
  const arn = typeof bucketProps["arn"] === "string" ? bucketProps["arn"] : undefined;
  const documents = [
    ...(inline === undefined || inline === null || inline === "" ? [] : [inline]),
    ...companions(bucket, resources, [aws.s3.BucketPolicy]).map((p) => plainProps(p.props)["policy"]),
  ];
  if (documents.length === 0)
    return [{ problem: "no bucket policy denies requests without TLS", fix: TLS_FIX }];
  const gaps = documents.map((document) => tlsOnlyGap(document, arn));
  if (gaps.some((gap) => gap === undefined)) return [];
  return [{ problem: gaps.join("; "), fix: TLS_FIX }];
}

/** Every protection a bucket lacks, judged on the whole stack. */
export function bucketFindings(bucket: PolicyResource, resources: readonly PolicyResource[]): Finding[] {
  return [
    ...publicAccessFindings(bucket, resources),
    ...tlsFindings(bucket, resources),
    ...encryptionFindings(bucket, resources),
  ];
}

export const s3BucketsProtected: StackValidationPolicy = {
  name: "s3-buckets-protected",
  description:
    "Every S3 bucket has a public access block with all four settings on, a bucket policy that denies requests without TLS, and default server-side encryption.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const bucket of args.resources.filter((r) => isAny(r, BUCKETS))) {
      reportFindings(bucket, bucketFindings(bucket, args.resources), reportViolation);
    }
  },
};
