/**
 * What makes a bucket protected, judged on the resources that configure it: the component's DataBucket
 * models each protection as its own resource (public access block, encryption configuration, bucket
 * policy) next to the `aws.s3.Bucket`, as current AWS provider versions expect.
 */
import { type Statement, parseDocument } from "../iam/document";
import { asList, at, isUnknown, type PlainProps } from "../resource/plain";

/** The four settings of a public access block; every one must be true. */
export const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** Flags of a public access block that are known not to be true (unknown ones are given the benefit). */
export function publicAccessGaps(props: PlainProps): string[] {
  return PUBLIC_ACCESS_FLAGS.filter((flag) => props[flag] !== true && !isUnknown(props[flag]));
}

function hasAlgorithm(rule: unknown): boolean {
  const algorithm = at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
  return isUnknown(rule) || isUnknown(algorithm) || (typeof algorithm === "string" && algorithm !== "");
}

/** Whether an encryption-configuration resource sets a default algorithm (`rules[].applyServerSide…`). */
export function encryptionConfigurationSetsDefault(props: PlainProps): boolean {
  const rules = props["rules"];
  return isUnknown(rules) || asList(rules).some(hasAlgorithm);
}

/** Whether a bucket configures default encryption inline (`serverSideEncryptionConfiguration.rule`). */
export function bucketEncryptsInline(props: PlainProps): boolean {
  const config = props["serverSideEncryptionConfiguration"];
  if (config === undefined || config === null) return false;
  const rule = at(config, "rule");
  return isUnknown(config) || asList(rule).some(hasAlgorithm);
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === "string" && value.toLowerCase() === "false");
}

function deniesInsecureTransport(statement: Statement, bucketArn: string | undefined): boolean {
  if (statement.effect !== "Deny") return false;
  const principal = statement.principal;
  const anyone = principal === "*" || asList(at(principal, "AWS")).includes("*");
  const allS3 = statement.actions.some((a) => a === "s3:*" || a === "*");
  const condition = statement.condition ?? {};
  const insecure = ["Bool", "BoolIfExists"].some((operator) =>
    asList(at(condition, operator, "aws:SecureTransport")).some(isFalse),
  );
  const covers = (test: (resource: string) => boolean) =>
    statement.resources.some((r) => r === "*" || (typeof r === "string" && test(r)));
  const bucket = covers((r) => (bucketArn ? r === bucketArn : !r.endsWith("/*")));
  const objects = covers((r) => (bucketArn ? r === `${bucketArn}/*` : r.endsWith("/*")));
  return anyone && allS3 && insecure && bucket && objects;
}

/**
 * Whether a bucket policy document denies every S3 request without TLS to everyone, on the bucket and its
 * objects (by ARN, once the bucket's ARN is known). True while the document is unknown (preview): the
 * update checks it once the ARN it is built from is known.
 * @returns undefined when it does, else why not
 */
export function tlsOnlyGap(document: unknown, bucketArn?: string): string | undefined {
  const parsed = parseDocument(document);
  if (parsed.kind === "unknown") return undefined;
  if (parsed.kind === "absent") return "the bucket policy is empty";
  if (parsed.kind === "invalid") return parsed.reason;
  return parsed.statements.some((statement) => deniesInsecureTransport(statement, bucketArn))
    ? undefined
    : `the bucket policy has no statement denying "s3:*" to "*" on ${bucketArn ?? "the bucket"} and its objects when aws:SecureTransport is false`;
}
