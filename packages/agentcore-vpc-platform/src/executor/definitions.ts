/** Pure builders for the executor's task definition and autoscaling wiring. */
import {
  EXECUTOR_ADDED_CAPABILITIES,
  EXECUTOR_CONTAINER_USER,
  EXECUTOR_DROPPED_CAPABILITIES,
  EXECUTOR_ENV,
  PORTS,
} from "agentcore-vpc-platform-contract";

/** Container name in the task definition and the service's load-balancer mapping. */
export const EXECUTOR_CONTAINER_NAME = "executor";
/**
 * The one writable mount on the otherwise read-only root filesystem (Fargate task storage): session folders,
 * their temporary files and the server's own scratch space all live under it.
 */
export const EXECUTOR_VOLUMES = [{ name: "work", containerPath: "/work" }] as const;
/** Seconds the server keeps for itself between the end of its drain and SIGKILL. */
const DRAIN_MARGIN_SECONDS = 10;

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

export interface ContainerDefinitionInputs {
  /** The executor image by digest. */
  readonly image: string;
  readonly region: string;
  readonly dataBucketName: string;
  readonly logGroupName: string;
  readonly stopTimeoutSeconds: number;
  /** The task's memory in MiB: session memory budgets are set against it. */
  readonly taskMemoryMb: number;
}

/**
 * The executor container. The server runs as root, confined to the capabilities it needs (plus SYS_PTRACE, to
 * read the memory use of session processes), so each session's worker can run under its own uid. Its drain grace is the stop timeout less a margin, so it exits on its own
 * after finishing running executions instead of being killed mid-write.
 */
export function executorContainerDefinition(c: ContainerDefinitionInputs): Record<string, unknown> {
  const environment: Record<string, string> = {
    [EXECUTOR_ENV.port]: String(PORTS.executor),
    [EXECUTOR_ENV.region]: c.region,
    [EXECUTOR_ENV.dataBucket]: c.dataBucketName,
    [EXECUTOR_ENV.workDir]: "/work",
    [EXECUTOR_ENV.drainGraceSeconds]: String(Math.max(0, c.stopTimeoutSeconds - DRAIN_MARGIN_SECONDS)),
    [EXECUTOR_ENV.taskMemoryMb]: String(c.taskMemoryMb),
  };
  return {
    name: EXECUTOR_CONTAINER_NAME,
    image: c.image,
    essential: true,
    user: EXECUTOR_CONTAINER_USER,
    readonlyRootFilesystem: true,
    linuxParameters: {
      capabilities: { drop: [...EXECUTOR_DROPPED_CAPABILITIES], add: [...EXECUTOR_ADDED_CAPABILITIES] },
    },
    portMappings: [{ containerPort: PORTS.executor, protocol: "tcp", name: "http" }],
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
        `fetch("http://127.0.0.1:${PORTS.executor}/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
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
