import type { AgentCoreVpcPlatformArgs } from "agentcore-vpc-platform";
import { z } from "zod";

/** Config namespace: the project name in Pulumi.yaml. */
export const CONFIG_NAMESPACE = "agentcore-vpc-platform";

const integer = z
  .string()
  .regex(/^-?\d+$/, "expected a whole number")
  .transform(Number);
const boolean = z
  .enum(["true", "false"], { error: 'expected "true" or "false"' })
  .transform((v) => v === "true");
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({
          code: "custom",
          message: "expected a YAML list or map (JSON when set on the command line)",
        });
        return z.NEVER;
      }
    })
    .pipe(schema);
const stringList = json(z.array(z.string()));
const perAgent = <T extends z.ZodType>(value: T) =>
  z
    .object({ default: value, planner: value, coder: value, validator: value, reporter: value })
    .partial()
    .strict();

/**
 * Every config key of the program, with its parser and its documentation (README lists the same keys; a
 * test checks they agree). Values arrive as strings, as Pulumi stores them.
 */
export const CONFIG_KEYS = {
  name: {
    // The component checks the name (one rule, one place); its error names the AWS limits behind it.
    schema: z.string(),
    doc: "Component name: the prefix of every resource name (up to 63 letters, digits and `._:/=+@-`; shortened per AWS service where needed).",
    default: "deep-insight",
  },
  runtimeName: {
    schema: z.string(),
    doc: "AgentCore runtime name, unique per account and region: `[a-zA-Z][a-zA-Z0-9_]{0,47}` (no hyphens).",
    default: "(required)",
  },
  vpcCidr: { schema: z.string(), doc: "VPC IPv4 block, /16 to /24.", default: "10.0.0.0/16" },
  availabilityZoneIds: {
    schema: stringList,
    doc: "AZ IDs (not names) for the private subnets, e.g. `[use1-az1, use1-az2]`.",
    default: "picked from the supported IDs",
  },
  availabilityZoneCount: {
    schema: integer,
    doc: "How many AZs to pick when no IDs are given (2–4).",
    default: "2",
  },
  natGateways: {
    schema: z.enum(["none", "single", "perAz"]),
    doc: "`none` (VPC endpoints only), `single`, or `perAz` NAT gateways.",
    default: "single",
  },
  supportedAvailabilityZoneIds: {
    schema: stringList,
    doc: "AgentCore's supported AZ IDs for a region missing from the built-in table.",
    default: "built-in table",
  },
  retainNetworkOnDelete: {
    schema: boolean,
    doc: "Keep the VPC, private subnets and runtime security group on destroy (runtime ENIs linger up to 8 h).",
    default: "true",
  },
  agentImage: {
    schema: z.string(),
    doc: "Existing ECR image URI for the agent (`:tag` or `@sha256:`); skips building `agent/`.",
    default: "build `agent/`",
  },
  executorImage: {
    schema: z.string(),
    doc: "Existing ECR image URI for the executor; skips building `executor/`.",
    default: "build `executor/`",
  },
  executorCpu: { schema: integer, doc: "Fargate CPU units per executor task.", default: "2048" },
  executorMemory: { schema: integer, doc: "Fargate memory (MiB) per executor task.", default: "4096" },
  executorMinTasks: { schema: integer, doc: "Warm executor tasks.", default: "1" },
  executorMaxTasks: { schema: integer, doc: "Autoscaling ceiling for executor tasks.", default: "4" },
  logRetentionDays: {
    schema: integer,
    doc: "Days the runtime's and the executor's log groups keep events (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, …).",
    default: "7",
  },
  models: {
    schema: json(perAgent(z.string())),
    doc: "Bedrock model or inference-profile ids: a YAML map with `default`, `planner`, `coder`, `validator`, `reporter`.",
    default: "global.anthropic.claude-sonnet-4-5-20250929-v1:0 for every agent",
  },
  maxTokens: {
    schema: json(perAgent(z.number())),
    doc: "Output tokens per model call: a YAML map with `default` and any of `planner`, `coder`, `validator`, `reporter`.",
    default: "8192 for every agent",
  },
  thinkingBudgetTokens: {
    schema: json(perAgent(z.number())),
    doc: "Extended-thinking budget per model call, per agent (same keys as `maxTokens`): 0 is off, else 1024 or more and below the agent's `maxTokens`.",
    default: "0 (off) for every agent",
  },
  tracesEnabled: {
    schema: boolean,
    doc: "The agent exports OpenTelemetry traces to AgentCore observability (the account needs CloudWatch Transaction Search; see Observability).",
    default: "true",
  },
  alarmEmails: {
    schema: stringList,
    doc: "Email addresses subscribed to the alarm topic (a YAML list; each confirms by mail).",
    default: "[]",
  },
  albAccessLogs: {
    schema: boolean,
    doc: "Write the executor ALB's access logs to the stack's access-log bucket.",
    default: "false",
  },
  albDeletionProtection: {
    schema: boolean,
    doc: "Deletion protection on the executor ALB (turn it off and `pulumi up` before a destroy).",
    default: "false",
  },
  dataBucketAccessLogs: {
    schema: boolean,
    doc: "S3 server access logging of the data bucket into the access-log bucket.",
    default: "false",
  },
  accessLogExpirationDays: {
    schema: integer,
    doc: "Days access logs stay in the access-log bucket.",
    default: "365",
  },
  retainDataOnDelete: {
    schema: boolean,
    doc: "Keep the data bucket and both ECR repositories when they are deleted from the stack.",
    default: "false",
  },
  dataVersioning: {
    schema: boolean,
    doc: "Keep every version of every object in the data bucket.",
    default: "false",
  },
  sessionExpirationDays: {
    schema: integer,
    doc: "Days after which session artifacts (`sessions/` in the data bucket) expire.",
    default: "30",
  },
  tags: {
    schema: json(z.record(z.string(), z.string())),
    doc: "Extra tags for every resource (a YAML map).",
    default: "{}",
  },
} as const;

