/**
 * The arguments of {@link AgentCoreVpcPlatform}. Every default lives in `./defaults.ts`; `normalizeArgs`
 * validates the arguments and applies them.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Where NAT gateways go: none (endpoints only), one shared, or one per AZ. */
export type NatGatewayMode = "none" | "single" | "perAz";

/**
 * The VPC. These values shape the resource graph (how many subnets, which AZs), so they are plain
 * values, not `Input`s: they must be known, and checked, when the program runs.
 */
export interface PlatformNetworkArgs {
  /**
   * IPv4 block of the VPC, /16 to /24. It is cut into eight equal slots: a private and a public subnet for
   * each of up to four AZs, so changing the AZ count or NAT mode never moves a subnet, and a zone added to
   * an existing stack gets a slot no subnet of the VPC holds.
   * @default PLATFORM_DEFAULTS.cidrBlock ("10.0.0.0/16")
   */
  readonly cidrBlock?: string;
  /**
   * AZ IDs (not names: names map to different IDs in every account) for the private subnets, e.g.
   * `["use1-az1", "use1-az2"]`. Each must be an AZ ID AgentCore supports in the region; at least two.
   * @default `availabilityZoneCount` supported IDs available to the account, in table order
   */
  readonly availabilityZoneIds?: string[];
  /**
   * How many AZs to pick when `availabilityZoneIds` is not given (2 to 4). Giving both with a
   * different count is an error.
   * @default PLATFORM_DEFAULTS.availabilityZoneCount (2)
   */
  readonly availabilityZoneCount?: number;
  /**
   * NAT gateways for outbound internet access from the private subnets. With `"none"` the platform
   * reaches AWS only through VPC endpoints (extra interface endpoints are added for that).
   * @default PLATFORM_DEFAULTS.natGateways ("single")
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * AZ IDs AgentCore supports in this region, replacing the built-in table. For regions AWS adds after
   * this package was published; the list is at
   * https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html.
   * @default the built-in table (`SUPPORTED_AZ_IDS`)
   */
  readonly supportedAvailabilityZoneIds?: string[];
  /**
   * Keep the VPC, the private subnets and the runtime security group in AWS when they are deleted
   * from the stack. After a runtime is deleted AWS keeps its ENIs for up to 8 hours, and until then
   * these cannot be deleted (DependencyViolation); retaining them lets `pulumi destroy` finish in one
   * run. They are tagged `agentcore-vpc-platform:retained-on-delete=true` so a sweep can find them.
   * Set `false` only for a network that never had a runtime attached.
   * @default PLATFORM_DEFAULTS.retainNetworkOnDelete (true)
   */
  readonly retainOnDelete?: boolean;
}

/**
 * A container image: built from a folder during `pulumi up`, or an existing ECR image. Give at most one of
 * `context` and `image`; with neither, the reference app this package ships is built.
 */
export interface PlatformImageArgs {
  /**
   * Folder with a Dockerfile, built for linux/arm64 during the update. Relative paths resolve from the
   * program's working directory.
   * @default the reference build context this package ships (`contexts/agent`, `contexts/executor`)
   */
  readonly context?: string;
  /**
   * An existing ECR image URI ending in `:tag` or `@sha256:digest`; skips the build. A tag is resolved to its
   * digest when the program runs, so later pushes to it cannot change what runs.
   * @default none: the image is built from `context`
   */
  readonly image?: pulumi.Input<string>;
}

