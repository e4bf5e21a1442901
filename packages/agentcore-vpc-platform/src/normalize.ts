/**
 * The one place user input is checked. `normalizeArgs` validates every argument, reports every problem at
 * once, and returns the arguments with every default applied; the resources it feeds take these values as
 * they are.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RUNTIME_ENV_NAMES } from "agentcore-vpc-platform-contract";
import { z } from "zod";
import { platformRuntimeVariableNames } from "./agents/environment";
import {
  type AgentInferenceSettings,
  type ModelIds,
  modelSettingsProblems,
  resolveInference,
  resolveModelIds,
} from "./agents/model-settings";
import type { AgentCoreVpcPlatformArgs, NatGatewayMode, PlatformImageArgs } from "./args";
import {
  AUDIT_DEFAULTS,
  DATA_BUCKET_DEFAULTS,
  EXECUTOR_DEFAULTS,
  OBSERVABILITY_DEFAULTS,
  PLATFORM_DEFAULTS,
} from "./defaults";
import { type ArgumentProblem, PlatformArgumentError } from "./errors";
import { type ExecutorSizing, executorSizingProblems } from "./executor/sizing";
import { ecrImageUriProblem } from "./images/ecr";
import { componentNameProblem, type PlatformNames, platformNames } from "./names";
import { networkProblems } from "./network/args";
import { logRetentionProblem } from "./observability/log-groups";
import { LIMITS, NAME_PATTERN, suggestRuntimeName, TAG_PATTERN } from "./runtime/validation";
import { sessionExpirationProblem } from "./storage/rules";

/** Tags the platform sets itself; user tags share AWS's limit of 50 with them. */
export const MAX_USER_TAGS = 40;

/** The reference apps this package ships, built when `agent`/`executor` give neither context nor image. */
export const SHIPPED_CONTEXTS = {
  agent: path.resolve(__dirname, "..", "contexts", "agent"),
  executor: path.resolve(__dirname, "..", "contexts", "executor"),
} as const;

/** A validated image source: a build folder (absolute) or an existing image. */
export type ImageSource =
  | { readonly kind: "build"; readonly context: string }
  | { readonly kind: "existing"; readonly image: pulumi.Input<string> };

export interface NormalizedNetworkArgs {
  readonly cidrBlock: string;
  /** The AZ IDs asked for, or undefined to pick `availabilityZoneCount` supported ones. */
  readonly availabilityZoneIds: readonly string[] | undefined;
  readonly availabilityZoneCount: number;
  readonly natGateways: NatGatewayMode;
  readonly supportedAvailabilityZoneIds: readonly string[] | undefined;
  readonly retainOnDelete: boolean;
}

export interface NormalizedExecutorArgs extends ExecutorSizing {
  readonly source: ImageSource;
  /** The platform's `logRetentionDays`. */
  readonly logRetentionDays: number;
}

export interface NormalizedObservabilityArgs {
  readonly traces: boolean;
  readonly alarmEmails: readonly string[];
}

export interface NormalizedAuditArgs {
  readonly albAccessLogs: boolean;
  readonly albDeletionProtection: boolean;
  readonly dataBucketAccessLogs: boolean;
  readonly logExpirationDays: number;
}

/** Arguments after validation, with every default applied. */
export interface NormalizedPlatformArgs {
  /** The component's resource name. */
  readonly name: string;
  /** AWS-facing names derived from it. */
  readonly names: PlatformNames;
  readonly runtimeName: string;
  readonly network: NormalizedNetworkArgs;
  readonly agent: {
    readonly source: ImageSource;
    readonly environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
  };
  readonly executor: NormalizedExecutorArgs;
  /** Model id of every agent (and the fallback). */
  readonly models: ModelIds;
  /** Output limit and thinking budget of every agent. */
  readonly inference: AgentInferenceSettings;
  readonly logRetentionDays: number;
  readonly observability: NormalizedObservabilityArgs;
  readonly audit: NormalizedAuditArgs;
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

function imageSource(
  field: "agent" | "executor",
  source: PlatformImageArgs | undefined,
  cwd: string,
  problems: ArgumentProblem[],
): ImageSource {
  const { context, image } = source ?? {};
  if (context !== undefined && image !== undefined) {
    problems.push({
      propertyPath: field,
      reason: "give either `context` (build) or `image` (existing), not both.",
    });
  }
  if (image !== undefined) {
    const uriProblem = typeof image === "string" ? ecrImageUriProblem(image) : undefined;
    if (uriProblem) problems.push({ propertyPath: `${field}.image`, reason: uriProblem });
    return { kind: "existing", image };
  }
  if (context !== undefined && context.trim() === "") {
    problems.push({
      propertyPath: `${field}.context`,
      reason: "give a folder with a Dockerfile, or leave it out.",
    });
  }
  const folder = context === undefined ? SHIPPED_CONTEXTS[field] : path.resolve(cwd, context);
  const fix =
    context === undefined
      ? ` The reference ${field} ships in the package's contexts/ folder; run npm run build in a checkout, or give ${field}.context or ${field}.image.`
      : "";
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    problems.push({ propertyPath: `${field}.context`, reason: `folder ${folder} does not exist.${fix}` });
  } else if (!fs.existsSync(path.join(folder, "Dockerfile"))) {
    problems.push({
      propertyPath: `${field}.context`,
      reason: `folder ${folder} has no Dockerfile to build.${fix}`,
    });
  }
  return { kind: "build", context: folder };
}

