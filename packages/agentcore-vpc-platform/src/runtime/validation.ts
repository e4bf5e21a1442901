import type * as pulumi from "@pulumi/pulumi";
import { RUNTIME_DEFAULTS } from "../defaults";
import { LIFECYCLE, SERVER_PROTOCOLS, UNKNOWN } from "./types";

type CheckFailure = pulumi.dynamic.CheckFailure;

/** AgentCore's name rule (API reference / Smithy model). */
export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
/** CloudFormation's containerUri pattern: an ECR URI with a mandatory `:tag` or `@digest`. */
export const ECR_URI_PATTERN =
  /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)([:@]\S+)$/;
export const ROLE_ARN_PATTERN = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;
export const SUBNET_PATTERN = /^subnet-[0-9a-zA-Z]{8,17}$/;
export const SECURITY_GROUP_PATTERN = /^sg-[0-9a-zA-Z]{8,17}$/;
/** CFN's key pattern (stricter than the API reference, which only bounds length). */
export const ENV_KEY_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const TAG_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Limits, taking the stricter of the API reference and the CloudFormation schema wherever they
 * disagree (description length, environment keys and values), so anything that passes here passes both.
 */
export const LIMITS = {
  nameMax: 48,
  uriMax: 1024,
  vpcItemsMin: 1,
  vpcItemsMax: 16,
  envCount: 50,
  envKeyMax: 100,
  envValueMax: 2048,
  descriptionMax: 1200,
  tagCount: 50,
  tagKeyMax: 128,
  tagValueMax: 256,
} as const;

/**
 * Suggests a valid runtime name for an invalid one (hyphens and dots become underscores), or
 * undefined when no obvious fix exists.
 */
export function suggestRuntimeName(name: string): string | undefined {
  let fixed = name.replace(/[-.\s]/g, "_").replace(/[^a-zA-Z0-9_]/g, "");
  if (!/^[a-zA-Z]/.test(fixed)) fixed = `r_${fixed}`;
  fixed = fixed.slice(0, LIMITS.nameMax);
  return NAME_PATTERN.test(fixed) && fixed !== name ? fixed : undefined;
}

const isUnknown = (v: unknown): boolean => v === UNKNOWN;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates the provider inputs against every rule AWS enforces that can be checked offline.
 * Values still unknown during preview are skipped; they are checked again once known.
 * @param inputs the raw property bag the engine passes to `check`
 * @returns one failure per broken rule, each naming the property and the rule
 */
export function validateRuntimeInputs(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const required = (key: string): boolean => {
    if (inputs[key] === undefined || inputs[key] === null || inputs[key] === "") {
      fail(key, `${key} is required`);
      return false;
    }
    return !isUnknown(inputs[key]);
  };

  if (required("region") && !(typeof inputs.region === "string" && REGION_PATTERN.test(inputs.region))) {
    fail("region", `region ${JSON.stringify(inputs.region)} is not an AWS region code (e.g. "us-east-1")`);
  }
  if (required("agentRuntimeName")) checkName(inputs.agentRuntimeName, fail);
  if (required("containerUri")) checkContainerUri(inputs.containerUri, fail);
  if (required("roleArn") && !(typeof inputs.roleArn === "string" && ROLE_ARN_PATTERN.test(inputs.roleArn))) {
    fail(
      "roleArn",
      `roleArn ${JSON.stringify(inputs.roleArn)} must be an IAM role ARN (pattern ${ROLE_ARN_PATTERN.source})`,
    );
  }
  checkIdList("subnetIds", inputs.subnetIds, SUBNET_PATTERN, "subnet-0123456789abcdef0", fail);
  checkIdList(
    "securityGroupIds",
    inputs.securityGroupIds,
    SECURITY_GROUP_PATTERN,
    "sg-0123456789abcdef0",
    fail,
  );
  checkEnvironment(inputs.environmentVariables, fail);
  checkDescription(inputs.description, fail);
  if (inputs.protocol !== undefined && !isUnknown(inputs.protocol)) {
    if (!SERVER_PROTOCOLS.includes(inputs.protocol as never)) {
      fail(
        "protocol",
        `protocol ${JSON.stringify(inputs.protocol)} must be one of ${SERVER_PROTOCOLS.join(", ")}`,
      );
    }
  }
  checkLifecycle(inputs.idleRuntimeSessionTimeout, inputs.maxLifetime, fail);
  checkTags(inputs.tags, fail);
  return failures;
}

type Fail = (property: string, reason: string) => void;

function checkName(name: unknown, fail: Fail): void {
  if (typeof name === "string" && NAME_PATTERN.test(name)) return;
  const shown = JSON.stringify(name);
  let reason =
    `agentRuntimeName ${shown} is invalid: it must match ${NAME_PATTERN.source.slice(1, -1)} ` +
    `(start with a letter; letters, digits and underscores only; 1-${LIMITS.nameMax} characters)`;
  if (typeof name === "string") {
    const suggestion = suggestRuntimeName(name);
    if (name.includes("-")) reason += ". Hyphens are not allowed";
    if (suggestion) reason += `; use ${JSON.stringify(suggestion)}`;
  }
  fail("agentRuntimeName", reason);
}

