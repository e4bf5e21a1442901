import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { executorLogGroupName } from "./executor/definitions";
import { ExecutorService } from "./executor/executor-service";
import { AgentRuntimeRole, ExecutorRoles } from "./iam/roles";
import { EcrImage } from "./images/ecr-image";
import { PlatformNetwork } from "./network/network";
import { type ImageSource, normalizeArgs, type NormalizedPlatformArgs } from "./normalize";
import { AgentCoreRuntime } from "./runtime/resource";
import { DataBucket } from "./storage/data-bucket";
import { SweepMarker } from "./teardown/resource";

/** Tag keys the platform puts on every resource that takes tags. */
export const PLATFORM_TAG_KEYS = {
  component: "agentcore-vpc-platform:component",
  stack: "agentcore-vpc-platform:stack",
  project: "agentcore-vpc-platform:project",
} as const;

function imageArgs(source: ImageSource) {
  return source.kind === "build" ? { context: source.context } : { image: source.image };
}

/**
 * A private data-analysis agent platform on Amazon Bedrock AgentCore Runtime in VPC mode: network, data
 * bucket, both images (built during the update, referenced by digest), IAM, the executor tier behind an
 * internal ALB, and the AgentCore runtime.
 *
 * Arguments are validated before any resource is created; AZ IDs are checked against the account's
 * zones during `pulumi preview`. Every child is parented to this component and named after it, so
 * several platforms can live in one program.
 */
export class AgentCoreVpcPlatform extends pulumi.ComponentResource {
  /** Arguments after validation and defaults. */
  readonly settings: NormalizedPlatformArgs;
  readonly network: PlatformNetwork;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** AZ IDs of the private subnets, in subnet order. */
  readonly availabilityZoneIds: pulumi.Output<string[]>;
  readonly region: pulumi.Output<string>;
  readonly runtimeSecurityGroupId: pulumi.Output<string>;
  readonly runtimeArn: pulumi.Output<string>;
  readonly runtimeId: pulumi.Output<string>;
  readonly runtimeVersion: pulumi.Output<string>;
  /** `http://<internal ALB DNS name>`: where the agent reaches the executor. */
  readonly executorUrl: pulumi.Output<string>;
  readonly albDnsName: pulumi.Output<string>;
  readonly executorTargetGroupArn: pulumi.Output<string>;
  readonly executorClusterName: pulumi.Output<string>;
  readonly executorServiceName: pulumi.Output<string>;
  readonly dataBucketName: pulumi.Output<string>;
  /** Agent image by digest (`repo@sha256:…`). */
  readonly agentImageUri: pulumi.Output<string>;
  /** Executor image by digest (`repo@sha256:…`). */
  readonly executorImageUri: pulumi.Output<string>;

