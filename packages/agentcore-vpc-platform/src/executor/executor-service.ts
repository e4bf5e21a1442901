/**
 * The executor tier: ECS cluster, Fargate service behind an internal ALB, autoscaling and logs
 * (type `agentcore-vpc-platform:executor:ExecutorService`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformArgumentError } from "../errors";
import {
  EXECUTOR_CONTAINER_NAME,
  EXECUTOR_PORT,
  EXECUTOR_VOLUMES,
  albRequestCountResourceLabel,
  executorContainerDefinition,
  executorLogGroupName,
  imageDigestProblem,
  rootUserProblem,
} from "./definitions";
import { type ExecutorSizing, executorSizingProblems } from "./sizing";
import { ALB_LISTENER_PORT } from "../network/plan";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;
type MetricSpec =
  aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification;

export interface ExecutorServiceArgs {
  /** VPC of the target group. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the ALB and the tasks (two AZs at least, for the ALB). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security group of the ALB (admits the listener port from the runtime only). */
  readonly albSecurityGroupId: pulumi.Input<string>;
  /** Security group of the tasks (admits 8080 from the ALB only). */
  readonly executorSecurityGroupId: pulumi.Input<string>;
  /** Executor image pinned by digest (`EcrImage.imageUri`). */
  readonly image: pulumi.Input<string>;
  /** Role the executor code runs as (`ExecutorRoles.taskRoleArn`). */
  readonly taskRoleArn: pulumi.Input<string>;
  /** Role ECS pulls and logs with (`ExecutorRoles.executionRoleArn`). */
  readonly executionRoleArn: pulumi.Input<string>;
  /** Region, for the awslogs driver and `AWS_REGION`. */
  readonly region: pulumi.Input<string>;
  /** Data bucket name, passed as `DATA_BUCKET`. */
  readonly dataBucketName: pulumi.Input<string>;
  /**
   * Fargate CPU units. Sizing values are plain numbers, validated when the program runs (also in preview).
   * @default 2048
   */
  readonly cpu?: number;
  /** Fargate memory in MiB, valid for `cpu` (the error lists the valid values). @default 4096 */
  readonly memory?: number;
  /**
   * Warm tasks, also the autoscaling minimum. 0 parks the tier: nothing serves and autoscaling cannot scale
   * out from zero.
   * @default 1
   */
  readonly minTasks?: number;
  /** Autoscaling maximum; at least 1 and at least `minTasks`. @default 4 */
  readonly maxTasks?: number;
  /** Log retention (a CloudWatch Logs period: 1, 3, 5, 7, 14, 30, …). @default 7 */
  readonly logRetentionDays?: number;
  /**
   * Non-root `uid:gid` (or user name) the container runs as; the default is the `executor` user of
   * executor/Dockerfile, which owns /work.
   * @default "10001:10001"
   */
  readonly user?: string;
  /** Seconds between SIGTERM and SIGKILL for a graceful drain; Fargate allows at most 120. @default 120 */
  readonly stopTimeoutSeconds?: number;
  /** Lifetime of the ALB stickiness cookie that keeps a session on its task. @default 86400 */
  readonly stickinessSeconds?: number;
  /** Target of the ALBRequestCountPerTarget scaling policy (requests per task per minute). @default 100 */
  readonly requestsPerTarget?: number;
  /** Target of the average-CPU scaling policy (percent). @default 60 */
  readonly cpuTargetPercent?: number;
  /** Extra environment for the container; PORT, AWS_REGION, DATA_BUCKET, EXECUTOR_WORK_DIR are reserved. @default {} */
  readonly environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Tags for every resource that takes tags. @default none */
  readonly tags?: Tags;
}

export const EXECUTOR_DEFAULTS = {
  cpu: 2048,
  memory: 4096,
  minTasks: 1,
  maxTasks: 4,
  logRetentionDays: 7,
  user: "10001:10001",
  stopTimeoutSeconds: 120,
  stickinessSeconds: 86400,
  requestsPerTarget: 100,
  cpuTargetPercent: 60,
} as const;

/** Seconds a new task may fail ALB health checks before ECS replaces it (startup preloads pandas). */
const HEALTH_CHECK_GRACE_SECONDS = 20;
/** In-flight requests of a deregistering task get this long; sessions are sticky, drains are the server's. */
const DEREGISTRATION_DELAY_SECONDS = 10;
/** Scale in slowly: removing a task ends the sessions pinned to it. */
const SCALE_IN_COOLDOWN_SECONDS = 600;
const SCALE_OUT_COOLDOWN_SECONDS = 60;

