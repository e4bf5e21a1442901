import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { GraphResource, ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find, removeResource } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { s3BucketsProtected } from "./bucket-protections";
import {
  bucketEncryptsInline,
  encryptionConfigurationSetsDefault,
  publicAccessGaps,
  tlsOnlyGap,
} from "./bucket-rules";

const BUCKET = "aws:s3/bucket:Bucket";
const PUBLIC_ACCESS = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ARN = "arn:aws:s3:::data";

const tlsStatement = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const documentOf = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("bucket rules", () => {
  it("require all four public access settings", () => {
    const all = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    expect(publicAccessGaps(all)).toEqual([]);
    expect(publicAccessGaps({ ...all, restrictPublicBuckets: false, ignorePublicAcls: undefined })).toEqual([
      "ignorePublicAcls",
      "restrictPublicBuckets",
    ]);
  });

  it("accept a TLS-only statement however its condition and principal are spelled", () => {
    expect(tlsOnlyGap(documentOf(tlsStatement))).toBeUndefined();
    expect(tlsOnlyGap(documentOf(tlsStatement), ARN)).toBeUndefined();
    expect(tlsOnlyGap(documentOf(tlsStatement), "arn:aws:s3:::other")).toMatch(
      /on arn:aws:s3:::other and its objects/,
    );
    expect(
      tlsOnlyGap({
        Statement: {
          ...tlsStatement,
          Principal: { AWS: ["*"] },
          Condition: { BoolIfExists: { "aws:SecureTransport": false } },
        },
      }),
    ).toBeUndefined();
  });

  it.each([
    ["an Allow", { ...tlsStatement, Effect: "Allow" }],
    ["one principal", { ...tlsStatement, Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
    ["one action", { ...tlsStatement, Action: "s3:GetObject" }],
    ["no condition", { ...tlsStatement, Condition: undefined }],
    ["the bucket only", { ...tlsStatement, Resource: ARN }],
    ["the objects only", { ...tlsStatement, Resource: `${ARN}/*` }],
  ])("reject a TLS statement with %s", (_, statement) => {
    expect(tlsOnlyGap(documentOf(statement))).toMatch(/no statement denying "s3:\*" to "\*"/);
  });

  it("read encryption from the configuration resource or the bucket's inline block", () => {
    expect(
      encryptionConfigurationSetsDefault({
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
      }),
    ).toBe(true);
    expect(encryptionConfigurationSetsDefault({ rules: [{ bucketKeyEnabled: true }] })).toBe(false);
    expect(
      bucketEncryptsInline({
        serverSideEncryptionConfiguration: {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        },
      }),
    ).toBe(true);
    expect(bucketEncryptsInline({})).toBe(false);
  });
});

describe("s3-buckets-protected on broken dev graphs", () => {
  let graph: ResourceGraph;
  let bucket: GraphResource;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
    bucket = find(graph, BUCKET);
  });

  it("fires when the bucket has no public access block", async () => {
    const broken = removeResource(graph, find(graph, PUBLIC_ACCESS));
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem: "no public access block covers the bucket",
      fix: "add an aws.s3.BucketPublicAccessBlock for this bucket with blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true",
    });
  });

  it("fires when the public access block leaves a setting off", async () => {
    const broken = changeProps(graph, find(graph, PUBLIC_ACCESS), (props) => ({
      ...props,
      blockPublicPolicy: false,
    }));
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem: 'its public access block "deep-insight-data-public-access" leaves blockPublicPolicy off',
      fix: "blockPublicPolicy: true",
    });
  });

  it("accepts an account-wide public access block instead", async () => {
    const account = customResource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const changed = addResource(removeResource(graph, find(graph, PUBLIC_ACCESS)), account);
    expect(await runPolicy(s3BucketsProtected, changed)).toEqual([]);
  });

  it("fires when the bucket has no encryption configuration", async () => {
    const broken = removeResource(graph, find(graph, ENCRYPTION));
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem: "no server-side encryption configuration sets a default algorithm for the bucket",
      fix: 'sseAlgorithm: "AES256"',
    });
  });

  it("fires when the bucket has no TLS-only policy", async () => {
    const broken = removeResource(graph, find(graph, BUCKET_POLICY));
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem: "no bucket policy denies requests without TLS",
      fix: '"aws:SecureTransport": "false"',
    });
  });

  it("fires when the bucket policy lost its TLS condition", async () => {
    const broken = changeProps(graph, find(graph, BUCKET_POLICY), (props) => {
      const document = JSON.parse(String(props["policy"])) as { Statement: Record<string, unknown>[] };
      return {
        ...props,
        policy: JSON.stringify({
          ...document,
          Statement: document.Statement.map(({ Condition: _c, ...s }) => s),
        }),
      };
    });
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem:
        'the bucket policy has no statement denying "s3:*" to "*" on arn:aws:s3:::deep-insight-data-abc123 and its objects when aws:SecureTransport is false',
      fix: "add an aws.s3.BucketPolicy",
    });
  });

  it("fires when the TLS-only policy is about another bucket", async () => {
    const broken = changeProps(graph, find(graph, BUCKET_POLICY), (props) => ({
      ...props,
      policy: documentOf(tlsStatement),
    }));
    expectViolations(await runPolicy(s3BucketsProtected, broken), bucket, {
      problem: "on arn:aws:s3:::deep-insight-data-abc123 and its objects",
      fix: "Resource: [<bucket ARN>",
    });
  });

  it("fires three times on a bare bucket added to the program", async () => {
    const bare = customResource(BUCKET, "bare", { bucket: "bare-bucket", forceDestroy: true });
    const violations = await runPolicy(s3BucketsProtected, addResource(graph, bare));
    expect(violations.map((v) => v.urn)).toEqual([bare.urn, bare.urn, bare.urn]);
  });

  it("links protections given the bucket's name as text", async () => {
    const named = customResource(BUCKET, "named", { bucket: "named-bucket" });
    const protections = [
      customResource(PUBLIC_ACCESS, "named-pab", {
        bucket: "named-bucket",
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      customResource(ENCRYPTION, "named-sse", {
        bucket: "named-bucket",
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      }),
      customResource(BUCKET_POLICY, "named-tls", {
        bucket: "named-bucket",
        policy: documentOf({
          ...tlsStatement,
          Resource: ["arn:aws:s3:::named-bucket", "arn:aws:s3:::named-bucket/*"],
        }),
      }),
    ];
    const changed = [named, ...protections].reduce(addResource, graph);
    expect(await runPolicy(s3BucketsProtected, changed)).toEqual([]);
  });
});
