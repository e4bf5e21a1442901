import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OWNER_TAG_KEYS, type StackOutputName } from "agentcore-vpc-platform-contract";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { awsConnection } from "./connection/program";
import { executorLogGroupName } from "./executor/definitions";
import { ExecutorService } from "./executor/executor-service";
import { AgentRuntimeRole, ExecutorRoles } from "./iam/roles";
import { EcrImage } from "./images/ecr-image";
import { PlatformNetwork } from "./network/network";
import { normalizeArgs, type NormalizedPlatformArgs } from "./normalize";
import { runtimeEnvironment } from "./runtime/environment";
import { AgentCoreRuntime } from "./runtime/resource";
import { DataBucket } from "./storage/data-bucket";
import { SweepMarker } from "./teardown/resource";

/** Account coordinates every IAM document is written against. */
interface AccountEnvironment {
  readonly partition: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
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
  /** Every stack output the platform defines (`STACK_OUTPUTS`), for a program to export as it is. */
  readonly outputs: Readonly<Record<StackOutputName, pulumi.Output<unknown>>>;

  constructor(name: string, args: AgentCoreVpcPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:index:AgentCoreVpcPlatform", name, {}, opts);
    const settings = normalizeArgs(name, args);
    this.settings = settings;
    const tags = {
      ...settings.tags,
      [OWNER_TAG_KEYS.component]: name,
      [OWNER_TAG_KEYS.stack]: pulumi.getStack(),
      [OWNER_TAG_KEYS.project]: pulumi.getProject(),
    };

    const network = new PlatformNetwork(name, { settings: settings.network, tags }, { parent: this });
    const account = {
      partition: aws.getPartitionOutput({}, { parent: this }).partition,
      accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
      region: network.region,
    };
    const bucket = this.createDataBucket(settings, tags);
    const images = this.createImages(settings, tags);
    const executor = this.createExecutorTier(settings, tags, {
      network,
      account,
      bucket,
      image: images.executor,
    });
    const runtime = this.createRuntime(settings, tags, {
      network,
      account,
      bucket,
      image: images.agent,
      executor,
    });

    this.vpcId = network.vpcId;
    this.privateSubnetIds = network.privateSubnetIds;
    this.availabilityZoneIds = network.availabilityZoneIds;
    this.region = network.region;
    this.runtimeSecurityGroupId = network.securityGroupIds.runtime;
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
    this.outputs = {
      region: this.region,
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      availabilityZoneIds: this.availabilityZoneIds,
      runtimeSecurityGroupId: this.runtimeSecurityGroupId,
      runtimeArn: this.runtimeArn,
      runtimeId: this.runtimeId,
      runtimeVersion: this.runtimeVersion,
      executorUrl: this.executorUrl,
      albDnsName: this.albDnsName,
      executorTargetGroupArn: this.executorTargetGroupArn,
      executorClusterName: this.executorClusterName,
      executorServiceName: this.executorServiceName,
      dataBucketName: this.dataBucketName,
      agentImageUri: this.agentImageUri,
      executorImageUri: this.executorImageUri,
    };
    this.registerOutputs(this.outputs);
  }

  private createDataBucket(settings: NormalizedPlatformArgs, tags: Record<string, string>): DataBucket {
    return new DataBucket(
      settings.names.dataBucket,
      { ...settings.dataBucket, retainOnDelete: settings.retainDataOnDelete, tags },
      { parent: this },
    );
  }

  private createImages(settings: NormalizedPlatformArgs, tags: Record<string, string>) {
    const retainOnDelete = settings.retainDataOnDelete;
    return {
      agent: new EcrImage(
        settings.names.agentRepository,
        { source: settings.agent.source, retainOnDelete, tags },
        { parent: this },
      ),
      executor: new EcrImage(
        settings.names.executorRepository,
        { source: settings.executor.source, retainOnDelete, tags },
        { parent: this },
      ),
    };
  }

  private createExecutorTier(
    settings: NormalizedPlatformArgs,
    tags: Record<string, string>,
    wiring: { network: PlatformNetwork; account: AccountEnvironment; bucket: DataBucket; image: EcrImage },
  ): ExecutorService {
    const name = settings.names.executor;
    const roles = new ExecutorRoles(
      name,
      {
        ...wiring.account,
        repositoryArn: wiring.image.repositoryArn,
        dataBucketArn: wiring.bucket.bucketArn,
        logGroupName: executorLogGroupName(pulumi.getStack(), name),
        tags,
      },
      { parent: this },
    );
    return new ExecutorService(
      name,
      {
        settings: settings.executor,
        vpcId: wiring.network.vpcId,
        subnetIds: wiring.network.privateSubnetIds,
        albSecurityGroupId: wiring.network.securityGroupIds.alb,
        executorSecurityGroupId: wiring.network.securityGroupIds.executor,
        image: wiring.image.imageUri,
        taskRoleArn: roles.taskRoleArn,
        executionRoleArn: roles.executionRoleArn,
        region: wiring.account.region,
        dataBucketName: wiring.bucket.bucketName,
        tags,
      },
      { parent: this },
    );
  }

  private createRuntime(
    settings: NormalizedPlatformArgs,
    tags: Record<string, string>,
    wiring: {
      network: PlatformNetwork;
      account: AccountEnvironment;
      bucket: DataBucket;
      image: EcrImage;
      executor: ExecutorService;
    },
  ): AgentCoreRuntime {
    const { name, models } = settings;
    // The dynamic providers act as the component's aws provider does, and check the account at preview.
    const connection = awsConnection(this, wiring.account.accountId);
    const role = new AgentRuntimeRole(
      name,
      {
        ...wiring.account,
        roleName: settings.names.runtimeRole,
        repositoryArn: wiring.image.repositoryArn,
        dataBucketArn: wiring.bucket.bucketArn,
        modelIds: [...new Set(Object.values(models))],
        tags,
      },
      { parent: this },
    );
    // Destroy order: the runtime, then this marker (which stamps the retained network with the time its
    // ENIs may be gone), then the retained resources leave the state.
    const sweepMarker = settings.network.retainOnDelete
      ? [
          new SweepMarker(
            `${name}-sweep-marker`,
            {
              region: wiring.account.region,
              vpcId: wiring.network.vpcId,
              subnetIds: wiring.network.privateSubnetIds,
              securityGroupIds: [wiring.network.securityGroupIds.runtime],
              aws: connection,
            },
            { parent: this },
          ),
        ]
      : [];
    const environment = pulumi
      .all([
        pulumi.output(settings.agent.environment),
        wiring.account.region,
        wiring.executor.executorUrl,
        wiring.bucket.bucketName,
      ])
      .apply(([extra, region, executorUrl, dataBucket]) =>
        runtimeEnvironment({ region, executorUrl, dataBucket, models }, extra),
      );
    return new AgentCoreRuntime(
      `${name}-runtime`,
      {
        region: wiring.account.region,
        agentRuntimeName: settings.runtimeName,
        containerUri: wiring.image.imageUri,
        roleArn: role.roleArn,
        subnetIds: wiring.network.privateSubnetIds,
        securityGroupIds: [wiring.network.securityGroupIds.runtime],
        description: `agentcore-vpc-platform ${name} (stack ${pulumi.getStack()})`,
        environmentVariables: environment,
        tags,
        aws: connection,
      },
      // The role's policy must exist before AgentCore validates it, and the endpoints before the container
      // pulls its image and ships logs: a READY runtime is not a started container.
      { parent: this, dependsOn: [role, wiring.network, ...sweepMarker] },
    );
  }
}
