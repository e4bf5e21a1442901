import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** How a private bucket is made; its resources are children of `parent`. */
export interface PrivateBucketArgs {
  readonly parent: pulumi.Resource;
  /** Keep the bucket and its protections when the stack is destroyed; otherwise it is emptied and deleted. */
  readonly retainOnDelete: boolean;
  /** Default server-side encryption. */
  readonly encryption: aws.types.input.s3.BucketServerSideEncryptionConfigurationRule;
  readonly tags: Readonly<Record<string, string>>;
}

/** The bucket and the protections every platform bucket has, for the policy and lifecycle to wait on. */
export interface PrivateBucket {
  readonly bucket: aws.s3.Bucket;
  /** Ownership, public access block and encryption: S3 serializes bucket changes, so later ones wait. */
  readonly protections: pulumi.Resource[];
}

/**
 * A bucket with object ownership enforced (access is granted by policies, not ACLs), every public access
 * setting blocked and default encryption. Its protections share the bucket's fate: a retained bucket keeps
 * them. Names: `<name>`, `<name>-ownership`, `<name>-public-access`, `<name>-encryption`.
 */
export function privateBucket(name: string, args: PrivateBucketArgs): PrivateBucket {
  const child = { parent: args.parent, retainOnDelete: args.retainOnDelete };
  const bucket = new aws.s3.Bucket(name, { forceDestroy: !args.retainOnDelete, tags: args.tags }, child);
  const ownership = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    child,
  );
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    child,
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    { bucket: bucket.id, rules: [args.encryption] },
    child,
  );
  return { bucket, protections: [ownership, publicAccess, encryption] };
}
