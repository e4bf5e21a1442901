/**
 * The platform's IAM roles. Each component creates a role and its inline policy; the exported role ARN
 * resolves only once the policy is attached, so nothing downstream (the runtime, the ECS service) starts
 * with a role that cannot yet pull its image.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  agentCoreRuntimePolicy,
  agentCoreTrustPolicy,
  ecsTasksTrustPolicy,
  executorExecutionPolicy,
  executorTaskPolicy,
} from "./documents";
import { type AwsEnvironment, type PolicyDocument, assertLeastPrivilege } from "./policy";

/** Account coordinates, e.g. from `aws.getPartitionOutput()`, `aws.getCallerIdentityOutput()`, `aws.getRegionOutput()`. */
export interface AwsEnvironmentArgs {
  /** Partition (`aws`, `aws-cn`, `aws-us-gov`): `aws.getPartitionOutput().partition`. */
  readonly partition: pulumi.Input<string>;
  /** Account id: `aws.getCallerIdentityOutput().accountId`. */
  readonly accountId: pulumi.Input<string>;
  /** Region: `aws.getRegionOutput().region`. */
  readonly region: pulumi.Input<string>;
}

function environmentOf(args: AwsEnvironmentArgs): pulumi.Output<AwsEnvironment> {
  return pulumi
    .all([args.partition, args.accountId, args.region])
    .apply(([partition, accountId, region]) => ({ partition, accountId, region }));
}

function policyJson(name: string, doc: PolicyDocument): string {
  return JSON.stringify(assertLeastPrivilege(name, doc));
}

/** Creates a role with one inline policy; returns the role and an ARN that waits for the policy. */
function roleWithPolicy(
  name: string,
  trust: pulumi.Output<PolicyDocument>,
  permissions: pulumi.Output<PolicyDocument>,
  description: string,
  tags: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): { role: aws.iam.Role; arn: pulumi.Output<string> } {
  const role = new aws.iam.Role(
    name,
    { assumeRolePolicy: trust.apply((doc) => policyJson(`${name} trust`, doc)), description, tags },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.name, policy: permissions.apply((doc) => policyJson(name, doc)) },
    { parent },
  );
  return { role, arn: pulumi.all([role.arn, policy.id]).apply(([arn]) => arn) };
}

export interface AgentRuntimeRoleArgs extends AwsEnvironmentArgs {
  /** Logical name of the role (autonamed from it): it must suit IAM's name rule (see `./names`). */
  readonly roleName: string;
  /** ARN of the agent image's ECR repository (`EcrImage.repositoryArn`). */
  readonly repositoryArn: pulumi.Input<string>;
  /** ARN of the data bucket (`DataBucket.bucketArn`). */
  readonly dataBucketArn: pulumi.Input<string>;
  /**
   * Bedrock model ids, cross-region inference-profile ids (`us.anthropic.…`) or Bedrock ARNs the agent may
   * invoke (checked by `normalizeArgs`).
   */
  readonly modelIds: readonly string[];
  /** The agent exports OpenTelemetry traces (grants X-Ray and `bedrock-agentcore` metrics). */
  readonly traces: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Execution role of the AgentCore runtime (type `agentcore-vpc-platform:iam:AgentRuntimeRole`). */
export class AgentRuntimeRole extends pulumi.ComponentResource {
  /** Role ARN for `AgentCoreRuntime.roleArn`; resolves after the permissions are attached. */
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: AgentRuntimeRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:iam:AgentRuntimeRole", name, {}, opts);

    const env = environmentOf(args);
    const permissions = pulumi
      .all([env, args.repositoryArn, args.dataBucketArn])
      .apply(([e, repositoryArn, dataBucketArn]) =>
        agentCoreRuntimePolicy(e, {
          repositoryArn,
          dataBucketArn,
          modelIds: args.modelIds,
          traces: args.traces,
        }),
      );
    const { role, arn } = roleWithPolicy(
      args.roleName,
      env.apply(agentCoreTrustPolicy),
      permissions,
      "AgentCore runtime execution role",
      args.tags,
      this,
    );
    this.roleArn = arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
  }
}

export interface ExecutorRolesArgs extends AwsEnvironmentArgs {
  /** ARN of the executor image's ECR repository (`EcrImage.repositoryArn`). */
  readonly repositoryArn: pulumi.Input<string>;
  /** ARN of the data bucket (`DataBucket.bucketArn`). */
  readonly dataBucketArn: pulumi.Input<string>;
  /** The executor's log group (`executorLogGroupName(<executor name>)`), known before the log group exists. */
  readonly logGroupName: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** Task role and task-execution role of the executor (type `agentcore-vpc-platform:iam:ExecutorRoles`). */
export class ExecutorRoles extends pulumi.ComponentResource {
  /** Role the executor's code runs as: the data bucket only. */
  readonly taskRoleArn: pulumi.Output<string>;
  /** Role ECS uses to pull the image and write logs. */
  readonly executionRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ExecutorRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:iam:ExecutorRoles", name, {}, opts);
    const env = environmentOf(args);
    const trust = env.apply(ecsTasksTrustPolicy);
    const task = roleWithPolicy(
      `${name}-task`,
      trust,
      pulumi.output(args.dataBucketArn).apply(executorTaskPolicy),
      "Executor task role: data bucket access",
      args.tags,
      this,
    );
    const execution = roleWithPolicy(
      `${name}-execution`,
      trust,
      pulumi
        .all([env, args.repositoryArn, args.logGroupName])
        .apply(([e, repositoryArn, logGroupName]) =>
          executorExecutionPolicy(e, { repositoryArn, logGroupName }),
        ),
      "Executor task execution role: image pull and logs",
      args.tags,
      this,
    );
    this.taskRoleArn = task.arn;
    this.executionRoleArn = execution.arn;
    this.registerOutputs({ taskRoleArn: this.taskRoleArn, executionRoleArn: this.executionRoleArn });
  }
}
