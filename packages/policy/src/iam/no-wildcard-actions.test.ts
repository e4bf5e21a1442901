import { beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN } from "../resource/plain";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { parseDocument } from "./document";
import {
  documentFindings,
  iamNoWildcardActions,
  isWildcardAction,
  roleFindings,
} from "./no-wildcard-actions";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const documentOf = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("isWildcardAction", () => {
  it.each(["*", "s3:*", "*:*", "*:GetObject", " iam:* ", "ecr:**"])("%s is a wildcard", (action) => {
    expect(isWildcardAction(action)).toBe(true);
  });
  it.each(["s3:GetObject", "s3:Get*", "logs:Put*", "ecr:GetAuthorizationToken", undefined])(
    "%s is not",
    (action) => {
      expect(isWildcardAction(action)).toBe(false);
    },
  );
});

describe("documentFindings", () => {
  it("accepts AWS's resource-less actions on Resource *, and Deny statements of any breadth", () => {
    const document = documentOf(
      { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      {
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" } },
      },
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
    );
    expect(documentFindings(document, "the policy")).toEqual([]);
  });

  it("flags wildcard actions and NotAction in an Allow, by Sid or position", () => {
    const document = {
      Statement: [
        { Sid: "Everything", Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: "*" },
        { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      ],
    };
    expect(documentFindings(document, "the policy").map((f) => f.problem)).toEqual([
      'the policy, statement "Everything" allows the wildcard action "*"',
      'the policy, statement 1 allows every action except "iam:*" (NotAction)',
    ]);
  });

  it("waits for a document that is unknown (preview) and rejects one that is not JSON", () => {
    expect(parseDocument(UNKNOWN)).toEqual({ kind: "unknown" });
    expect(parseDocument({ Statement: [{ Effect: "Allow", Action: UNKNOWN }] })).toEqual({ kind: "unknown" });
    expect(documentFindings("{", "the policy")[0]?.problem).toMatch(
      /^the policy: the policy document is not valid JSON/,
    );
  });

  it("checks a role's trust policy, inline policies and managed policy ARNs", () => {
    const findings = roleFindings({
      assumeRolePolicy: documentOf({
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:*",
      }),
      inlinePolicies: [
        { name: "inline", policy: documentOf({ Effect: "Allow", Action: "*", Resource: "*" }) },
      ],
      managedPolicyArns: [
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
      ],
    });
    expect(findings.map((f) => f.problem)).toEqual([
      'the trust policy, statement 0 allows the wildcard action "sts:*"',
      'inline policy "inline", statement 0 allows the wildcard action "*"',
      "attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess, which allows every action",
    ]);
  });
});

describe("iam-no-wildcard-actions on broken dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("fires on a role policy of the executor's task role that allows every S3 action", async () => {
    const policy = find(graph, ROLE_POLICY, "exec-task-policy");
    const broken = changeProps(graph, policy, (props) => {
      const document = JSON.parse(String(props["policy"])) as { Statement: { Action: unknown }[] };
      const [first, ...rest] = document.Statement;
      return {
        ...props,
        policy: JSON.stringify({ ...document, Statement: [{ ...first, Action: "s3:*" }, ...rest] }),
      };
    });
    expectViolations(await runPolicy(iamNoWildcardActions, broken), policy, {
      problem: /the policy, statement ("[^"]+"|\d+) allows the wildcard action "s3:\*"/,
      fix: "list the specific actions the principal needs",
    });
  });

  it("fires on a managed policy that allows *", async () => {
    const managed = customResource("aws:iam/policy:Policy", "admin", {
      policy: documentOf({ Effect: "Allow", Action: "*", Resource: "*" }),
    });
    expectViolations(await runPolicy(iamNoWildcardActions, addResource(graph, managed)), managed, {
      problem: 'the policy, statement 0 allows the wildcard action "*"',
      fix: 'keep `"Resource": "*"` only for actions AWS offers no resource for',
    });
  });

  it("fires on a role with an inline policy that allows *", async () => {
    const role = find(graph, "aws:iam/role:Role", "-runtime");
    const broken = changeProps(graph, role, (props) => ({
      ...props,
      inlinePolicies: [{ name: "all", policy: documentOf({ Effect: "Allow", Action: "*", Resource: "*" }) }],
    }));
    expectViolations(await runPolicy(iamNoWildcardActions, broken), role, {
      problem: 'inline policy "all", statement 0 allows the wildcard action "*"',
      fix: "list the specific actions",
    });
  });

  it("fires on attaching AdministratorAccess to a role", async () => {
    const attachment = customResource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin", {
      role: "deep-insight-runtime",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    expectViolations(await runPolicy(iamNoWildcardActions, addResource(graph, attachment)), attachment, {
      problem:
        "attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess, which allows every action",
      fix: "customer-managed policy",
    });
  });
});
