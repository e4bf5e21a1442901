/**
 * The executor tier: ECS cluster, Fargate service behind an internal ALB, autoscaling and logs
 * (type `agentcore-vpc-platform:executor:ExecutorService`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PORTS } from "agentcore-vpc-platform-contract";
import { EXECUTOR_DEFAULTS } from "../defaults";
import type { NormalizedExecutorArgs } from "../normalize";
import {
  EXECUTOR_CONTAINER_NAME,
  EXECUTOR_VOLUMES,
  albRequestCountResourceLabel,
  executorContainerDefinition,
  executorLogGroupName,
} from "./definitions";

type Tags = Readonly<Record<string, string>>;
type MetricSpec =
  aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification;

/** What the tier is wired to; its sizing comes normalized (see `normalizeArgs`). */
export interface ExecutorServiceArgs {
  readonly settings: NormalizedExecutorArgs;
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the ALB and the tasks (two AZs at least, for the ALB). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security group of the ALB (admits the listener port from the runtime only). */
  readonly albSecurityGroupId: pulumi.Input<string>;
  /** Security group of the tasks (admits the executor port from the ALB only). */
  readonly executorSecurityGroupId: pulumi.Input<string>;
  /** Executor image pinned by digest (`EcrImage.imageUri`). */
  readonly image: pulumi.Input<string>;
  readonly taskRoleArn: pulumi.Input<string>;
  readonly executionRoleArn: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly dataBucketName: pulumi.Input<string>;
  /** Where the ALB writes access logs (a bucket whose policy admits ELB's log delivery); none when absent. */
  readonly accessLogs?: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
  /** Deletion protection on the ALB. */
  readonly deletionProtection: boolean;
  readonly tags: Tags;
}

/** Seconds a new task may fail ALB health checks before ECS replaces it (startup preloads pandas). */
const HEALTH_CHECK_GRACE_SECONDS = 20;
/** In-flight requests of a deregistering task get this long; sessions are sticky, drains are the server's. */
const DEREGISTRATION_DELAY_SECONDS = 10;
/** Scale in slowly: removing a task ends the sessions pinned to it. */
const SCALE_IN_COOLDOWN_SECONDS = 600;
const SCALE_OUT_COOLDOWN_SECONDS = 60;