function checkContainerUri(uri: unknown, fail: Fail): void {
  const rule =
    "it must be an ECR image URI ending in a tag or digest, e.g. " +
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1 or .../agent@sha256:<64 hex>";
  if (typeof uri !== "string" || uri.length > LIMITS.uriMax) {
    fail("containerUri", `containerUri must be a string of at most ${LIMITS.uriMax} characters`);
  } else if (!ECR_URI_PATTERN.test(uri)) {
    fail("containerUri", `containerUri ${JSON.stringify(uri)} is invalid: ${rule}`);
  } else if (uri.includes("@") && !/@sha256:[a-f0-9]{64}$/.test(uri)) {
    fail(
      "containerUri",
      `containerUri ${JSON.stringify(uri)} has a malformed digest: expected @sha256:<64 lowercase hex>`,
    );
  }
}

function checkIdList(key: string, value: unknown, pattern: RegExp, example: string, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!Array.isArray(value)) {
    fail(
      key,
      `${key} is required: a list of ${LIMITS.vpcItemsMin}-${LIMITS.vpcItemsMax} IDs like ${example}`,
    );
    return;
  }
  if (value.length < LIMITS.vpcItemsMin || value.length > LIMITS.vpcItemsMax) {
    fail(key, `${key} must contain ${LIMITS.vpcItemsMin}-${LIMITS.vpcItemsMax} IDs (got ${value.length})`);
  }
  const bad = value.filter((v) => !isUnknown(v) && !(typeof v === "string" && pattern.test(v)));
  if (bad.length > 0) {
    fail(
      key,
      `${key} has invalid IDs ${JSON.stringify(bad)}: each must match ${pattern.source} (e.g. ${example})`,
    );
  }
  const known = value.filter((v) => !isUnknown(v));
  if (new Set(known).size !== known.length) fail(key, `${key} must not contain duplicates`);
}

function checkEnvironment(env: unknown, fail: Fail): void {
  if (env === undefined || isUnknown(env)) return;
  if (!isRecord(env)) {
    fail("environmentVariables", "environmentVariables must be a map of string to string");
    return;
  }
  const entries = Object.entries(env);
  if (entries.length > LIMITS.envCount) {
    fail(
      "environmentVariables",
      `environmentVariables has ${entries.length} entries; at most ${LIMITS.envCount} are allowed`,
    );
  }
  for (const [key, value] of entries) {
    if (key.length > LIMITS.envKeyMax || !ENV_KEY_PATTERN.test(key)) {
      fail(
        "environmentVariables",
        `environment variable name ${JSON.stringify(key)} must match ${ENV_KEY_PATTERN.source} and be 1-${LIMITS.envKeyMax} characters`,
      );
    }
    if (isUnknown(value)) continue;
    if (typeof value !== "string") {
      fail("environmentVariables", `environment variable ${key} must be a string (got ${typeof value})`);
    } else if (value.length > LIMITS.envValueMax) {
      fail(
        "environmentVariables",
        `environment variable ${key} is ${value.length} characters; values may be at most ${LIMITS.envValueMax}`,
      );
    }
  }
}

function checkDescription(description: unknown, fail: Fail): void {
  if (description === undefined || isUnknown(description)) return;
  if (
    typeof description !== "string" ||
    description.length < 1 ||
    description.length > LIMITS.descriptionMax
  ) {
    fail(
      "description",
      `description must be 1-${LIMITS.descriptionMax} characters (omit it rather than passing an empty string)`,
    );
  }
}

function checkLifecycle(idle: unknown, max: unknown, fail: Fail): void {
  // true when the value is absent or a valid number; false when unknown or invalid
  const inRange = (key: string, v: unknown): boolean => {
    if (v === undefined || isUnknown(v)) return v === undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < LIFECYCLE.min || v > LIFECYCLE.max) {
      fail(
        key,
        `${key} must be a whole number of seconds between ${LIFECYCLE.min} and ${LIFECYCLE.max} (got ${JSON.stringify(v)})`,
      );
      return false;
    }
    return true;
  };
  const idleOk = inRange("idleRuntimeSessionTimeout", idle);
  const maxOk = inRange("maxLifetime", max);
  // Only an explicit idle value can exceed maxLifetime: a defaulted idle is clamped to it (see request.ts).
  if (idleOk && maxOk && typeof idle === "number") {
    const effectiveMax = typeof max === "number" ? max : RUNTIME_DEFAULTS.maxLifetime;
    if (idle > effectiveMax) {
      fail(
        "idleRuntimeSessionTimeout",
        `idleRuntimeSessionTimeout (${idle}) must not exceed maxLifetime (${effectiveMax}${max === undefined ? ", the default" : ""})`,
      );
    }
  }
}

function checkTags(tags: unknown, fail: Fail): void {
  if (tags === undefined || isUnknown(tags)) return;
  if (!isRecord(tags)) {
    fail("tags", "tags must be a map of string to string");
    return;
  }
  const entries = Object.entries(tags);
  if (entries.length > LIMITS.tagCount)
    fail("tags", `tags has ${entries.length} entries; at most ${LIMITS.tagCount} are allowed`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > LIMITS.tagKeyMax || !TAG_PATTERN.test(key)) {
      fail(
        "tags",
        `tag key ${JSON.stringify(key)} must be 1-${LIMITS.tagKeyMax} characters matching ${TAG_PATTERN.source}`,
      );
    } else if (key.toLowerCase().startsWith("aws:")) {
      fail("tags", `tag key ${JSON.stringify(key)} uses the reserved "aws:" prefix`);
    }
    if (isUnknown(value)) continue;
    if (typeof value !== "string" || value.length > LIMITS.tagValueMax || !TAG_PATTERN.test(value)) {
      fail(
        "tags",
        `tag ${JSON.stringify(key)} has an invalid value: at most ${LIMITS.tagValueMax} characters matching ${TAG_PATTERN.source}`,
      );
    }
  }
}
