/** Pure builders for the executor's task definition and autoscaling wiring. */

/** Container name in the task definition and the service's load-balancer mapping. */
export const EXECUTOR_CONTAINER_NAME = "executor";
/** Port the executor server listens on; the target group forwards here. */
export const EXECUTOR_PORT = 8080;
/** Writable mount points on the otherwise read-only root filesystem (Fargate task-ephemeral volumes). */
export const EXECUTOR_VOLUMES = [
  { name: "work", containerPath: "/work" },
  { name: "tmp", containerPath: "/tmp" },
] as const;
/** Environment keys the platform owns; user environment may not set them. */
export const RESERVED_ENVIRONMENT = ["PORT", "AWS_REGION", "DATA_BUCKET", "EXECUTOR_WORK_DIR"] as const;

/**
 * Name of the executor's log group, known before it exists (the execution role's policy is written against
 * it). The stack is part of it because explicit names, unlike autonamed resources, collide between stacks
 * deployed to one account and region.
 */
export function executorLogGroupName(stack: string, name: string): string {
  return `/agentcore-vpc-platform/${stack}/${name}`;
}

/** `resourceLabel` of the ALBRequestCountPerTarget metric: `app/<lb>/<id>/targetgroup/<tg>/<id>`. */
export function albRequestCountResourceLabel(
  loadBalancerArnSuffix: string,
  targetGroupArnSuffix: string,
): string {
  return `${loadBalancerArnSuffix}/${targetGroupArnSuffix}`;
}

/** @returns why `image` is not pinned by digest (`repo@sha256:<64 hex>`), or undefined. */
export function imageDigestProblem(image: string): string | undefined {
  return /^[^@\s]+@sha256:[0-9a-f]{64}$/.test(image)
    ? undefined
    : `"${image}" is not pinned by digest (repo@sha256:<64 hex>); a tag would let a task run another image than the one deployed.`;
}

/** @returns why `user` would run the container as root, or undefined. */
export function rootUserProblem(user: string): string | undefined {
  const [who = "", group] = user.split(":");
  if (who === "" || who === "0" || who === "root" || group === "") {
    return `"${user}" runs as root or is malformed; give a non-root "uid:gid" or user name.`;
  }
  return undefined;
}

export interface ContainerDefinitionInputs {
  readonly image: string;
  readonly user: string;
  readonly region: string;
  readonly dataBucketName: string;
  readonly logGroupName: string;
  readonly stopTimeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The executor container. The drain grace given to the server is the stop timeout less 10 s, so it exits on
 * its own after finishing running executions instead of being killed mid-write.
 */
export function executorContainerDefinition(c: ContainerDefinitionInputs): Record<string, unknown> {
  const imageProblem = imageDigestProblem(c.image);
  if (imageProblem) throw new Error(`image: ${imageProblem}`);
  const reserved = Object.keys(c.environment).filter((k) =>
    (RESERVED_ENVIRONMENT as readonly string[]).includes(k),
  );
  if (reserved.length > 0) {
    throw new Error(`environment: ${reserved.join(", ")} are set by the platform and cannot be overridden.`);
  }
  const environment: Record<string, string> = {
    EXECUTOR_DRAIN_GRACE_SECONDS: String(Math.max(0, c.stopTimeoutSeconds - 10)),
    TMPDIR: "/tmp",
    ...c.environment,
    PORT: String(EXECUTOR_PORT),
    AWS_REGION: c.region,
    DATA_BUCKET: c.dataBucketName,
    EXECUTOR_WORK_DIR: "/work",
  };
  return {
    name: EXECUTOR_CONTAINER_NAME,
    image: c.image,
    essential: true,
    user: c.user,
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: EXECUTOR_PORT, protocol: "tcp", name: "http" }],
    mountPoints: EXECUTOR_VOLUMES.map((v) => ({
      sourceVolume: v.name,
      containerPath: v.containerPath,
      readOnly: false,
    })),
    environment: Object.entries(environment)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => ({ name, value })),
    // The image is Node-based and may not ship curl; Node's fetch probes the same route the ALB uses.
    healthCheck: {
      command: [
        "CMD",
        "node",
        "-e",
        `fetch("http://127.0.0.1:${EXECUTOR_PORT}/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval: 10,
      timeout: 5,
      retries: 3,
      startPeriod: 30,
    },
    stopTimeout: c.stopTimeoutSeconds,
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": c.logGroupName,
        "awslogs-region": c.region,
        "awslogs-stream-prefix": EXECUTOR_CONTAINER_NAME,
        // Never block the server on a slow log pipe; drop lines past the buffer instead.
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
  };
}
