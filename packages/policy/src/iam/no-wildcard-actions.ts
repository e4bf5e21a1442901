/**
 * No IAM policy allows every action (`"*"`) or every action of a service (`"s3:*"`), nor everything but a
 * list (`NotAction` in an Allow). `"Resource": "*"` is a different matter: some actions
 * (`ecr:GetAuthorizationToken`, the X-Ray writes, `cloudwatch:PutMetricData` with a namespace condition)
 * have no resource to scope them to, and are not flagged here.
 */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Finding, validateResourceWith } from "../resource/finding";
import { asList, at, isUnknown, type PlainProps } from "../resource/plain";
import { parseDocument, statementLabel } from "./document";

/** Whether an action pattern covers all actions, or all actions of one service. */
export function isWildcardAction(action: unknown): boolean {
  if (typeof action !== "string") return false;
  const trimmed = action.trim();
  return trimmed === "*" || /^[^:*]*:\*+$/.test(trimmed) || /^\*+:/.test(trimmed);
}

/** AWS-managed policies whose document allows every action (`*`, or `NotAction` of a few services). */
export const ALL_ACTION_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess"] as const;

function isAllActionManagedPolicy(arn: unknown): arn is string {
  return (
    typeof arn === "string" &&
    ALL_ACTION_MANAGED_POLICIES.some((name) => new RegExp(`^arn:[^:]+:iam::aws:policy/${name}$`).test(arn))
  );
}

const FIX =
  'list the specific actions the principal needs (e.g. `s3:GetObject`, `s3:PutObject`); keep `"Resource": "*"` ' +
  "only for actions AWS offers no resource for";

/** Findings for one policy document; `where` names it in the message (e.g. `the policy`). */
export function documentFindings(document: unknown, where: string): Finding[] {
  const parsed = parseDocument(document);
  if (parsed.kind === "unknown" || parsed.kind === "absent") return [];
  if (parsed.kind === "invalid") {
    return [{ problem: `${where}: ${parsed.reason}`, fix: "give the policy as a JSON policy document" }];
  }
  return parsed.statements.flatMap((statement, index) => {
    if (statement.effect !== "Allow") return [];
    const label = `${where}, ${statementLabel(statement, index)}`;
    const findings: Finding[] = [];
    const wildcards = statement.actions.filter(isWildcardAction);
    if (wildcards.length > 0) {
      findings.push({
        problem: `${label} allows the wildcard action ${wildcards.map((a) => JSON.stringify(a)).join(", ")}`,
        fix: FIX,
      });
    }
    if (statement.notActions.length > 0) {
      findings.push({
        problem: `${label} allows every action except ${statement.notActions.map((a) => JSON.stringify(a)).join(", ")} (NotAction)`,
        fix: FIX,
      });
    }
    return findings;
  });
}

/** Policy, RolePolicy, UserPolicy, GroupPolicy: the document is `policy`. */
export function policyResourceFindings(props: PlainProps): Finding[] {
  return documentFindings(props["policy"], "the policy");
}

/** A role: its trust policy, its inline policies, and any AWS-managed all-action policy it names. */
export function roleFindings(props: PlainProps): Finding[] {
  const inline = props["inlinePolicies"];
  const inlineFindings = isUnknown(inline)
    ? []
    : asList(inline).flatMap((entry, index) => {
        const name = at(entry, "name");
        return documentFindings(
          at(entry, "policy"),
          `inline policy ${typeof name === "string" ? `"${name}"` : index}`,
        );
      });
  return [
    ...documentFindings(props["assumeRolePolicy"], "the trust policy"),
    ...inlineFindings,
    ...managedPolicyFindings(props["managedPolicyArns"]),
  ];
}

function managedPolicyFindings(arns: unknown): Finding[] {
  if (isUnknown(arns)) return [];
  return asList(arns)
    .filter(isAllActionManagedPolicy)
    .map((arn) => ({
      problem: `attaches the AWS-managed policy ${arn}, which allows every action`,
      fix: "attach a customer-managed policy (or a role policy) that lists only the actions needed",
    }));
}

/** RolePolicyAttachment, UserPolicyAttachment, GroupPolicyAttachment, PolicyAttachment: `policyArn`. */
export function attachmentFindings(props: PlainProps): Finding[] {
  return managedPolicyFindings(props["policyArn"]);
}

export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description:
    'IAM policies (managed, role, user, group, inline and trust policies) allow no "*" or "service:*" action and no NotAction, and no AWS-managed all-action policy is attached.',
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.iam.Policy, check: policyResourceFindings },
    { resource: aws.iam.RolePolicy, check: policyResourceFindings },
    { resource: aws.iam.UserPolicy, check: policyResourceFindings },
    { resource: aws.iam.GroupPolicy, check: policyResourceFindings },
    { resource: aws.iam.Role, check: roleFindings },
    { resource: aws.iam.RolePolicyAttachment, check: attachmentFindings },
    { resource: aws.iam.UserPolicyAttachment, check: attachmentFindings },
    { resource: aws.iam.GroupPolicyAttachment, check: attachmentFindings },
    { resource: aws.iam.PolicyAttachment, check: attachmentFindings },
  ]),
};
