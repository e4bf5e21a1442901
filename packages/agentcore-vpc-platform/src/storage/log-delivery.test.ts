import { describe, expect, it } from "vitest";
import { leastPrivilegeProblems } from "../iam/policy";
import { accessLogBucketPolicy, albLogPrefixProblem } from "./log-delivery";

const bucketArn = "arn:aws:s3:::p-logs-abc123";
const base = { partition: "aws", accountId: "123456789012", bucketArn };

describe("accessLogBucketPolicy", () => {
  it("denies every request without TLS, whatever else it grants", () => {
    const [deny] = accessLogBucketPolicy(base).Statement;
    expect(deny).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(accessLogBucketPolicy(base).Statement).toHaveLength(1);
  });

  it("lets ELB write the ALB's logs under <prefix>/AWSLogs/<account>/ only: service principal and regional account", () => {
    const doc = accessLogBucketPolicy({ ...base, alb: { prefix: "alb", elbAccountId: "127311923021" } });
    const resource = `${bucketArn}/alb/AWSLogs/123456789012/*`;
    expect(doc.Statement.slice(1)).toEqual([
      {
        Sid: "AlbAccessLogsDelivery",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: resource,
      },
      {
        Sid: "AlbAccessLogsRegionalAccount",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::127311923021:root" },
        Action: "s3:PutObject",
        Resource: resource,
      },
    ]);
    expect(leastPrivilegeProblems(doc)).toEqual([]);
  });

  it("grants only the service principal in a region without a legacy ELB account", () => {
    const doc = accessLogBucketPolicy({ ...base, alb: { prefix: "alb" } });
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "AlbAccessLogsDelivery"]);
  });

  it("lets S3 deliver server access logs for the data bucket of this account only", () => {
    const doc = accessLogBucketPolicy({
      ...base,
      s3: { prefix: "s3/data/", sourceBucketArn: "arn:aws:s3:::p-data-abc123" },
    });
    expect(doc.Statement[1]).toEqual({
      Sid: "S3ServerAccessLogsDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/s3/data/*`,
      Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::p-data-abc123" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      },
    });
    expect(leastPrivilegeProblems(doc)).toEqual([]);
  });
});

describe("albLogPrefixProblem", () => {
  it("accepts the prefix used and refuses what ELB refuses", () => {
    expect(albLogPrefixProblem("alb")).toBeUndefined();
    expect(albLogPrefixProblem("/alb")).toMatch(/start or end/);
    expect(albLogPrefixProblem("alb/")).toMatch(/start or end/);
    expect(albLogPrefixProblem("x/AWSLogs")).toMatch(/AWSLogs/);
  });
});
