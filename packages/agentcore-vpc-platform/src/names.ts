/**
 * Names of the platform's AWS resources, derived from the component name.
 *
 * Most resources are autonamed by Pulumi: the physical name is the logical name plus `-` and 7 random
 * characters. So each logical name must fit its service's alphabet and length with 8 characters to spare.
 * A name that already fits is used as it is (an existing stack keeps every name, so nothing is replaced); one
 * that does not is sanitised to the service's alphabet and shortened, with a short hash of the component
 * name so two components never share a shortened name.
 */
import { createHash } from "node:crypto";

/** Characters Pulumi appends when autonaming (`-` plus 7 random characters). */
export const AUTONAME_SUFFIX_LENGTH = 8;
/** Longest component name. */
export const MAX_COMPONENT_NAME_LENGTH = 63;
/**
 * The component name is also a tag value on every resource, so it keeps to AgentCore's tag alphabet (which
 * every other service's tags accept), without spaces.
 */
export const COMPONENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/=+@-]*$/;

/** One service's rule for a (logical) name. */
export interface NameRule {
  /** Longest physical name the service accepts. */
  readonly maxLength: number;
  /** Whether Pulumi autonames the resource (so 8 characters must be left for its suffix). */
  readonly autonamed: boolean;
  readonly lowercase: boolean;
  /** A single character the service accepts. */
  readonly char: RegExp;
  /** Words the name may not start with. @default none */
  readonly reservedPrefixes?: readonly string[];
  /** Separators (non-alphanumerics) must stand alone, as in `a.b-c`, never `a..b`. @default false */
  readonly singleSeparators?: boolean;
}

