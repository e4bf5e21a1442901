import { describe, it, expect } from "vitest";
import {
  RESOURCE_WILDCARD_ACTIONS,
  assertLeastPrivilege,
  leastPrivilegeProblems,
  policyDocument,
} from "./policy";

describe("leastPrivilegeProblems", () => {
  it("accepts scoped statements, allow-listed wildcard resources and a service-wide Deny for any principal", () => {
    const doc = policyDocument([
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
      { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
      { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(leastPrivilegeProblems(doc)).toEqual([]);
  });

  it.each([
    [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }, /"Action": "\*" is never allowed/],
    [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }, /"Action": "\*" is never allowed/],
    [{ Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:::b" }, /"s3:\*"/],
    [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, /"s3:GetObject" on "Resource": "\*"/],
    [{ Effect: "Allow", Action: "s3:GetObject" }, /must name its resources/],
    [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
      /any principal/,
    ],
    [{ Effect: "Allow", Action: [], Resource: "arn:aws:s3:::b" }, /no actions/],
  ] as const)("rejects %j", (statement, message) => {
    const problems = leastPrivilegeProblems(policyDocument([statement]));
    expect(problems.join("\n")).toMatch(message);
    expect(() => assertLeastPrivilege("doc", policyDocument([statement]))).toThrow(/least-privilege/);
  });

  it("lists each wildcard exception with its reason", () => {
    expect(Object.keys(RESOURCE_WILDCARD_ACTIONS).sort()).toEqual([
      "cloudwatch:PutMetricData",
      "ecr:GetAuthorizationToken",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    for (const reason of Object.values(RESOURCE_WILDCARD_ACTIONS)) expect(reason.length).toBeGreaterThan(10);
  });
});