function tagProblems(tags: Record<string, string>): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const entries = Object.entries(tags);
  if (entries.length > MAX_USER_TAGS) {
    problems.push({
      propertyPath: "tags",
      reason: `${entries.length} tags given; at most ${MAX_USER_TAGS}.`,
    });
  }
  for (const [key, value] of entries) {
    const at = (reason: string) => problems.push({ propertyPath: `tags["${key}"]`, reason });
    if (key.length < 1 || key.length > 128) at("keys are 1–128 characters.");
    if (key.toLowerCase().startsWith("aws:")) at('keys may not start with "aws:".');
    if (typeof value !== "string" || value.length > 256) at("values are strings of at most 256 characters.");
    if (!TAG_PATTERN.test(key) || (typeof value === "string" && !TAG_PATTERN.test(value))) {
      at("only ASCII letters, digits, spaces and _ . : / = + - @ are allowed (AgentCore's tag rule).");
    }
  }
  return problems;
}

function environmentProblems(environment: unknown, platformVariables: readonly string[]): ArgumentProblem[] {
  if (environment === undefined || typeof environment !== "object" || pulumi.Output.isInstance(environment)) {
    return [];
  }
  const keys = Object.keys(environment as object);
  const problems: ArgumentProblem[] = keys
    .filter((key) => (RUNTIME_ENV_NAMES as readonly string[]).includes(key))
    .map((key) => ({
      propertyPath: `agent.environment.${key}`,
      reason: `is set by the platform (${RUNTIME_ENV_NAMES.join(", ")}); use \`models\` and \`observability\` instead.`,
    }));
  const total = new Set([...keys, ...platformVariables]).size;
  if (total > LIMITS.envCount) {
    problems.push({
      propertyPath: "agent.environment",
      reason:
        `${keys.length} variables plus the platform's ${platformVariables.length} make ${total}; AgentCore ` +
        `allows ${LIMITS.envCount} in all, so at most ${LIMITS.envCount - platformVariables.length} may be given.`,
    });
  }
  return problems;
}

const EMAIL = z.email();

function observability(
  args: AgentCoreVpcPlatformArgs,
  problems: ArgumentProblem[],
): NormalizedObservabilityArgs {
  const given = args.observability ?? {};
  const alarmEmails = given.alarmEmails ?? [...OBSERVABILITY_DEFAULTS.alarmEmails];
  if (!Array.isArray(alarmEmails)) {
    problems.push({
      propertyPath: "observability.alarmEmails",
      reason: "must be a list of email addresses.",
    });
    return { traces: given.traces ?? OBSERVABILITY_DEFAULTS.traces, alarmEmails: [] };
  }
  alarmEmails.forEach((email, i) => {
    const at = `observability.alarmEmails[${i}]`;
    if (!EMAIL.safeParse(email).success) {
      problems.push({ propertyPath: at, reason: `"${String(email)}" is not an email address.` });
    } else if (alarmEmails.findIndex((e) => String(e).toLowerCase() === email.toLowerCase()) !== i) {
      problems.push({ propertyPath: at, reason: `"${email}" is listed twice.` });
    }
  });
  return { traces: given.traces ?? OBSERVABILITY_DEFAULTS.traces, alarmEmails };
}

function audit(args: AgentCoreVpcPlatformArgs, problems: ArgumentProblem[]): NormalizedAuditArgs {
  const given = args.audit ?? {};
  const logExpirationDays = given.logExpirationDays ?? AUDIT_DEFAULTS.logExpirationDays;
  if (!Number.isInteger(logExpirationDays) || logExpirationDays < 1) {
    problems.push({
      propertyPath: "audit.logExpirationDays",
      reason: `must be a whole number of days, 1 or more, got ${logExpirationDays}.`,
    });
  }
  return {
    albAccessLogs: given.albAccessLogs ?? AUDIT_DEFAULTS.albAccessLogs,
    albDeletionProtection: given.albDeletionProtection ?? AUDIT_DEFAULTS.albDeletionProtection,
    dataBucketAccessLogs: given.dataBucketAccessLogs ?? AUDIT_DEFAULTS.dataBucketAccessLogs,
    logExpirationDays,
  };
}