/** Load balancers and target groups: 32 characters, letters, digits and hyphens, not "internal-". */
export const LOAD_BALANCER_NAME: NameRule = {
  maxLength: 32,
  autonamed: true,
  lowercase: false,
  char: /[A-Za-z0-9-]/,
  reservedPrefixes: ["internal-"],
};
/** ECR repositories: lowercase letters, digits and `._-` separators. */
export const ECR_REPOSITORY_NAME: NameRule = {
  maxLength: 256,
  autonamed: true,
  lowercase: true,
  char: /[a-z0-9._-]/,
  singleSeparators: true,
};
/** S3 buckets: 63 lowercase letters, digits and hyphens (dots would break virtual-host TLS). */
export const S3_BUCKET_NAME: NameRule = {
  maxLength: 63,
  autonamed: true,
  lowercase: true,
  char: /[a-z0-9-]/,
};
/** IAM roles: 64 characters of `\w+=,.@-`. */
export const IAM_ROLE_NAME: NameRule = {
  maxLength: 64,
  autonamed: true,
  lowercase: false,
  char: /[\w+=,.@-]/,
};
/** CloudWatch log groups (named, not autonamed): 512 characters of `._-/#` and alphanumerics. */
export const LOG_GROUP_NAME: NameRule = {
  maxLength: 512,
  autonamed: false,
  lowercase: false,
  char: /[A-Za-z0-9._/#-]/,
};

/** SNS topics: 256 letters, digits, hyphens and underscores. */
export const SNS_TOPIC_NAME: NameRule = {
  maxLength: 256,
  autonamed: true,
  lowercase: false,
  char: /[A-Za-z0-9_-]/,
};
/** CloudWatch alarms: 255 characters; printable ASCII keeps every console and CLI happy. */
export const ALARM_NAME: NameRule = {
  maxLength: 255,
  autonamed: true,
  lowercase: false,
  char: /[ -~]/,
};
/** CloudWatch dashboards (named, not autonamed; unique in the account): 255 letters, digits, `-` and `_`. */
export const DASHBOARD_NAME: NameRule = {
  maxLength: 255,
  autonamed: false,
  lowercase: false,
  char: /[A-Za-z0-9_-]/,
};
/** Metric filters (named, unique per log group): 512 characters, neither `:` nor `*`. */
export const METRIC_FILTER_NAME: NameRule = {
  maxLength: 512,
  autonamed: false,
  lowercase: false,
  char: /[^:*]/,
};
/**
 * Prefix of the platform's own metric namespaces. A namespace is at most 255 characters of alphanumerics and
 * `._-/#` (PutMetricData also allows `:` and spaces, metric filters do not), and never starts with `AWS/`.
 */
export const METRIC_NAMESPACE_PREFIX = "AgentCoreVpcPlatform/";
export const METRIC_NAMESPACE: NameRule = {
  maxLength: 255 - METRIC_NAMESPACE_PREFIX.length,
  autonamed: false,
  lowercase: false,
  char: /[A-Za-z0-9._/#-]/,
};

/** The first 6 hex characters of the component name's SHA-256. */
export function nameHash(componentName: string): string {
  return createHash("sha256").update(componentName).digest("hex").slice(0, 6);
}

function limit(rule: NameRule): number {
  return rule.maxLength - (rule.autonamed ? AUTONAME_SUFFIX_LENGTH : 0);
}

function fits(name: string, rule: NameRule, maxLength: number): boolean {
  const alnum = /^[A-Za-z0-9]$/;
  return (
    name.length > 0 &&
    name.length <= maxLength &&
    [...name].every((c) => rule.char.test(c)) &&
    (!rule.lowercase || name === name.toLowerCase()) &&
    alnum.test(name.charAt(0)) &&
    alnum.test(name.charAt(name.length - 1)) &&
    !(rule.singleSeparators && /[^A-Za-z0-9]{2}/.test(name)) &&
    !(rule.reservedPrefixes ?? []).some((p) => name.toLowerCase().startsWith(p))
  );
}

/**
 * The logical name of a component's resource: `<component>-<suffix>` when that fits `rule`, else the component
 * name sanitised to the rule's alphabet, shortened, and made unique with {@link nameHash}.
 * @param suffix what the resource is (`exec`, `data`, …): kept whole, so names still say what they are
 */
export function resourceName(componentName: string, suffix: string, rule: NameRule): string {
  const wanted = `${componentName}-${suffix}`;
  const maxLength = limit(rule);
  if (fits(wanted, rule, maxLength)) return wanted;
  const tail = `-${nameHash(componentName)}-${suffix}`;
  const cased = rule.lowercase ? componentName.toLowerCase() : componentName;
  // Every run of other characters becomes one hyphen, which all these services accept.
  let head = cased.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+/, "");
  for (const prefix of rule.reservedPrefixes ?? []) {
    if (head.toLowerCase().startsWith(prefix)) head = head.slice(prefix.length);
  }
  head = head.slice(0, maxLength - tail.length).replace(/[^A-Za-z0-9]+$/, "");
  return `${head || "p"}${tail}`;
}

/** The alarms of a platform, by what they watch. */
export const ALARM_KINDS = [
  "unhealthy-targets",
  "http-5xx-rate",
  "runtime-errors",
  "tasks-below-min",
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** The AWS-facing names of one platform, each fitting its service. */
export interface PlatformNames {
  /** Executor tier: ALB, target group, cluster, service, task family, log group; its roles add `-task`/`-execution`. */
  readonly executor: string;
  readonly agentRepository: string;
  readonly executorRepository: string;
  readonly dataBucket: string;
  /** The AgentCore runtime's execution role. */
  readonly runtimeRole: string;
  /** Bucket of the ALB's and the data bucket's access logs. */
  readonly accessLogBucket: string;
  /** SNS topic the alarms notify. */
  readonly alarmTopic: string;
  /** One alarm per kind. */
  readonly alarms: Readonly<Record<AlarmKind, string>>;
  /** The CloudWatch dashboard: explicit names collide between stacks, so it carries the stack. */
  readonly dashboard: string;
  /** Metric filters on the executor's log group, by what they count. */
  readonly metricFilters: { readonly sessions: string; readonly budgetKills: string };
  /** Namespace of the metrics the platform makes from logs (`AgentCoreVpcPlatform/<component>-<stack>`). */
  readonly metricNamespace: string;
}

/** A stack name in the alphabet every named resource here accepts (Pulumi also allows `.`). */
function stackToken(stack: string): string {
  return stack.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "") || "stack";
}

/**
 * Derives every AWS-facing name of a platform from its component name and stack.
 * @param stack the short stack name (`pulumi.getStack()`), part of the names that are explicit, not autonamed
 */
export function platformNames(componentName: string, stack: string): PlatformNames {
  const stackPart = stackToken(stack);
  return {
    executor: resourceName(componentName, "exec", LOAD_BALANCER_NAME),
    agentRepository: resourceName(componentName, "agent", ECR_REPOSITORY_NAME),
    executorRepository: resourceName(componentName, "executor", ECR_REPOSITORY_NAME),
    dataBucket: resourceName(componentName, "data", S3_BUCKET_NAME),
    runtimeRole: resourceName(componentName, "runtime", IAM_ROLE_NAME),
    accessLogBucket: resourceName(componentName, "logs", S3_BUCKET_NAME),
    alarmTopic: resourceName(componentName, "alarms", SNS_TOPIC_NAME),
    alarms: Object.fromEntries(
      ALARM_KINDS.map((kind) => [kind, resourceName(componentName, kind, ALARM_NAME)]),
    ) as Record<AlarmKind, string>,
    dashboard: resourceName(componentName, stackPart, DASHBOARD_NAME),
    metricFilters: {
      sessions: resourceName(componentName, "executor-sessions", METRIC_FILTER_NAME),
      budgetKills: resourceName(componentName, "executor-budget-kills", METRIC_FILTER_NAME),
    },
    metricNamespace: METRIC_NAMESPACE_PREFIX + resourceName(componentName, stackPart, METRIC_NAMESPACE),
  };
}

/** @returns why `name` cannot name a component, or undefined. */
export function componentNameProblem(name: string): string | undefined {
  if (typeof name !== "string" || name.length === 0) return "is required (a non-empty string).";
  if (name.length > MAX_COMPONENT_NAME_LENGTH) {
    return `"${name}" is ${name.length} characters long; at most ${MAX_COMPONENT_NAME_LENGTH}.`;
  }
  if (!COMPONENT_NAME_PATTERN.test(name)) {
    return (
      `"${name}" may use letters, digits and . _ : / = + @ - (it is a tag value on every resource), ` +
      "starting with a letter or digit."
    );
  }
  return undefined;
}