type ConfigKey = keyof typeof CONFIG_KEYS;
type Parsed = { -readonly [K in ConfigKey]?: z.output<(typeof CONFIG_KEYS)[K]["schema"]> };

/** What the program builds from the stack config. */
export interface StackSettings {
  readonly name: string;
  readonly args: AgentCoreVpcPlatformArgs;
}

function closestKey(key: string): ConfigKey | undefined {
  const lower = key.toLowerCase();
  return (Object.keys(CONFIG_KEYS) as ConfigKey[]).find(
    (k) =>
      k.toLowerCase() === lower || k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()),
  );
}

/**
 * Parses the stack's config (all keys, as `pulumi.runtime.allConfig()` returns them) into component args.
 * Images without a configured URI are built from the component's reference contexts, which `npm run build`
 * makes from `agent/` and `executor/`.
 * @throws Error listing every bad or unknown key with the command that fixes it.
 */
export function readStackConfig(allConfig: Record<string, string>, stack: string): StackSettings {
  const problems: string[] = [];
  const parsed: Parsed = {};
  const fix = (key: string) => `(fix: pulumi config set ${key} <value> --stack ${stack})`;
  for (const [fullKey, raw] of Object.entries(allConfig)) {
    const [namespace, key] = fullKey.split(":") as [string, string];
    if (namespace !== CONFIG_NAMESPACE) continue;
    if (!(key in CONFIG_KEYS)) {
      const guess = closestKey(key);
      problems.push(
        `${fullKey}: unknown key${guess ? `; did you mean ${guess}?` : ""} (see README, "Configuration").`,
      );
      continue;
    }
    const result = CONFIG_KEYS[key as ConfigKey].schema.safeParse(raw);
    if (result.success) (parsed as Record<string, unknown>)[key] = result.data;
    else
      problems.push(
        `${fullKey}: ${result.error.issues.map((i) => i.message).join("; ")}, got "${raw}" ${fix(key)}`,
      );
  }
  if (parsed.runtimeName === undefined && !problems.some((p) => p.includes(":runtimeName:"))) {
    problems.push(`${CONFIG_NAMESPACE}:runtimeName: is required ${fix("runtimeName")}`);
  }
  if (problems.length > 0) {
    throw new Error(`Invalid config for stack "${stack}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return {
    name: parsed.name ?? CONFIG_KEYS.name.default,
    args: {
      runtimeName: parsed.runtimeName as string,
      network: {
        cidrBlock: parsed.vpcCidr,
        availabilityZoneIds: parsed.availabilityZoneIds,
        availabilityZoneCount: parsed.availabilityZoneCount,
        natGateways: parsed.natGateways,
        supportedAvailabilityZoneIds: parsed.supportedAvailabilityZoneIds,
        retainOnDelete: parsed.retainNetworkOnDelete,
      },
      agent: { image: parsed.agentImage },
      executor: {
        image: parsed.executorImage,
        cpu: parsed.executorCpu,
        memory: parsed.executorMemory,
        minTasks: parsed.executorMinTasks,
        maxTasks: parsed.executorMaxTasks,
      },
      models: {
        ...parsed.models,
        maxTokens: parsed.maxTokens,
        thinkingBudgetTokens: parsed.thinkingBudgetTokens,
      },
      logRetentionDays: parsed.logRetentionDays,
      observability: { traces: parsed.tracesEnabled, alarmEmails: parsed.alarmEmails },
      audit: {
        albAccessLogs: parsed.albAccessLogs,
        albDeletionProtection: parsed.albDeletionProtection,
        dataBucketAccessLogs: parsed.dataBucketAccessLogs,
        logExpirationDays: parsed.accessLogExpirationDays,
      },
      dataBucket: { versioning: parsed.dataVersioning, sessionExpirationDays: parsed.sessionExpirationDays },
      retainDataOnDelete: parsed.retainDataOnDelete,
      tags: parsed.tags,
    },
  };
}
