import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { AgentCoreVpcPlatformArgs, NatGatewayMode, PlatformImageArgs } from "./args";
import { type ArgumentProblem, PlatformArgumentError } from "./errors";
import { MAX_AVAILABILITY_ZONES, MIN_AVAILABILITY_ZONES } from "./network/az";
import { validateVpcCidr } from "./network/cidr";
import { EXECUTOR_DEFAULTS } from "./executor/executor-service";
import { executorSizingProblems } from "./executor/sizing";
import { modelIdsProblems } from "./iam/models";
import { ecrImageUriProblem } from "./images/ecr";
import { NAME_PATTERN, suggestRuntimeName, TAG_PATTERN } from "./runtime/validation";
import { DATA_BUCKET_DEFAULTS } from "./storage/data-bucket";
import { dataBucketProblems } from "./storage/rules";

/** Defaults applied by {@link normalizeArgs}; documented with `@default` on each argument. */
export const PLATFORM_DEFAULTS = {
  cidrBlock: "10.0.0.0/16",
  availabilityZoneCount: 2,
  natGateways: "single",
  retainOnDelete: true,
  model: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  retainDataOnDelete: false,
} as const;

/** Runtime environment variables the platform sets itself; `agent.environment` may not override them. */
export const PLATFORM_RUNTIME_ENVIRONMENT = [
  "AWS_REGION",
  "EXECUTOR_URL",
  "DATA_BUCKET",
  "DEFAULT_MODEL_ID",
  "CODER_MODEL_ID",
  "VALIDATOR_MODEL_ID",
  "REPORTER_MODEL_ID",
] as const;

const NAT_MODES: readonly NatGatewayMode[] = ["none", "single", "perAz"];
/**
 * Longest component name: AWS caps load balancer and target group names at 32 characters, and they are
 * named `<component>-exec` plus Pulumi's 8-character random suffix.
 */
export const MAX_COMPONENT_NAME_LENGTH = 19;
const COMPONENT_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const AZ_ID = /^[a-z]+[0-9]+-az[0-9]+$/;
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
/** Tags the platform sets itself; user tags share AWS's limit of 50 with them. */
export const MAX_USER_TAGS = 40;

/** A validated image source: a build folder (absolute) or an existing image. */
export type ImageSource =
  | { readonly kind: "build"; readonly context: string }
  | { readonly kind: "existing"; readonly image: pulumi.Input<string> };

/** Arguments after validation, with every default applied. */
export interface NormalizedPlatformArgs {
  readonly runtimeName: string;
  readonly network: {
    readonly cidrBlock: string;
    readonly availabilityZoneIds: readonly string[] | undefined;
    readonly availabilityZoneCount: number;
    readonly natGateways: NatGatewayMode;
    readonly supportedAvailabilityZoneIds: readonly string[] | undefined;
    readonly retainOnDelete: boolean;
  };
  readonly agent: {
    readonly source: ImageSource;
    readonly environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
  };
  readonly executor: {
    readonly source: ImageSource;
    readonly cpu: number;
    readonly memory: number;
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly logRetentionDays: number;
  };
  readonly models: {
    readonly default: string;
    readonly coder: string;
    readonly validator: string;
    readonly reporter: string;
  };
  readonly dataBucket: { readonly versioning: boolean; readonly sessionExpirationDays: number };
  readonly retainDataOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Checks a runtime name against AgentCore's rule, with the fix for the usual mistakes.
 * @returns the problem, or undefined when the name is valid.
 */
export function runtimeNameProblem(name: string): string | undefined {
  if (NAME_PATTERN.test(name)) return undefined;
  const rule = "rule: [a-zA-Z][a-zA-Z0-9_]{0,47}, a letter then letters, digits or underscores, 48 at most";
  if (name.includes("-")) {
    const suggestion = suggestRuntimeName(name);
    const fix = suggestion ? ` Use "${suggestion}".` : "";
    return `"${name}" contains hyphens, which AgentCore does not allow in runtime names (${rule}).${fix}`;
  }
  if (name.length === 0) return `is empty (${rule}).`;
  if (name.length > 48) return `"${name}" is ${name.length} characters long (${rule}).`;
  return `"${name}" is not a valid AgentCore runtime name (${rule}).`;
}

/**
 * Checks the component's own name, the prefix of every AWS resource name: S3 buckets and ECR repositories
 * need lowercase, load balancers and target groups need a short name without leading/trailing hyphens.
 * @returns the problem, or undefined when the name is valid.
 */
export function componentNameProblem(name: string): string | undefined {
  const rule =
    `1–${MAX_COMPONENT_NAME_LENGTH} lowercase letters, digits or hyphens, starting with a letter and not ending ` +
    "with a hyphen (it prefixes S3, ECR, load balancer and target group names)";
  if (!COMPONENT_NAME.test(name)) return `"${name}" is not a valid component name: ${rule}.`;
  if (name.length > MAX_COMPONENT_NAME_LENGTH) return `"${name}" is ${name.length} characters long: ${rule}.`;
  if (name.startsWith("internal-"))
    return `"${name}" may not start with "internal-" (AWS reserves it for load balancers).`;
  return undefined;
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

function checkImage(
  field: "agent" | "executor",
  source: PlatformImageArgs | undefined,
  cwd: string,
  problems: ArgumentProblem[],
): ImageSource {
  const placeholder: ImageSource = { kind: "build", context: cwd };
  if (!source) {
    problems.push({
      path: field,
      reason: `is required: give \`context\` (a folder with a Dockerfile) or \`image\`.`,
    });
    return placeholder;
  }
  const { context, image } = source;
  if (context !== undefined && image !== undefined) {
    problems.push({ path: field, reason: "give either `context` (build) or `image` (existing), not both." });
    return placeholder;
  }
  if (image !== undefined) {
    const uriProblem = typeof image === "string" ? ecrImageUriProblem(image) : undefined;
    if (uriProblem) problems.push({ path: `${field}.image`, reason: uriProblem });
    return { kind: "existing", image };
  }
  if (context === undefined || context.trim() === "") {
    problems.push({
      path: `${field}.context`,
      reason: "give a folder with a Dockerfile, or `image` instead.",
    });
    return placeholder;
  }
  const absolute = path.resolve(cwd, context);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
    problems.push({ path: `${field}.context`, reason: `folder ${absolute} does not exist.` });
  } else if (!fs.existsSync(path.join(absolute, "Dockerfile"))) {
    problems.push({ path: `${field}.context`, reason: `folder ${absolute} has no Dockerfile to build.` });
  }
  return { kind: "build", context: absolute };
}

function checkTags(tags: Record<string, string>, problems: ArgumentProblem[]): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_USER_TAGS) {
    problems.push({ path: "tags", reason: `${entries.length} tags given; at most ${MAX_USER_TAGS}.` });
  }
  for (const [key, value] of entries) {
    const where = `tags["${key}"]`;
    if (key.length < 1 || key.length > 128)
      problems.push({ path: where, reason: "keys are 1–128 characters." });
    if (key.toLowerCase().startsWith("aws:"))
      problems.push({ path: where, reason: 'keys may not start with "aws:".' });
    if (typeof value !== "string" || value.length > 256) {
      problems.push({ path: where, reason: "values are strings of at most 256 characters." });
    }
    if (!TAG_PATTERN.test(key) || (typeof value === "string" && !TAG_PATTERN.test(value))) {
      problems.push({
        path: where,
        reason: "only ASCII letters, digits, spaces and _ . : / = + - @ are allowed (AgentCore's tag rule).",
      });
    }
  }
}

