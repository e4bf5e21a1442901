import { describe, expect, it } from "vitest";
import { AUDIT_DEFAULTS } from "../defaults";
import { type PolicyDocument, leastPrivilegeProblems } from "../iam/policy";
import { installMocks, outputOf } from "../testing/mocks";
import { AccessLogBucket } from "./access-log-bucket";
import { albLogPrefixProblem } from "./log-delivery";

const S3 = "aws:s3/";
const args = {
  partition: "aws",
  accountId: "123456789012",
  region: "us-east-1",
  albAccessLogs: true,
  dataBucket: { name: "p-data-abc123", arn: "arn:aws:s3:::p-data-abc123" },
  expirationDays: 365,
  retainOnDelete: false,
  tags: { env: "test" },
};

describe.each([true, false])("AccessLogBucket (preview=%s)", (preview) => {
  it("is private, owner-enforced and encrypted with S3-managed keys (the only kind ALB logs accept)", async () => {
    const rec = await installMocks({ preview });
    new AccessLogBucket("p-logs", args);
    await rec.settle();
    expect(
      rec.one(`${S3}bucketPublicAccessBlock:BucketPublicAccessBlock`, "p-logs-public-access").inputs,
    ).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      rec.one(`${S3}bucketOwnershipControls:BucketOwnershipControls`, "p-logs-ownership").inputs["rule"],
    ).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(
      rec.one(
        `${S3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`,
        "p-logs-encryption",
      ).inputs["rules"],
    ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(
      rec.one(`${S3}bucketLifecycleConfiguration:BucketLifecycleConfiguration`, "p-logs-lifecycle").inputs[
        "rules"
      ],
    ).toEqual([
      expect.objectContaining({ expiration: { days: 365 }, filter: { prefix: "" }, status: "Enabled" }),
    ]);
    expect(rec.one(`${S3}bucket:Bucket`, "p-logs").inputs["forceDestroy"]).toBe(true);
  });

  it("logs the data bucket's requests under its prefix, after the policy admits S3's delivery", async () => {
    const rec = await installMocks({ preview });
    new AccessLogBucket("p-logs", args);
    await rec.settle();
    const logging = rec.one(`${S3}bucketLogging:BucketLogging`, "p-logs-data-bucket");
    expect(logging.inputs).toMatchObject({ bucket: "p-data-abc123", targetPrefix: "s3/data/" });
    expect(logging.dependencies).toContain(rec.one(`${S3}bucketPolicy:BucketPolicy`, "p-logs-policy").urn);
  });
});

describe("AccessLogBucket (update)", () => {
  it("writes the policy for both deliveries, with the region's ELB account, and passes the least-privilege rules", async () => {
    const rec = await installMocks();
    const logs = new AccessLogBucket("p-logs", args);
    await rec.settle();
    const doc = JSON.parse(
      String(rec.one(`${S3}bucketPolicy:BucketPolicy`, "p-logs-policy").inputs["policy"]),
    ) as PolicyDocument;
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "AlbAccessLogsDelivery",
      "AlbAccessLogsRegionalAccount",
      "S3ServerAccessLogsDelivery",
    ]);
    expect(JSON.stringify(doc)).toContain("arn:aws:iam::127311923021:root");
    expect(leastPrivilegeProblems(doc)).toEqual([]);
    expect(rec.calls.map((c) => c.token)).toContain("aws:elb/getServiceAccount:getServiceAccount");
    expect(await outputOf(logs.bucketName)).toBe("p-logs-abc123");
    expect(albLogPrefixProblem(logs.albPrefix)).toBeUndefined();
  });

  it("retains the bucket, its protections and the data bucket's logging together when asked (prod)", async () => {
    const rec = await installMocks();
    new AccessLogBucket("p-logs", { ...args, retainOnDelete: true });
    await rec.settle();
    const custom = rec.resources.filter((r) => r.custom);
    expect(custom.every((r) => r.retainOnDelete)).toBe(true);
    expect(rec.one(`${S3}bucket:Bucket`, "p-logs").inputs["forceDestroy"]).toBe(false);
  });

  it("grants only S3's delivery, and looks up no ELB account, without ALB logs", async () => {
    const rec = await installMocks();
    new AccessLogBucket("p-logs", { ...args, albAccessLogs: false });
    await rec.settle();
    const doc = JSON.parse(
      String(rec.one(`${S3}bucketPolicy:BucketPolicy`, "p-logs-policy").inputs["policy"]),
    ) as PolicyDocument;
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsDelivery"]);
    expect(rec.calls.map((c) => c.token)).not.toContain("aws:elb/getServiceAccount:getServiceAccount");
    expect(AUDIT_DEFAULTS.encryption).toBe("AES256");
  });
});
