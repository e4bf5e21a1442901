/**
 * Pure builders for every IAM document of the platform. Inputs are plain values (the role components resolve
 * the Pulumi outputs first), so tests call these directly and inspect every statement.
 */
import { bedrockModelResourceArns } from "./models";
import { type AwsEnvironment, type PolicyDocument, type PolicyStatement, policyDocument } from "./policy";

/** Trust policy of the AgentCore runtime execution role, with confused-deputy guards (`aws:SourceAccount` and `aws:SourceArn`). */
export function agentCoreTrustPolicy(env: AwsEnvironment): PolicyDocument {
  return policyDocument([
    {
      Sid: "AgentCoreAssumeRole",
      Effect: "Allow",
      Principal: { Service: "bedrock-agentcore.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": env.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${env.partition}:bedrock-agentcore:${env.region}:${env.accountId}:*`,
        },
      },
    },
  ]);
}

/**
 * Trust policy of the executor task and task-execution roles. Only `aws:SourceAccount` is checked: ECS
 * documents a SourceArn condition for task roles, but the execution role is assumed by the ECS agent with
 * varying source ARNs, and one shape for both keeps them predictable.
 */
export function ecsTasksTrustPolicy(env: AwsEnvironment): PolicyDocument {
  return policyDocument([
    {
      Sid: "EcsTasksAssumeRole",
      Effect: "Allow",
      Principal: { Service: "ecs-tasks.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": env.accountId } },
    },
  ]);
}

/** Pull one repository's images; the login token is the one account-wide grant. */
export function ecrPullStatements(repositoryArn: string): PolicyStatement[] {
  return [
    {
      Sid: "EcrPullImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: repositoryArn,
    },
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
  ];
}

/**
 * Runtime logging. AgentCore creates `/aws/bedrock-agentcore/runtimes/<runtimeId>-<endpoint>` itself, and the
 * runtime id only exists after the role does, so the prefix is as narrow as it gets.
 * `logs:DescribeLogGroups` is authorized against `log-group:*` only (it lists groups, so AWS evaluates it on
 * the account's whole log-group space), which is narrower than `"*"` and all AWS accepts.
 */
export function agentCoreLogStatements(env: AwsEnvironment): PolicyStatement[] {
  const logGroups = `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group`;
  const runtimes = `${logGroups}:/aws/bedrock-agentcore/runtimes/*`;
  return [
    {
      Sid: "RuntimeLogGroups",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:DescribeLogStreams"],
      Resource: runtimes,
    },
    {
      Sid: "RuntimeLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${runtimes}:log-stream:*`,
    },
    {
      Sid: "DescribeLogGroups",
      Effect: "Allow",
      Action: "logs:DescribeLogGroups",
      Resource: `${logGroups}:*`,
    },
  ];
}

/**
 * What the agent's OpenTelemetry export to AgentCore observability needs beyond the runtime's log group: X-Ray
 * for spans (ADOT signs OTLP to X-Ray's endpoint; sampling rules are read from X-Ray) and CloudWatch metrics in
 * the `bedrock-agentcore` namespace only. Both need `"*"` (see RESOURCE_WILDCARD_ACTIONS). The AgentCore
 * runtime-permissions page and the AWS CDK's runtime construct grant the same set.
 */
export function observabilityStatements(): PolicyStatement[] {
  return [
    {
      Sid: "XRay",
      Effect: "Allow",
      Action: [
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ],
      Resource: "*",
    },
    {
      Sid: "AgentCoreMetrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" } },
    },
  ];
}

/**
 * Read and write objects of the data bucket. `AbortMultipartUpload` lets the SDK's multipart uploader clean
 * up after a failed large upload; nothing may delete objects or touch bucket configuration.
 */
export function dataBucketStatements(bucketArn: string): PolicyStatement[] {
  return [
    { Sid: "DataBucketList", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    {
      Sid: "DataBucketObjects",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: `${bucketArn}/*`,
    },
  ];
}

export interface RuntimePolicyInputs {
  /** ARN of the agent image's ECR repository. */
  readonly repositoryArn: string;
  /** ARN of the data bucket. */
  readonly dataBucketArn: string;
  /** Bedrock model ids, inference-profile ids or ARNs (see models.ts for the mapping). */
  readonly modelIds: readonly string[];
  /** The agent exports traces: grant X-Ray and metrics; without them the role has neither. */
  readonly traces: boolean;
}

/** Permissions of the AgentCore runtime execution role. */
export function agentCoreRuntimePolicy(env: AwsEnvironment, inputs: RuntimePolicyInputs): PolicyDocument {
  return policyDocument([
    ...ecrPullStatements(inputs.repositoryArn),
    ...agentCoreLogStatements(env),
    ...(inputs.traces ? observabilityStatements() : []),
    ...dataBucketStatements(inputs.dataBucketArn),
    {
      Sid: "InvokeModels",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: bedrockModelResourceArns(env, inputs.modelIds),
    },
  ]);
}

/** Permissions of the executor task role: the data bucket and nothing else. */
export function executorTaskPolicy(dataBucketArn: string): PolicyDocument {
  return policyDocument(dataBucketStatements(dataBucketArn));
}

/**
 * Permissions of the executor task-execution role (used by ECS itself): pull the executor image, write the
 * executor's log group (the awslogs driver creates streams in a pre-created group).
 */
export function executorExecutionPolicy(
  env: AwsEnvironment,
  inputs: { readonly repositoryArn: string; readonly logGroupName: string },
): PolicyDocument {
  const logGroup = `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:${inputs.logGroupName}`;
  return policyDocument([
    ...ecrPullStatements(inputs.repositoryArn),
    {
      Sid: "ExecutorLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroup}:log-stream:*`,
    },
  ]);
}