  constructor(name: string, args: AgentCoreVpcPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:index:AgentCoreVpcPlatform", name, {}, opts);
    const settings = normalizeArgs(name, args);
    this.settings = settings;
    const parent = { parent: this };
    const tags = {
      ...settings.tags,
      [PLATFORM_TAG_KEYS.component]: name,
      [PLATFORM_TAG_KEYS.stack]: pulumi.getStack(),
      [PLATFORM_TAG_KEYS.project]: pulumi.getProject(),
    };

    this.network = new PlatformNetwork(name, { platformName: name, ...settings.network, tags }, parent);
    const environment = {
      partition: aws.getPartitionOutput({}, parent).partition,
      accountId: aws.getCallerIdentityOutput({}, parent).accountId,
      region: this.network.region,
    };

    const bucket = new DataBucket(
      `${name}-data`,
      { ...settings.dataBucket, retainOnDelete: settings.retainDataOnDelete, tags },
      parent,
    );
    const images = {
      agent: new EcrImage(
        `${name}-agent`,
        { ...imageArgs(settings.agent.source), retainOnDelete: settings.retainDataOnDelete, tags },
        parent,
      ),
      executor: new EcrImage(
        `${name}-executor`,
        { ...imageArgs(settings.executor.source), retainOnDelete: settings.retainDataOnDelete, tags },
        parent,
      ),
    };

    // Short on purpose: the ALB and target group names (max 32 characters) derive from it.
    const executorName = `${name}-exec`;
    const executorRoles = new ExecutorRoles(
      executorName,
      {
        ...environment,
        repositoryArn: images.executor.repositoryArn,
        dataBucketArn: bucket.bucketArn,
        logGroupName: executorLogGroupName(pulumi.getStack(), executorName),
        tags,
      },
      parent,
    );
    const executor = new ExecutorService(
      executorName,
      {
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateSubnetIds,
        albSecurityGroupId: this.network.securityGroupIds.alb,
        executorSecurityGroupId: this.network.securityGroupIds.executor,
        image: images.executor.imageUri,
        taskRoleArn: executorRoles.taskRoleArn,
        executionRoleArn: executorRoles.executionRoleArn,
        region: environment.region,
        dataBucketName: bucket.bucketName,
        cpu: settings.executor.cpu,
        memory: settings.executor.memory,
        minTasks: settings.executor.minTasks,
        maxTasks: settings.executor.maxTasks,
        logRetentionDays: settings.executor.logRetentionDays,
        tags,
      },
      parent,
    );

    const models = settings.models;
    const runtimeRole = new AgentRuntimeRole(
      name,
      {
        ...environment,
        repositoryArn: images.agent.repositoryArn,
        dataBucketArn: bucket.bucketArn,
        modelIds: [...new Set([models.default, models.coder, models.validator, models.reporter])],
        tags,
      },
      parent,
    );
    // Destroy order: the runtime, then this marker (which stamps the retained network with the time its
    // ENIs may be gone), then the retained resources leave the state.
    const sweepMarker = settings.network.retainOnDelete
      ? [
          new SweepMarker(
            `${name}-sweep-marker`,
            {
              region: environment.region,
              vpcId: this.network.vpcId,
              subnetIds: this.network.privateSubnetIds,
              securityGroupIds: [this.network.securityGroupIds.runtime],
            },
            parent,
          ),
        ]
      : [];
    const runtime = new AgentCoreRuntime(
      `${name}-runtime`,
      {
        region: environment.region,
        agentRuntimeName: settings.runtimeName,
        containerUri: images.agent.imageUri,
        roleArn: runtimeRole.roleArn,
        subnetIds: this.network.privateSubnetIds,
        securityGroupIds: [this.network.securityGroupIds.runtime],
        description: `agentcore-vpc-platform ${name} (stack ${pulumi.getStack()})`,
        environmentVariables: pulumi.output(settings.agent.environment).apply((extra) => ({
          ...extra,
          AWS_REGION: environment.region,
          EXECUTOR_URL: executor.executorUrl,
          DATA_BUCKET: bucket.bucketName,
          DEFAULT_MODEL_ID: models.default,
          CODER_MODEL_ID: models.coder,
          VALIDATOR_MODEL_ID: models.validator,
          REPORTER_MODEL_ID: models.reporter,
        })),
        tags,
      },
      // The role's policy must exist before AgentCore validates it, and the endpoints before the
      // container pulls its image and ships logs: a READY runtime is not a started container.
      { ...parent, dependsOn: [runtimeRole, this.network, ...sweepMarker] },
    );

    this.vpcId = this.network.vpcId;
    this.privateSubnetIds = this.network.privateSubnetIds;
    this.availabilityZoneIds = this.network.availabilityZoneIds;
    this.region = this.network.region;
    this.runtimeSecurityGroupId = this.network.securityGroupIds.runtime;
    this.runtimeArn = runtime.agentRuntimeArn;
    this.runtimeId = runtime.agentRuntimeId;
    this.runtimeVersion = runtime.agentRuntimeVersion;
    this.executorUrl = executor.executorUrl;
    this.albDnsName = executor.albDnsName;
    this.executorTargetGroupArn = executor.targetGroupArn;
    this.executorClusterName = executor.clusterName;
    this.executorServiceName = executor.serviceName;
    this.dataBucketName = bucket.bucketName;
    this.agentImageUri = images.agent.imageUri;
    this.executorImageUri = images.executor.imageUri;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      availabilityZoneIds: this.availabilityZoneIds,
      runtimeArn: this.runtimeArn,
      runtimeId: this.runtimeId,
      runtimeVersion: this.runtimeVersion,
      executorUrl: this.executorUrl,
      albDnsName: this.albDnsName,
      dataBucketName: this.dataBucketName,
      agentImageUri: this.agentImageUri,
      executorImageUri: this.executorImageUri,
    });
  }
}