function sizingOf(args: ExecutorServiceArgs): ExecutorSizing {
  const d = EXECUTOR_DEFAULTS;
  return {
    cpu: args.cpu ?? d.cpu,
    memory: args.memory ?? d.memory,
    minTasks: args.minTasks ?? d.minTasks,
    maxTasks: args.maxTasks ?? d.maxTasks,
    logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
    stopTimeoutSeconds: args.stopTimeoutSeconds ?? d.stopTimeoutSeconds,
    stickinessSeconds: args.stickinessSeconds ?? d.stickinessSeconds,
    requestsPerTarget: args.requestsPerTarget ?? d.requestsPerTarget,
    cpuTargetPercent: args.cpuTargetPercent ?? d.cpuTargetPercent,
  };
}

export class ExecutorService extends pulumi.ComponentResource {
  readonly albDnsName: pulumi.Output<string>;
  /** `http://<alb dns>`: what the agent calls (listener on port 80). */
  readonly executorUrl: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  /** Equal to `executorLogGroupName(pulumi.getStack(), name)`. */
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: ExecutorServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const sizing = sizingOf(args);
    const user = args.user ?? EXECUTOR_DEFAULTS.user;
    const problems = executorSizingProblems(sizing);
    const userProblem = rootUserProblem(user);
    if (userProblem) problems.push({ path: "user", reason: userProblem });
    const imageProblem = typeof args.image === "string" ? imageDigestProblem(args.image) : undefined;
    if (imageProblem) problems.push({ path: "image", reason: imageProblem });
    // Validated before super() so invalid arguments register nothing.
    if (problems.length > 0) throw new PlatformArgumentError(name, problems);
    super("agentcore-vpc-platform:executor:ExecutorService", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags;

    const cluster = new aws.ecs.Cluster(
      name,
      { settings: [{ name: "containerInsights", value: "enabled" }], tags },
      parent,
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      name,
      { name: executorLogGroupName(pulumi.getStack(), name), retentionInDays: sizing.logRetentionDays, tags },
      parent,
    );

    const containerDefinitions = pulumi
      .all([
        args.image,
        args.region,
        args.dataBucketName,
        logGroup.name,
        pulumi.output(args.environment ?? {}),
      ])
      .apply(([image, region, dataBucketName, logGroupName, environment]) =>
        JSON.stringify([
          executorContainerDefinition({
            image,
            user,
            region,
            dataBucketName,
            logGroupName,
            stopTimeoutSeconds: sizing.stopTimeoutSeconds,
            environment,
          }),
        ]),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      name,
      {
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(sizing.cpu),
        memory: String(sizing.memory),
        runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
        taskRoleArn: args.taskRoleArn,
        executionRoleArn: args.executionRoleArn,
        // Volumes with neither host path nor driver are Fargate task storage: writable, gone with the task.
        volumes: EXECUTOR_VOLUMES.map((v) => ({ name: v.name })),
        containerDefinitions,
        tags,
      },
      parent,
    );

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
        tags,
      },
      parent,
    );
    const targetGroup = new aws.lb.TargetGroup(
      name,
      {
        vpcId: args.vpcId,
        targetType: "ip",
        port: EXECUTOR_PORT,
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
        stickiness: { type: "lb_cookie", enabled: true, cookieDuration: sizing.stickinessSeconds },
        tags,
      },
      parent,
    );
    const listener = new aws.lb.Listener(
      name,
      {
        loadBalancerArn: loadBalancer.arn,
        port: ALB_LISTENER_PORT,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        tags,
      },
      parent,
    );

    const service = new aws.ecs.Service(
      name,
      {
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        launchType: "FARGATE",
        desiredCount: sizing.minTasks,
        networkConfiguration: {
          subnets: args.subnetIds,
          securityGroups: [args.executorSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          {
            targetGroupArn: targetGroup.arn,
            containerName: EXECUTOR_CONTAINER_NAME,
            containerPort: EXECUTOR_PORT,
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
        tags,
      },
      // ECS rejects a target group not yet attached to a load balancer; autoscaling owns the desired count.
      { ...parent, dependsOn: [listener], ignoreChanges: ["desiredCount"] },
    );

    const target = new aws.appautoscaling.Target(
      name,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
        minCapacity: sizing.minTasks,
        maxCapacity: sizing.maxTasks,
        tags,
      },
      parent,
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
        parent,
      );
    trackingPolicy("cpu", sizing.cpuTargetPercent, {
      predefinedMetricType: "ECSServiceAverageCPUUtilization",
    });
    trackingPolicy("requests", sizing.requestsPerTarget, {
      predefinedMetricType: "ALBRequestCountPerTarget",
      resourceLabel: pulumi
        .all([loadBalancer.arnSuffix, targetGroup.arnSuffix])
        .apply(([lb, tg]) => albRequestCountResourceLabel(lb, tg)),
    });

    this.albDnsName = loadBalancer.dnsName;
    this.executorUrl = pulumi.interpolate`http://${loadBalancer.dnsName}`;
    this.targetGroupArn = targetGroup.arn;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      albDnsName: this.albDnsName,
      executorUrl: this.executorUrl,
      targetGroupArn: this.targetGroupArn,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
    });
  }
}
