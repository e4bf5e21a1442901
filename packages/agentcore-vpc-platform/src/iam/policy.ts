/** IAM policy document types and the least-privilege rules every document in this package must pass. */

export type StringOrList = string | readonly string[];

/** Condition block: operator → key → value(s), e.g. `{ StringEquals: { "aws:SourceAccount": "1234…" } }`. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, StringOrList>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, StringOrList>>;
  readonly Action: StringOrList;
  readonly Resource?: StringOrList;
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** Where the account lives, from `aws.getPartitionOutput()`, `getCallerIdentityOutput()` and `getRegionOutput()`. */
export interface AwsEnvironment {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** 12-digit account id. */
  readonly accountId: string;
  /** Region name, e.g. `us-east-1`. */
  readonly region: string;
}

/**
 * The only actions allowed on `"Resource": "*"`, each because AWS offers no resource-level permission for it
 * (Service Authorization Reference: the action's "Resource types" column is empty).
 */
export const RESOURCE_WILDCARD_ACTIONS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken": "the registry login token is account-wide; ECR has no resource to scope it to",
  "xray:PutTraceSegments": "X-Ray has no resource-level permissions",
  "xray:PutTelemetryRecords": "X-Ray has no resource-level permissions",
  "xray:GetSamplingRules": "X-Ray has no resource-level permissions",
  "xray:GetSamplingTargets": "X-Ray has no resource-level permissions",
  "cloudwatch:PutMetricData":
    "CloudWatch metrics have no ARNs; narrowed by the cloudwatch:namespace condition instead",
};

export function asList(value: StringOrList | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Checks a document against the package's rules: never `"Action": "*"`; no Allow of a whole service
 * (`s3:*`), of any principal, or without resources; an Allow on `"Resource": "*"` only for
 * {@link RESOURCE_WILDCARD_ACTIONS}. Trust policies (a Principal, no Resource) are checked for actions only.
 * A Deny may name a whole service, any principal and any resource: it only ever takes permissions away.
 * @returns one line per violation; empty when the document passes.
 */
export function leastPrivilegeProblems(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  doc.Statement.forEach((statement, index) => {
    const where = `statement ${statement.Sid ?? index}`;
    const actions = asList(statement.Action);
    if (actions.length === 0) problems.push(`${where}: has no actions`);
    for (const action of actions) {
      if (action === "*") problems.push(`${where}: "Action": "*" is never allowed`);
      // A Deny on a whole service (the TLS-only bucket guard) only takes permissions away; narrowing it weakens it.
      if (statement.Effect === "Allow" && /^[a-z0-9-]+:\*$/i.test(action)) {
        problems.push(`${where}: action "${action}" grants a whole service`);
      }
    }
    if (statement.Effect === "Deny") return;
    if (statement.Principal === "*") problems.push(`${where}: allows any principal`);
    const resources = asList(statement.Resource);
    if (statement.Principal === undefined && resources.length === 0) {
      problems.push(`${where}: an identity-policy Allow must name its resources`);
    }
    if (resources.includes("*")) {
      for (const action of actions.filter((a) => !(a in RESOURCE_WILDCARD_ACTIONS))) {
        problems.push(`${where}: "${action}" on "Resource": "*" is not an allowed exception`);
      }
    }
  });
  return problems;
}

/** Throws when {@link leastPrivilegeProblems} finds anything: a bug in a builder, never a user error. */
export function assertLeastPrivilege(name: string, doc: PolicyDocument): PolicyDocument {
  const problems = leastPrivilegeProblems(doc);
  if (problems.length > 0) {
    throw new Error(`IAM document ${name} breaks the least-privilege rules:\n  ${problems.join("\n  ")}`);
  }
  return doc;
}