function checkNetwork(
  args: AgentCoreVpcPlatformArgs,
  problems: ArgumentProblem[],
): NormalizedPlatformArgs["network"] {
  const network = args.network ?? {};
  const cidrBlock = network.cidrBlock ?? PLATFORM_DEFAULTS.cidrBlock;
  const cidrProblem = validateVpcCidr(cidrBlock);
  if (cidrProblem) problems.push({ path: "network.cidrBlock", reason: cidrProblem });

  const ids = network.availabilityZoneIds;
  const count = network.availabilityZoneCount;
  if (ids !== undefined) {
    for (const id of ids) {
      if (AZ_NAME.test(id)) {
        problems.push({
          path: "network.availabilityZoneIds",
          reason: `"${id}" is an AZ name; give AZ IDs (such as use1-az1): names map to different zones in every account.`,
        });
      } else if (!AZ_ID.test(id)) {
        problems.push({
          path: "network.availabilityZoneIds",
          reason: `"${id}" is not an AZ ID such as use1-az1.`,
        });
      }
    }
    if (ids.length > MAX_AVAILABILITY_ZONES) {
      problems.push({
        path: "network.availabilityZoneIds",
        reason: `${ids.length} given; at most ${MAX_AVAILABILITY_ZONES}.`,
      });
    }
    if (count !== undefined && count !== ids.length) {
      problems.push({
        path: "network.availabilityZoneCount",
        reason: `is ${count} but ${ids.length} availabilityZoneIds are given; set one of them.`,
      });
    }
  }
  if (
    count !== undefined &&
    (!isInteger(count) || count < MIN_AVAILABILITY_ZONES || count > MAX_AVAILABILITY_ZONES)
  ) {
    problems.push({
      path: "network.availabilityZoneCount",
      reason: `must be a whole number from ${MIN_AVAILABILITY_ZONES} (the internal ALB needs two AZs) to ${MAX_AVAILABILITY_ZONES}, got ${count}.`,
    });
  }
  const natGateways = network.natGateways ?? PLATFORM_DEFAULTS.natGateways;
  if (!NAT_MODES.includes(natGateways)) {
    problems.push({
      path: "network.natGateways",
      reason: `must be one of ${NAT_MODES.join(", ")}, got "${String(natGateways)}".`,
    });
  }
  const supported = network.supportedAvailabilityZoneIds;
  for (const id of supported ?? []) {
    if (!AZ_ID.test(id)) {
      problems.push({
        path: "network.supportedAvailabilityZoneIds",
        reason: `"${id}" is not an AZ ID such as use1-az1.`,
      });
    }
  }
  return {
    cidrBlock,
    availabilityZoneIds: ids,
    availabilityZoneCount: ids?.length ?? count ?? PLATFORM_DEFAULTS.availabilityZoneCount,
    natGateways,
    supportedAvailabilityZoneIds: supported,
    retainOnDelete: network.retainOnDelete ?? PLATFORM_DEFAULTS.retainOnDelete,
  };
}

