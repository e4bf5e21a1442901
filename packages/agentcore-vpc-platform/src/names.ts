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

/** The AWS-facing names of one platform, each fitting its service. */
export interface PlatformNames {
  /** Executor tier: ALB, target group, cluster, service, task family, log group; its roles add `-task`/`-execution`. */
  readonly executor: string;
  readonly agentRepository: string;
  readonly executorRepository: string;
  readonly dataBucket: string;
  /** The AgentCore runtime's execution role. */
  readonly runtimeRole: string;
}

/** Derives every AWS-facing name of a platform from its component name. */
export function platformNames(componentName: string): PlatformNames {
  return {
    executor: resourceName(componentName, "exec", LOAD_BALANCER_NAME),
    agentRepository: resourceName(componentName, "agent", ECR_REPOSITORY_NAME),
    executorRepository: resourceName(componentName, "executor", ECR_REPOSITORY_NAME),
    dataBucket: resourceName(componentName, "data", S3_BUCKET_NAME),
    runtimeRole: resourceName(componentName, "runtime", IAM_ROLE_NAME),
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