export class ExecutorService extends pulumi.ComponentResource {
  readonly albDnsName: pulumi.Output<string>;
  /** `http://<alb dns>`: what the agent calls (the ALB listener port). */
  readonly executorUrl: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the ALB's `LoadBalancer` dimension in CloudWatch. */
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>`: the target group's `TargetGroup` dimension in CloudWatch. */
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  /** Equal to `executorLogGroupName(pulumi.getStack(), name)`. */
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: ExecutorServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:executor:ExecutorService", name, {}, opts);
    const cluster = new aws.ecs.Cluster(
      name,
      { settings: [{ name: "containerInsights", value: "enabled" }], tags: args.tags },
      { parent: this },
    );
    const logGroup = this.createLogGroup(name, args);
    const taskDefinition = this.createTaskDefinition(name, args, logGroup);
    const { loadBalancer, targetGroup, listener } = this.createLoadBalancer(name, args);
    const service = this.createService(name, args, { cluster, taskDefinition, targetGroup, listener });
    this.createAutoscaling(name, args, { cluster, service, loadBalancer, targetGroup });

    this.albDnsName = loadBalancer.dnsName;
    this.executorUrl = pulumi.interpolate`http://${loadBalancer.dnsName}`;
    this.targetGroupArn = targetGroup.arn;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      albDnsName: this.albDnsName,
      executorUrl: this.executorUrl,
      targetGroupArn: this.targetGroupArn,
      loadBalancerArnSuffix: this.loadBalancerArnSuffix,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
    });
  }

  private createLogGroup(name: string, args: ExecutorServiceArgs): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
      name,
      {
        name: executorLogGroupName(pulumi.getStack(), name),
        retentionInDays: args.settings.logRetentionDays,
        tags: args.tags,
      },
      { parent: this },
    );
  }

  private createTaskDefinition(
    name: string,
    args: ExecutorServiceArgs,
    logGroup: aws.cloudwatch.LogGroup,
  ): aws.ecs.TaskDefinition {
    const containerDefinitions = pulumi
      .all([args.image, args.region, args.dataBucketName, logGroup.name])
      .apply(([image, region, dataBucketName, logGroupName]) =>
        JSON.stringify([
          executorContainerDefinition({
            image,
            region,
            dataBucketName,
            logGroupName,
            stopTimeoutSeconds: EXECUTOR_DEFAULTS.stopTimeoutSeconds,
            taskMemoryMb: args.settings.memory,
          }),
        ]),
      );
    return new aws.ecs.TaskDefinition(
      name,
      {
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.settings.cpu),
        memory: String(args.settings.memory),
        ephemeralStorage: { sizeInGib: args.settings.ephemeralStorageGiB },
        runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
        taskRoleArn: args.taskRoleArn,
        executionRoleArn: args.executionRoleArn,
        // Volumes with neither host path nor driver are Fargate task storage: writable, gone with the task.
        volumes: EXECUTOR_VOLUMES.map((v) => ({ name: v.name })),
        containerDefinitions,
        tags: args.tags,
      },
      { parent: this },
    );
  }

  private createLoadBalancer(name: string, args: ExecutorServiceArgs) {
    const parent = { parent: this };
    const loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        internal: true,
        loadBalancerType: "application",
        subnets: args.subnetIds,
        securityGroups: [args.albSecurityGroupId],
        // Executions may run for up to an hour on one kept-open request.
        idleTimeout: 3600,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.deletionProtection,
        ...(args.accessLogs
          ? { accessLogs: { bucket: args.accessLogs.bucket, prefix: args.accessLogs.prefix, enabled: true } }
          : {}),
        tags: args.tags,
      },
      parent,
    );
    const targetGroup = new aws.lb.TargetGroup(
      name,
      {
        vpcId: args.vpcId,
        targetType: "ip",
        port: PORTS.executor,
        protocol: "HTTP",
        deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
        healthCheck: {
          enabled: true,
          path: "/health",
          port: "traffic-port",
          protocol: "HTTP",
          matcher: "200",
          interval: 5,
          timeout: 3,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        stickiness: { type: "lb_cookie", enabled: true, cookieDuration: EXECUTOR_DEFAULTS.stickinessSeconds },
        tags: args.tags,
      },
      parent,
    );
    const listener = new aws.lb.Listener(
      name,
      {
        loadBalancerArn: loadBalancer.arn,
        port: PORTS.albListener,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        tags: args.tags,
      },
      parent,
    );
    return { loadBalancer, targetGroup, listener };
  }

  private createService(
    name: string,
    args: ExecutorServiceArgs,
    wiring: {
      cluster: aws.ecs.Cluster;
      taskDefinition: aws.ecs.TaskDefinition;
      targetGroup: aws.lb.TargetGroup;
      listener: aws.lb.Listener;
    },
  ): aws.ecs.Service {
    return new aws.ecs.Service(
      name,
      {
        cluster: wiring.cluster.arn,
        taskDefinition: wiring.taskDefinition.arn,
        launchType: "FARGATE",
        desiredCount: args.settings.minTasks,
        networkConfiguration: {
          subnets: args.subnetIds,
          securityGroups: [args.executorSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          {
            targetGroupArn: wiring.targetGroup.arn,
            containerName: EXECUTOR_CONTAINER_NAME,
            containerPort: PORTS.executor,
          },
        ],
        healthCheckGracePeriodSeconds: HEALTH_CHECK_GRACE_SECONDS,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        // `pulumi up` reports a service that never becomes healthy instead of succeeding early.
        waitForSteadyState: true,
        tags: args.tags,
      },
      // ECS rejects a target group not yet attached to a load balancer; autoscaling owns the desired count.
      { parent: this, dependsOn: [wiring.listener], ignoreChanges: ["desiredCount"] },
    );
  }

  private createAutoscaling(
    name: string,
    args: ExecutorServiceArgs,
    wiring: {
      cluster: aws.ecs.Cluster;
      service: aws.ecs.Service;
      loadBalancer: aws.lb.LoadBalancer;
      targetGroup: aws.lb.TargetGroup;
    },
  ): void {
    const target = new aws.appautoscaling.Target(
      name,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${wiring.cluster.name}/${wiring.service.name}`,
        minCapacity: args.settings.minTasks,
        maxCapacity: args.settings.maxTasks,
        tags: args.tags,
      },
      { parent: this },
    );
    const trackingPolicy = (suffix: string, targetValue: number, predefinedMetricSpecification: MetricSpec) =>
      new aws.appautoscaling.Policy(
        `${name}-${suffix}`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue,
            predefinedMetricSpecification,
            scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
            scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
          },
        },
        { parent: this },
      );
    trackingPolicy("cpu", EXECUTOR_DEFAULTS.cpuTargetPercent, {
      predefinedMetricType: "ECSServiceAverageCPUUtilization",
    });
    trackingPolicy("requests", EXECUTOR_DEFAULTS.requestsPerTarget, {
      predefinedMetricType: "ALBRequestCountPerTarget",
      resourceLabel: pulumi
        .all([wiring.loadBalancer.arnSuffix, wiring.targetGroup.arnSuffix])
        .apply(([lb, tg]) => albRequestCountResourceLabel(lb, tg)),
    });
  }
}