function checkExecutorSizing(args: AgentCoreVpcPlatformArgs, problems: ArgumentProblem[]) {
  const executor = args.executor ?? {};
  const sizing = {
    cpu: executor.cpu ?? EXECUTOR_DEFAULTS.cpu,
    memory: executor.memory ?? EXECUTOR_DEFAULTS.memory,
    minTasks: executor.minTasks ?? EXECUTOR_DEFAULTS.minTasks,
    maxTasks: executor.maxTasks ?? EXECUTOR_DEFAULTS.maxTasks,
    logRetentionDays: executor.logRetentionDays ?? EXECUTOR_DEFAULTS.logRetentionDays,
  };
  problems.push(...executorSizingProblems({ ...EXECUTOR_DEFAULTS, ...sizing }, "executor."));
  return sizing;
}

function checkModels(
  args: AgentCoreVpcPlatformArgs,
  problems: ArgumentProblem[],
): NormalizedPlatformArgs["models"] {
  const fallback = args.models?.default ?? PLATFORM_DEFAULTS.model;
  const models = {
    default: fallback,
    coder: args.models?.coder ?? fallback,
    validator: args.models?.validator ?? fallback,
    reporter: args.models?.reporter ?? fallback,
  };
  for (const [agent, id] of Object.entries(models))
    problems.push(...modelIdsProblems([id], `models.${agent}`));
  return models;
}

function checkDataBucket(
  componentName: string,
  args: AgentCoreVpcPlatformArgs,
  problems: ArgumentProblem[],
): NormalizedPlatformArgs["dataBucket"] {
  const dataBucket = {
    versioning: args.dataBucket?.versioning ?? DATA_BUCKET_DEFAULTS.versioning,
    sessionExpirationDays:
      args.dataBucket?.sessionExpirationDays ?? DATA_BUCKET_DEFAULTS.sessionExpirationDays,
  };
  const found = dataBucketProblems(
    { name: `${componentName}-data`, encryption: DATA_BUCKET_DEFAULTS.encryption, ...dataBucket },
    "dataBucket.",
  );
  // The bucket name derives from the component name, which has its own check.
  problems.push(...found.filter((p) => p.path !== "dataBucket.name"));
  return dataBucket;
}

function checkAgentEnvironment(args: AgentCoreVpcPlatformArgs, problems: ArgumentProblem[]): void {
  const environment = args.agent?.environment;
  if (environment === undefined || typeof environment !== "object" || pulumi.Output.isInstance(environment))
    return;
  for (const key of Object.keys(environment)) {
    if ((PLATFORM_RUNTIME_ENVIRONMENT as readonly string[]).includes(key)) {
      problems.push({
        path: `agent.environment.${key}`,
        reason: `is set by the platform (${PLATFORM_RUNTIME_ENVIRONMENT.join(", ")}); use \`models\` for model ids.`,
      });
    }
  }
}

/**
 * Validates every argument and applies the defaults, before any resource exists.
 * @param cwd folder that relative image contexts resolve from @default process.cwd()
 * @throws PlatformArgumentError listing every problem found, each with its argument path.
 */
export function normalizeArgs(
  componentName: string,
  args: AgentCoreVpcPlatformArgs,
  cwd: string = process.cwd(),
): NormalizedPlatformArgs {
  const problems: ArgumentProblem[] = [];
  const componentProblem = componentNameProblem(componentName);
  if (componentProblem) problems.push({ path: "name", reason: componentProblem });
  const runtimeName = args.runtimeName;
  const nameProblem =
    typeof runtimeName === "string" ? runtimeNameProblem(runtimeName) : "is required (a string).";
  if (nameProblem) problems.push({ path: "runtimeName", reason: nameProblem });

  const network = checkNetwork(args, problems);
  const agentSource = checkImage("agent", args.agent, cwd, problems);
  const executorSource = checkImage("executor", args.executor, cwd, problems);
  const sizing = checkExecutorSizing(args, problems);
  checkAgentEnvironment(args, problems);
  const models = checkModels(args, problems);
  const dataBucket = checkDataBucket(componentName, args, problems);
  const tags = args.tags ?? {};
  checkTags(tags, problems);

  if (problems.length > 0) throw new PlatformArgumentError(componentName, problems);
  return {
    runtimeName,
    network,
    agent: { source: agentSource, environment: args.agent.environment ?? {} },
    executor: { source: executorSource, ...sizing },
    models,
    dataBucket,
    retainDataOnDelete: args.retainDataOnDelete ?? PLATFORM_DEFAULTS.retainDataOnDelete,
    tags,
  };
}