/** The AgentCore runtime app. */
export interface PlatformAgentArgs extends PlatformImageArgs {
  /**
   * Extra environment variables for the runtime (at most 50 in all, with the platform's own; values may be
   * secrets and are stored as secrets either way).
   * @default {}
   */
  readonly environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The ECS Fargate code executor. */
export interface PlatformExecutorArgs extends PlatformImageArgs {
  /**
   * Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384).
   * @default EXECUTOR_DEFAULTS.cpu (2048)
   */
  readonly cpu?: number;
  /**
   * Fargate task memory in MiB; must be a valid combination with `cpu`.
   * @default EXECUTOR_DEFAULTS.memory (4096)
   */
  readonly memory?: number;
  /**
   * Warm tasks kept running (so a session never waits for a task to start). 0 parks the tier: nothing
   * serves, and autoscaling cannot scale out from zero.
   * @default EXECUTOR_DEFAULTS.minTasks (1)
   */
  readonly minTasks?: number;
  /**
   * Upper bound for autoscaling; at least `minTasks` and at least 1.
   * @default EXECUTOR_DEFAULTS.maxTasks (4)
   */
  readonly maxTasks?: number;
  /**
   * Fargate ephemeral storage per task, in GiB (21 to 200). The image, every session's folder and its
   * input data share it: a 1 GB input and the files made from it need room.
   * @default EXECUTOR_DEFAULTS.ephemeralStorageGiB (50)
   */
  readonly ephemeralStorageGiB?: number;
}

/** One value per agent; `default` applies to every agent without its own. */
export interface PerAgent<T> {
  readonly default?: T;
  readonly planner?: T;
  readonly coder?: T;
  readonly validator?: T;
  readonly reporter?: T;
}

/** Bedrock models the agents call: model ids, inference-profile ids (`global.…`, `us.…`) or ARNs. */
export interface PlatformModelArgs {
  /**
   * Model for every agent without its own.
   * @default PLATFORM_DEFAULTS.model ("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
   */
  readonly default?: string;
  /** The Planner agent's model. @default `default` */
  readonly planner?: string;
  /** The Coder agent's model. @default `default` */
  readonly coder?: string;
  /** The Validator agent's model. @default `default` */
  readonly validator?: string;
  /** The Reporter agent's model. @default `default` */
  readonly reporter?: string;
  /**
   * Output tokens per model call, per agent (a whole number, 1 or more; the model's own ceiling is Bedrock's
   * to enforce).
   * @default MODEL_DEFAULTS.maxTokens (8192) for every agent
   */
  readonly maxTokens?: PerAgent<number>;
  /**
   * Extended-thinking budget per model call, per agent: 0 turns thinking off; otherwise at least 1024 and
   * below that agent's `maxTokens`. With thinking on, the agent lets the model choose its tools (Anthropic
   * refuses a forced tool choice then).
   * @default MODEL_DEFAULTS.thinkingBudgetTokens (0, off) for every agent
   */
  readonly thinkingBudgetTokens?: PerAgent<number>;
}

/** Traces, dashboard and alarms. */
export interface PlatformObservabilityArgs {
  /**
   * The agent exports OpenTelemetry spans (per invocation, stage, model and tool call) to AgentCore
   * observability. The account needs CloudWatch Transaction Search switched on once (see the README).
   * @default OBSERVABILITY_DEFAULTS.traces (true)
   */
  readonly traces?: boolean;
  /**
   * Email addresses subscribed to the alarm topic. Each gets a confirmation mail from SNS and receives
   * nothing until it is confirmed.
   * @default OBSERVABILITY_DEFAULTS.alarmEmails ([])
   */
  readonly alarmEmails?: string[];
}

/** Audit trails and protections that production wants and a throwaway stack does not. */
export interface PlatformAuditArgs {
  /**
   * Write the executor ALB's access logs to the access-log bucket (created when any access log is on).
   * @default AUDIT_DEFAULTS.albAccessLogs (false)
   */
  readonly albAccessLogs?: boolean;
  /**
   * Deletion protection on the executor ALB. `pulumi destroy` then stops at the ALB: set it to false and run
   * `pulumi up` first.
   * @default AUDIT_DEFAULTS.albDeletionProtection (false)
   */
  readonly albDeletionProtection?: boolean;
  /**
   * S3 server access logging of the data bucket into the access-log bucket.
   * @default AUDIT_DEFAULTS.dataBucketAccessLogs (false)
   */
  readonly dataBucketAccessLogs?: boolean;
  /**
   * Days access logs stay in the access-log bucket (1 or more).
   * @default AUDIT_DEFAULTS.logExpirationDays (365)
   */
  readonly logExpirationDays?: number;
}

/** The S3 bucket for input data (`data/`) and session artifacts (`sessions/<id>/artifacts/`). */
export interface PlatformDataBucketArgs {
  /**
   * Keep every version of every object.
   * @default DATA_BUCKET_DEFAULTS.versioning (false)
   */
  readonly versioning?: boolean;
  /**
   * Days after which objects under `sessions/` expire.
   * @default DATA_BUCKET_DEFAULTS.sessionExpirationDays (30)
   */
  readonly sessionExpirationDays?: number;
}

/** Arguments of {@link AgentCoreVpcPlatform}. */
export interface AgentCoreVpcPlatformArgs {
  /**
   * Name of the AgentCore runtime: a letter, then letters, digits or underscores, 48 characters at
   * most (`[a-zA-Z][a-zA-Z0-9_]{0,47}`; no hyphens). Unique per account and region.
   */
  readonly runtimeName: string;
  /** The VPC; see {@link PlatformNetworkArgs} for every default. @default {} */
  readonly network?: PlatformNetworkArgs;
  /** The agent image and its runtime environment. @default the shipped reference agent */
  readonly agent?: PlatformAgentArgs;
  /** The executor image and its Fargate sizing. @default the shipped reference executor */
  readonly executor?: PlatformExecutorArgs;
  /**
   * Bedrock models of the agents, their output limits and thinking budgets; the runtime role may invoke
   * exactly these models. @default {}
   */
  readonly models?: PlatformModelArgs;
  /**
   * Days every CloudWatch log group of the platform keeps events: the executor's, and the runtime's, which
   * AgentCore creates with no expiry and the platform adopts (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30,
   * 60, 90, …).
   * @default PLATFORM_DEFAULTS.logRetentionDays (7)
   */
  readonly logRetentionDays?: number;
  /** Traces, the alarm topic's subscribers. @default {} */
  readonly observability?: PlatformObservabilityArgs;
  /** Access logs and deletion protection. @default {} (all off) */
  readonly audit?: PlatformAuditArgs;
  /** The data bucket. @default {} */
  readonly dataBucket?: PlatformDataBucketArgs;
  /**
   * Keep the data bucket and both ECR repositories (with their images) in AWS when they are deleted from
   * the stack. Without it they are emptied and deleted on destroy.
   * @default PLATFORM_DEFAULTS.retainDataOnDelete (false)
   */
  readonly retainDataOnDelete?: boolean;
  /**
   * Tags for every resource that takes tags, next to the platform's own
   * (`agentcore-vpc-platform:component`, `:stack`, `:project`). At most 40; keys may not start with `aws:`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}
