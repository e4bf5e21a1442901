/** The bucket the ALB's access logs and the data bucket's server access logs go to. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_DEFAULTS } from "../defaults";
import { assertLeastPrivilege } from "../iam/policy";
import { accessLogBucketPolicy } from "./log-delivery";
import { privateBucket } from "./private-bucket";

/** What writes into the bucket and how long it keeps it; normalized by `normalizeArgs`. */
export interface AccessLogBucketArgs {
  readonly partition: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  /** Grant the executor ALB's log delivery (its region's ELB account is looked up). */
  readonly albAccessLogs: boolean;
  /** Log the data bucket's requests here: its name and ARN. */
  readonly dataBucket?: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
  readonly expirationDays: number;
  /** Keep the bucket and the logs when the stack is destroyed (prod). */
  readonly retainOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Private, TLS-only bucket with S3-managed encryption (the only kind ALB access logs accept) and object
 * ownership enforced (deliveries are granted by the bucket policy, not ACLs); logs expire after
 * `expirationDays` (type `agentcore-vpc-platform:storage:AccessLogBucket`).
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  /** The bucket's name, resolved once the policy admits the log deliveries (ELB checks it when logging starts). */
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** Prefix of the ALB's logs. */
  readonly albPrefix: string = AUDIT_DEFAULTS.albLogPrefix;

  /** @param name names the bucket (autonamed from it): it must suit S3's name rule (see `./names`) */
  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:storage:AccessLogBucket", name, {}, opts);
    const child = { parent: this, retainOnDelete: args.retainOnDelete };
    const { bucket, protections } = privateBucket(name, {
      parent: this,
      retainOnDelete: args.retainOnDelete,
      encryption: { applyServerSideEncryptionByDefault: { sseAlgorithm: AUDIT_DEFAULTS.encryption } },
      tags: args.tags,
    });
    const elbAccountId = args.albAccessLogs
      ? aws.elb.getServiceAccountOutput({ region: args.region }, { parent: this }).id
      : pulumi.output(undefined);
    const policyJson = pulumi
      .all([args.partition, args.accountId, bucket.arn, elbAccountId, args.dataBucket?.arn])
      .apply(([partition, accountId, bucketArn, elbAccount, sourceBucketArn]) =>
        JSON.stringify(
          assertLeastPrivilege(
            `${name} bucket policy`,
            accessLogBucketPolicy({
              partition,
              accountId,
              bucketArn,
              alb: args.albAccessLogs
                ? { prefix: AUDIT_DEFAULTS.albLogPrefix, elbAccountId: elbAccount }
                : undefined,
              s3: sourceBucketArn
                ? { prefix: AUDIT_DEFAULTS.dataBucketLogPrefix, sourceBucketArn }
                : undefined,
            }),
          ),
        ),
      );
    // S3 rejects concurrent configuration changes on one bucket (OperationAborted), so the policy waits.
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: policyJson },
      { ...child, dependsOn: protections },
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            expiration: { days: args.expirationDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { ...child, dependsOn: [policy] },
    );
    if (args.dataBucket) {
      new aws.s3.BucketLogging(
        `${name}-data-bucket`,
        {
          bucket: args.dataBucket.name,
          targetBucket: bucket.id,
          targetPrefix: AUDIT_DEFAULTS.dataBucketLogPrefix,
          // Date-partitioned keys, so a day of logs is one prefix to list.
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        },
        { ...child, dependsOn: [policy] },
      );
    }

    this.bucketName = pulumi.all([bucket.bucket, policy.id, lifecycle.id]).apply(([b]) => b);
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
