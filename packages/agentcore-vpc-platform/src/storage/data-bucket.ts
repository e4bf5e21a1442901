/** The platform's data bucket: input data under `data/`, per-session artifacts under `sessions/`. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformArgumentError } from "../errors";
import { assertLeastPrivilege } from "../iam/policy";
import {
  type DataBucketEncryption,
  dataBucketLifecycleRules,
  dataBucketProblems,
  tlsOnlyBucketPolicy,
} from "./rules";

export interface DataBucketArgs {
  /**
   * Keep object versions (prod). Plain so the graph is known at preview.
   * @default false
   */
  readonly versioning?: boolean;
  /**
   * Days after which objects under `sessions/` expire.
   * @default 30
   */
  readonly sessionExpirationDays?: number;
  /**
   * Default encryption: `AES256` (S3-managed keys) or `aws:kms` (the AWS-managed `aws/s3` key, with S3
   * Bucket Keys to keep KMS calls down).
   * @default "AES256"
   */
  readonly encryption?: DataBucketEncryption;
  /**
   * Keep the bucket, its objects and its protections (public access block, TLS policy, encryption) when the
   * stack is destroyed (prod). When false the bucket is emptied and deleted with the stack.
   * @default false
   */
  readonly retainOnDelete?: boolean;
  /** Tags for the bucket. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export const DATA_BUCKET_DEFAULTS = {
  versioning: false,
  sessionExpirationDays: 30,
  encryption: "AES256",
  retainOnDelete: false,
} as const;

/** Private, TLS-only, encrypted S3 bucket (type `agentcore-vpc-platform:storage:DataBucket`). */
export class DataBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: DataBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const versioning = args.versioning ?? DATA_BUCKET_DEFAULTS.versioning;
    const sessionExpirationDays = args.sessionExpirationDays ?? DATA_BUCKET_DEFAULTS.sessionExpirationDays;
    const encryption = args.encryption ?? DATA_BUCKET_DEFAULTS.encryption;
    const retainOnDelete = args.retainOnDelete ?? DATA_BUCKET_DEFAULTS.retainOnDelete;
    const problems = dataBucketProblems({ name, sessionExpirationDays, encryption });
    // Validated before super() so invalid arguments register nothing.
    if (problems.length > 0) throw new PlatformArgumentError(name, problems);
    super("agentcore-vpc-platform:storage:DataBucket", name, {}, opts);

    // Children share the bucket's fate: a retained bucket must keep its public access block and TLS policy.
    const child = { parent: this, retainOnDelete };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: !retainOnDelete, tags: args.tags }, child);
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
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: encryption },
            bucketKeyEnabled: encryption === "aws:kms",
          },
        ],
      },
      child,
    );
    // S3 rejects concurrent configuration changes on one bucket (OperationAborted), so the policy waits.
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) =>
          JSON.stringify(assertLeastPrivilege(`${name} bucket policy`, tlsOnlyBucketPolicy(arn))),
        ),
      },
      { ...child, dependsOn: [publicAccess, ownership] },
    );
    const versioned = versioning
      ? [
          new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            child,
          ),
        ]
      : [];
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucket.id, rules: dataBucketLifecycleRules(sessionExpirationDays, versioning) },
      // After versioning, as the provider documents for versioned buckets (and S3 serializes bucket changes).
      { ...child, dependsOn: versioned },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
