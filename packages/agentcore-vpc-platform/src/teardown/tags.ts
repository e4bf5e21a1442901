/**
 * Pure helpers shared by the sweep marker (which stamps the tag) and the sweep command (which reads it).
 */

import { SWEEP_MARKER_DEFAULTS } from "../defaults";

/** Largest accepted linger time; anything longer is almost certainly a unit mistake (minutes, seconds). */
export const MAX_LINGER_HOURS = 24 * 7;

/** EC2 error codes meaning the resource to tag no longer exists: nothing is left to sweep. */
export const TAG_TARGET_GONE_CODES: readonly string[] = [
  "InvalidSubnetID.NotFound",
  "InvalidGroup.NotFound",
  "InvalidVpcID.NotFound",
];

/**
 * The sweep-after time: `now` plus `hours`, as ISO-8601 UTC without milliseconds
 * (e.g. `2026-05-14T18:30:00Z`), which sorts and reads well in the console's tag view.
 * @param now the moment the runtime was deleted
 * @param hours how long AWS may keep the ENIs @default SWEEP_MARKER_DEFAULTS.lingerHours (8)
 */
export function sweepAfterTime(now: Date, hours: number = SWEEP_MARKER_DEFAULTS.lingerHours): string {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`lingerHours must be a non-negative number of hours, got ${String(hours)}`);
  }
  return new Date(now.getTime() + Math.round(hours * 3_600_000)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Why `lingerHours` is unacceptable, or undefined when it is fine. Values unknown during preview are
 * not numbers and are checked again when known.
 * @param value the input as the engine passed it
 */
export function lingerHoursProblem(value: unknown): string | undefined {
  if (typeof value !== "number") return undefined;
  if (!Number.isFinite(value) || value < 0 || value > MAX_LINGER_HOURS) {
    return `lingerHours must be between 0 and ${MAX_LINGER_HOURS} hours (AWS releases AgentCore ENIs within ${SWEEP_MARKER_DEFAULTS.lingerHours}), got ${String(value)}`;
  }
  return undefined;
}

/** The EC2 error code of an SDK v3 error (`name`, or `Code` on some parsed errors). */
export function ec2ErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const candidate of [e.Code, e.code, e.name]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== "Error") return candidate;
  }
  return undefined;
}

/** Whether tagging failed because the target resource is already gone. */
export function isTagTargetGone(error: unknown): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && TAG_TARGET_GONE_CODES.includes(code);
}
