/** The platform's data bucket: input data under `data/`, per-session artifacts under `sessions/`. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_BUCKET_DEFAULTS } from "../defaults";
import { assertLeastPrivilege } from "../iam/policy";
import { privateBucket } from "./private-bucket";
import { dataBucketLifecycleRules, tlsOnlyBucketPolicy } from "./rules";

/** The bucket's settings, normalized by `normalizeArgs`. */
export interface DataBucketArgs {
  /** Keep object versions (prod). */
  readonly versioning: boolean;
  /** Days after which objects under `sessions/` expire. */
  readonly sessionExpirationDays: number;
  /**
   * Keep the bucket, its objects and its protections (public access block, TLS policy, encryption) when the
   * stack is destroyed (prod). When false the bucket is emptied and deleted with the stack.
   */
  readonly retainOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Private, TLS-only, encrypted S3 bucket (type `agentcore-vpc-platform:storage:DataBucket`). */
export class DataBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  /** @param name names the bucket (autonamed from it): it must suit S3's name rule (see `./names`) */
  constructor(name: string, args: DataBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:storage:DataBucket", name, {}, opts);
    const { versioning, sessionExpirationDays, retainOnDelete } = args;
    const encryption = DATA_BUCKET_DEFAULTS.encryption;

    // Children share the bucket's fate: a retained bucket must keep its public access block and TLS policy.
    const child = { parent: this, retainOnDelete };
    const { bucket, protections } = privateBucket(name, {
      parent: this,
      retainOnDelete,
      encryption: {
        applyServerSideEncryptionByDefault: { sseAlgorithm: encryption },
        bucketKeyEnabled: false,
      },
      tags: args.tags,
    });
    // S3 rejects concurrent configuration changes on one bucket (OperationAborted), so the policy waits.
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) =>
          JSON.stringify(assertLeastPrivilege(`${name} bucket policy`, tlsOnlyBucketPolicy(arn))),
        ),
      },
      { ...child, dependsOn: protections },
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
