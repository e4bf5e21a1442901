import { describe, it, expect } from "vitest";
import { type PolicyDocument } from "../iam/policy";
import { installMocks, isKnown, outputOf } from "../testing/mocks";
import { DataBucket } from "./data-bucket";

const S3 = "aws:s3/";

describe("DataBucket under mocks", () => {
  it("preview: private, TLS-only, encrypted, owner-enforced, deletable by default", async () => {
    const rec = await installMocks({ preview: true });
    const data = new DataBucket("p-data", {
      versioning: false,
      sessionExpirationDays: 30,
      retainOnDelete: false,
      tags: { env: "dev" },
    });
    await rec.settle();

    const bucket = rec.one(`${S3}bucket:Bucket`, "p-data");
    expect(bucket.inputs["forceDestroy"]).toBe(true);
    expect(bucket.inputs["tags"]).toEqual({ env: "dev" });
    expect(
      rec.one(`${S3}bucketPublicAccessBlock:BucketPublicAccessBlock`, "p-data-public-access").inputs,
    ).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      rec.one(`${S3}bucketOwnershipControls:BucketOwnershipControls`, "p-data-ownership").inputs["rule"],
    ).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    const sse = rec.one(
      `${S3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`,
      "p-data-encryption",
    );
    expect(sse.inputs["rules"]).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
    ]);
    const lifecycle = rec.one(
      `${S3}bucketLifecycleConfiguration:BucketLifecycleConfiguration`,
      "p-data-lifecycle",
    );
    expect(lifecycle.inputs["rules"]).toContainEqual(
      expect.objectContaining({ filter: { prefix: "sessions/" }, expiration: { days: 30 } }),
    );
    expect(rec.byType(`${S3}bucketVersioning:BucketVersioning`)).toEqual([]);
    expect(rec.resources.filter((r) => r.custom).every((r) => !r.retainOnDelete)).toBe(true);
    // The bucket ARN is unknown in preview, so the policy is too; it is checked in update mode below.
    expect(rec.one(`${S3}bucketPolicy:BucketPolicy`, "p-data-tls-only").dependencies).toContain(
      rec.one(`${S3}bucketPublicAccessBlock:BucketPublicAccessBlock`, "p-data-public-access").urn,
    );
    expect(await isKnown(data.bucketArn)).toBe(false);
  });

  it("update, prod settings: retained with its protections, versioned, TLS-only policy", async () => {
    const rec = await installMocks();
    const data = new DataBucket("prod-data", {
      versioning: true,
      retainOnDelete: true,
      sessionExpirationDays: 90,
      tags: {},
    });
    await rec.settle();

    const custom = rec.resources.filter((r) => r.custom);
    expect(custom.map((r) => r.type.split(":")[2]).sort()).toEqual([
      "Bucket",
      "BucketLifecycleConfiguration",
      "BucketOwnershipControls",
      "BucketPolicy",
      "BucketPublicAccessBlock",
      "BucketServerSideEncryptionConfiguration",
      "BucketVersioning",
    ]);
    for (const r of custom) expect(r.retainOnDelete, r.name).toBe(true);
    expect(rec.one(`${S3}bucket:Bucket`, "prod-data").inputs["forceDestroy"]).toBe(false);
    expect(
      rec.one(`${S3}bucketVersioning:BucketVersioning`, "prod-data-versioning").inputs[
        "versioningConfiguration"
      ],
    ).toEqual({
      status: "Enabled",
    });
    const lifecycle = rec.one(
      `${S3}bucketLifecycleConfiguration:BucketLifecycleConfiguration`,
      "prod-data-lifecycle",
    );
    expect(lifecycle.dependencies).toContain(
      rec.one(`${S3}bucketVersioning:BucketVersioning`, "prod-data-versioning").urn,
    );
    const sse = rec.one(
      `${S3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`,
      "prod-data-encryption",
    );
    expect(sse.retainOnDelete).toBe(true);

    const policy = JSON.parse(
      String(rec.one(`${S3}bucketPolicy:BucketPolicy`, "prod-data-tls-only").inputs["policy"]),
    ) as PolicyDocument;
    const arn = await outputOf(data.bucketArn);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    ]);
    expect(await outputOf(data.bucketName)).toBe("prod-data-abc123");
  });
});