function executorSizing(args: AgentCoreVpcPlatformArgs): ExecutorSizing {
  const executor = args.executor ?? {};
  return {
    cpu: executor.cpu ?? EXECUTOR_DEFAULTS.cpu,
    memory: executor.memory ?? EXECUTOR_DEFAULTS.memory,
    minTasks: executor.minTasks ?? EXECUTOR_DEFAULTS.minTasks,
    maxTasks: executor.maxTasks ?? EXECUTOR_DEFAULTS.maxTasks,
    ephemeralStorageGiB: executor.ephemeralStorageGiB ?? EXECUTOR_DEFAULTS.ephemeralStorageGiB,
  };
}

function network(args: AgentCoreVpcPlatformArgs): NormalizedNetworkArgs {
  const given = args.network ?? {};
  return {
    cidrBlock: given.cidrBlock ?? PLATFORM_DEFAULTS.cidrBlock,
    availabilityZoneIds: given.availabilityZoneIds,
    availabilityZoneCount:
      given.availabilityZoneIds?.length ??
      given.availabilityZoneCount ??
      PLATFORM_DEFAULTS.availabilityZoneCount,
    natGateways: given.natGateways ?? PLATFORM_DEFAULTS.natGateways,
    supportedAvailabilityZoneIds: given.supportedAvailabilityZoneIds,
    retainOnDelete: given.retainOnDelete ?? PLATFORM_DEFAULTS.retainNetworkOnDelete,
  };
}

/**
 * Validates every argument and applies the defaults, before any resource exists.
 * @param name the component's resource name
 * @param cwd folder that relative image contexts resolve from @default process.cwd()
 * @throws PlatformArgumentError listing every problem found, each with its property path.
 */
export function normalizeArgs(
  name: string,
  args: AgentCoreVpcPlatformArgs,
  cwd: string = process.cwd(),
): NormalizedPlatformArgs {
  const problems: ArgumentProblem[] = [];
  const add = (propertyPath: string, reason: string | undefined) => {
    if (reason) problems.push({ propertyPath, reason });
  };
  add("name", componentNameProblem(name));
  const runtimeName = args.runtimeName;
  add(
    "runtimeName",
    typeof runtimeName === "string" ? runtimeNameProblem(runtimeName) : "is required (a string).",
  );
  problems.push(...networkProblems(args.network ?? {}));
  const agentSource = imageSource("agent", args.agent, cwd, problems);
  const executorSource = imageSource("executor", args.executor, cwd, problems);
  const sizing = executorSizing(args);
  problems.push(...executorSizingProblems(sizing, "executor."));
  problems.push(...modelSettingsProblems(args.models));
  const models = resolveModelIds(args.models);
  const inference = resolveInference(args.models);
  const logRetentionDays = args.logRetentionDays ?? PLATFORM_DEFAULTS.logRetentionDays;
  add("logRetentionDays", logRetentionProblem(logRetentionDays));
  const observabilitySettings = observability(args, problems);
  const auditSettings = audit(args, problems);
  problems.push(
    ...environmentProblems(
      args.agent?.environment,
      platformRuntimeVariableNames({ models, inference, traces: observabilitySettings.traces }),
    ),
  );
  const dataBucket = {
    versioning: args.dataBucket?.versioning ?? DATA_BUCKET_DEFAULTS.versioning,
    sessionExpirationDays:
      args.dataBucket?.sessionExpirationDays ?? DATA_BUCKET_DEFAULTS.sessionExpirationDays,
  };
  add("dataBucket.sessionExpirationDays", sessionExpirationProblem(dataBucket.sessionExpirationDays));
  const tags = args.tags ?? {};
  problems.push(...tagProblems(tags));

  if (problems.length > 0) throw new PlatformArgumentError(name, problems);
  return {
    name,
    names: platformNames(name, pulumi.getStack()),
    runtimeName,
    network: network(args),
    agent: { source: agentSource, environment: args.agent?.environment ?? {} },
    executor: { source: executorSource, ...sizing, logRetentionDays },
    models,
    inference,
    logRetentionDays,
    observability: observabilitySettings,
    audit: auditSettings,
    dataBucket,
    retainDataOnDelete: args.retainDataOnDelete ?? PLATFORM_DEFAULTS.retainDataOnDelete,
    tags,
  };
}
