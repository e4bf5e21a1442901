import { describe, it, expect } from "vitest";
import {
  agentCoreRuntimePolicy,
  agentCoreTrustPolicy,
  ecsTasksTrustPolicy,
  executorExecutionPolicy,
  executorTaskPolicy,
} from "./documents";
import {
  type PolicyDocument,
  type PolicyStatement,
  RESOURCE_WILDCARD_ACTIONS,
  asList,
  leastPrivilegeProblems,
} from "./policy";

const env = { partition: "aws", accountId: "111122223333", region: "us-east-1" };
const repositoryArn = "arn:aws:ecr:us-east-1:111122223333:repository/agent";
const dataBucketArn = "arn:aws:s3:::data-bucket";
const runtime = agentCoreRuntimePolicy(env, {
  repositoryArn,
  dataBucketArn,
  modelIds: ["us.anthropic.claude-sonnet-4-20250514-v1:0"],
  traces: true,
});
const documents: Record<string, PolicyDocument> = {
  runtime,
  runtimeTrust: agentCoreTrustPolicy(env),
  executorTask: executorTaskPolicy(dataBucketArn),
  executorExecution: executorExecutionPolicy(env, { repositoryArn, logGroupName: "/agentcore/p/executor" }),
  ecsTrust: ecsTasksTrustPolicy(env),
};

function grants(doc: PolicyDocument, action: string): PolicyStatement[] {
  return doc.Statement.filter((s) => asList(s.Action).includes(action));
}

function resourcesFor(doc: PolicyDocument, action: string): string[] {
  return grants(doc, action).flatMap((s) => asList(s.Resource));
}

describe("every document", () => {
  it.each(Object.entries(documents))(
    "%s: no Action *, no service wildcard, * only for allow-listed actions",
    (_n, doc) => {
      expect(leastPrivilegeProblems(doc)).toEqual([]);
      for (const statement of doc.Statement) {
        for (const action of asList(statement.Action)) {
          expect(action).not.toBe("*");
          expect(action).not.toMatch(/:\*$/);
        }
        if (asList(statement.Resource).includes("*")) {
          for (const action of asList(statement.Action))
            expect(Object.keys(RESOURCE_WILDCARD_ACTIONS)).toContain(action);
        }
      }
    },
  );
});

describe("trust policies", () => {
  it("AgentCore may assume the runtime role only for this account's runtimes in this region", () => {
    expect(documents["runtimeTrust"]?.Statement).toEqual([
      {
        Sid: "AgentCoreAssumeRole",
        Effect: "Allow",
        Principal: { Service: "bedrock-agentcore.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111122223333" },
          ArnLike: { "aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:*" },
        },
      },
    ]);
  });

  it("ECS tasks may assume the executor roles from this account only", () => {
    const [statement] = ecsTasksTrustPolicy({ ...env, partition: "aws-cn" }).Statement;
    expect(statement?.Principal).toEqual({ Service: "ecs-tasks.amazonaws.com" });
    expect(statement?.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "111122223333" } });
  });
});

describe("runtime permissions", () => {
  it("pulls only its own repository", () => {
    for (const action of [
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchCheckLayerAvailability",
    ]) {
      expect(resourcesFor(runtime, action)).toEqual([repositoryArn]);
    }
    expect(resourcesFor(runtime, "ecr:GetAuthorizationToken")).toEqual(["*"]);
  });

  it("writes runtime log groups only", () => {
    const groups = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/bedrock-agentcore/runtimes/*";
    expect(resourcesFor(runtime, "logs:CreateLogGroup")).toEqual([groups]);
    expect(resourcesFor(runtime, "logs:DescribeLogStreams")).toEqual([groups]);
    expect(resourcesFor(runtime, "logs:PutLogEvents")).toEqual([`${groups}:log-stream:*`]);
    expect(resourcesFor(runtime, "logs:CreateLogStream")).toEqual([`${groups}:log-stream:*`]);
    expect(resourcesFor(runtime, "logs:DescribeLogGroups")).toEqual([
      "arn:aws:logs:us-east-1:111122223333:log-group:*",
    ]);
  });

  it("emits X-Ray traces and metrics only in the bedrock-agentcore namespace", () => {
    for (const action of [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]) {
      expect(resourcesFor(runtime, action)).toEqual(["*"]);
    }
    expect(grants(runtime, "cloudwatch:PutMetricData")[0]?.Condition).toEqual({
      StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" },
    });
  });

  it("grants X-Ray and metrics only while traces are on; logs either way", () => {
    const quiet = agentCoreRuntimePolicy(env, {
      repositoryArn,
      dataBucketArn,
      modelIds: ["us.anthropic.claude-sonnet-4-20250514-v1:0"],
      traces: false,
    });
    const actions = (doc: PolicyDocument) => doc.Statement.flatMap((s) => asList(s.Action));
    expect(actions(quiet).filter((a) => a.startsWith("xray:") || a.startsWith("cloudwatch:"))).toEqual([]);
    expect(
      actions(runtime)
        .filter((a) => !actions(quiet).includes(a))
        .sort(),
    ).toEqual([
      "cloudwatch:PutMetricData",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    expect(resourcesFor(quiet, "logs:PutLogEvents")).toEqual(resourcesFor(runtime, "logs:PutLogEvents"));
    expect(leastPrivilegeProblems(quiet)).toEqual([]);
  });

  it("invokes exactly the configured models", () => {
    const expected = [
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0",
    ];
    expect(resourcesFor(runtime, "bedrock:InvokeModel")).toEqual(expected);
    expect(resourcesFor(runtime, "bedrock:InvokeModelWithResponseStream")).toEqual(expected);
  });

  it("reads and writes the data bucket: list on the bucket, objects under it", () => {
    expect(resourcesFor(runtime, "s3:ListBucket")).toEqual([dataBucketArn]);
    expect(resourcesFor(runtime, "s3:GetObject")).toEqual([`${dataBucketArn}/*`]);
    expect(resourcesFor(runtime, "s3:PutObject")).toEqual([`${dataBucketArn}/*`]);
    expect(resourcesFor(runtime, "s3:DeleteObject")).toEqual([]);
  });
});

describe("executor permissions", () => {
  it("task role: the data bucket and nothing else", () => {
    const task = documents["executorTask"] as PolicyDocument;
    const resources = new Set(task.Statement.flatMap((s) => asList(s.Resource)));
    expect([...resources].sort()).toEqual([dataBucketArn, `${dataBucketArn}/*`]);
    expect(task.Statement.flatMap((s) => asList(s.Action)).every((a) => a.startsWith("s3:"))).toBe(true);
  });

  it("execution role: pull its repository and write its own log group", () => {
    const exec = documents["executorExecution"] as PolicyDocument;
    expect(resourcesFor(exec, "ecr:BatchGetImage")).toEqual([repositoryArn]);
    expect(resourcesFor(exec, "logs:PutLogEvents")).toEqual([
      "arn:aws:logs:us-east-1:111122223333:log-group:/agentcore/p/executor:log-stream:*",
    ]);
    expect(resourcesFor(exec, "s3:GetObject")).toEqual([]);
  });
});
