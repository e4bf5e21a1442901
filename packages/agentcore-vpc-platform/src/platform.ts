import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MODEL_AGENTS, OWNER_TAG_KEYS, type StackOutputName } from "agentcore-vpc-platform-contract";
import { runtimeEnvironment } from "./agents/environment";
import type { AgentCoreVpcPlatformArgs } from "./args";
import { awsConnection } from "./connection/program";
import type { AwsConnection } from "./connection/types";
import { AUDIT_DEFAULTS } from "./defaults";
import { executorLogGroupName } from "./executor/definitions";
import { ExecutorService } from "./executor/executor-service";
import { AgentRuntimeRole, ExecutorRoles } from "./iam/roles";
import { EcrImage } from "./images/ecr-image";
import { PlatformNetwork } from "./network/network";
import { normalizeArgs, type NormalizedPlatformArgs } from "./normalize";
import { AdoptedLogGroup } from "./observability/adopted-log-group";
import { agentCoreRuntimeLogGroupName } from "./observability/log-groups";
import { PlatformMonitoring } from "./observability/monitoring";
import { AgentCoreRuntime } from "./runtime/resource";
import { AccessLogBucket } from "./storage/access-log-bucket";
import { DataBucket } from "./storage/data-bucket";
import { SweepMarker } from "./teardown/resource";

/** Account coordinates every IAM document is written against. */
interface AccountEnvironment {
  readonly partition: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
}

type Tags = Record<string, string>;

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
  /** The runtime's log group (`/aws/bedrock-agentcore/runtimes/<id>-DEFAULT`), adopted with the stack's retention. */
  readonly runtimeLogGroupName: pulumi.Output<string>;
  readonly executorLogGroupName: pulumi.Output<string>;
  /** SNS topic the alarms notify; subscribe to it beyond `observability.alarmEmails` as needed. */
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
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
    const partition = aws.getPartitionOutput({}, { parent: this });
    const account = {
      partition: partition.partition,
      accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
      region: network.region,
    };
    const bucket = this.createDataBucket(settings, tags);
    const accessLogs = this.createAccessLogBucket(settings, tags, { account, bucket });
    const images = this.createImages(settings, tags);
    const executor = this.createExecutorTier(settings, tags, {
      network,
      account,
      bucket,
      image: images.executor,
      accessLogs,
    });
    // The dynamic providers act as the component's aws provider does, and check the account at preview.
    const connection = awsConnection(this, account.accountId);
    const runtime = this.createRuntime(settings, tags, {
      network,
      account,
      connection,
      dnsSuffix: partition.dnsSuffix,
      bucket,
      image: images.agent,
      executor,
    });
    const runtimeLogGroup = this.adoptRuntimeLogGroup(settings, tags, {
      runtime,
      region: account.region,
      connection,
    });
    const monitoring = this.createMonitoring(settings, tags, { runtime, executor, region: account.region });

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
    this.runtimeLogGroupName = runtimeLogGroup.logGroupName;
    this.executorLogGroupName = executor.logGroupName;
    this.alarmTopicArn = monitoring.alarmTopicArn;
    this.dashboardName = monitoring.dashboardName;
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
      runtimeLogGroupName: this.runtimeLogGroupName,
      executorLogGroupName: this.executorLogGroupName,
      alarmTopicArn: this.alarmTopicArn,
      dashboardName: this.dashboardName,
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

  /** The access-log bucket, when the ALB's or the data bucket's access logs are on. */
  private createAccessLogBucket(
    settings: NormalizedPlatformArgs,
    tags: Tags,
    wiring: { account: AccountEnvironment; bucket: DataBucket },
  ): AccessLogBucket | undefined {
    const { albAccessLogs, dataBucketAccessLogs, logExpirationDays } = settings.audit;
    if (!albAccessLogs && !dataBucketAccessLogs) return undefined;
    return new AccessLogBucket(
      settings.names.accessLogBucket,
      {
        ...wiring.account,
        albAccessLogs,
        dataBucket: dataBucketAccessLogs
          ? { name: wiring.bucket.bucketName, arn: wiring.bucket.bucketArn }
          : undefined,
        expirationDays: logExpirationDays,
        retainOnDelete: settings.retainDataOnDelete,
        tags,
      },
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
    wiring: {
      network: PlatformNetwork;
      account: AccountEnvironment;
      bucket: DataBucket;
      image: EcrImage;
      accessLogs: AccessLogBucket | undefined;
    },
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
        accessLogs:
          settings.audit.albAccessLogs && wiring.accessLogs
            ? { bucket: wiring.accessLogs.bucketName, prefix: AUDIT_DEFAULTS.albLogPrefix }
            : undefined,
        deletionProtection: settings.audit.albDeletionProtection,
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
      connection: pulumi.Output<AwsConnection>;
      dnsSuffix: pulumi.Output<string>;
      bucket: DataBucket;
      image: EcrImage;
      executor: ExecutorService;
    },
  ): AgentCoreRuntime {
    const { name, models, inference } = settings;
    const { connection } = wiring;
    const traces = settings.observability.traces;
    const role = new AgentRuntimeRole(
      name,
      {
        ...wiring.account,
        roleName: settings.names.runtimeRole,
        repositoryArn: wiring.image.repositoryArn,
        dataBucketArn: wiring.bucket.bucketArn,
        // Exactly the models some agent uses (the fallback only when an agent does).
        modelIds: [...new Set(MODEL_AGENTS.map((agent) => models[agent]))],
        traces,
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
        wiring.dnsSuffix,
      ])
      .apply(([extra, region, executorUrl, dataBucket, dnsSuffix]) =>
        runtimeEnvironment(
          { region, executorUrl, dataBucket, dnsSuffix },
          { models, inference, traces },
          extra,
        ),
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

  /**
   * The runtime's log group, given the stack's retention. AgentCore names it after the runtime id (known only
   * once the runtime exists) and may create it first, with no expiry: the group is created or adopted after the
   * runtime, whichever came first.
   */
  private adoptRuntimeLogGroup(
    settings: NormalizedPlatformArgs,
    tags: Tags,
    wiring: {
      runtime: AgentCoreRuntime;
      region: pulumi.Output<string>;
      connection: pulumi.Output<AwsConnection>;
    },
  ): AdoptedLogGroup {
    return new AdoptedLogGroup(
      `${settings.name}-runtime-logs`,
      {
        region: wiring.region,
        logGroupName: wiring.runtime.agentRuntimeId.apply((id) => agentCoreRuntimeLogGroupName(id)),
        retentionInDays: settings.logRetentionDays,
        tags,
        retainOnDelete: settings.retainDataOnDelete,
        aws: wiring.connection,
      },
      { parent: this },
    );
  }

  private createMonitoring(
    settings: NormalizedPlatformArgs,
    tags: Tags,
    wiring: { runtime: AgentCoreRuntime; executor: ExecutorService; region: pulumi.Output<string> },
  ): PlatformMonitoring {
    const { executor } = wiring;
    return new PlatformMonitoring(
      `${settings.name}-monitoring`,
      {
        names: settings.names,
        settings: settings.observability,
        region: wiring.region,
        runtime: { name: settings.runtimeName, arn: wiring.runtime.agentRuntimeArn },
        loadBalancerArnSuffix: executor.loadBalancerArnSuffix,
        targetGroupArnSuffix: executor.targetGroupArnSuffix,
        clusterName: executor.clusterName,
        serviceName: executor.serviceName,
        minTasks: settings.executor.minTasks,
        executorLogGroupName: executor.logGroupName,
        tags,
      },
      { parent: this },
    );
  }
}
