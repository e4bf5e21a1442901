/** Pure rules for the platform's CloudWatch log groups: names and retention. */

/** Retention periods CloudWatch Logs accepts (days; PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** @returns why `days` cannot be a log group's retention, or undefined. */
export function logRetentionProblem(days: number): string | undefined {
  return LOG_RETENTION_DAYS.includes(days)
    ? undefined
    : `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs' retention values), got ${days}.`;
}

/** Log group names: 1-512 characters of letters, digits and `._-/#`. */
export const LOG_GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * The group AgentCore writes a runtime endpoint's logs to, creating it itself with no expiry:
 * `/aws/bedrock-agentcore/runtimes/<runtimeId>-<endpoint>`
 * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/observability-view.html).
 * @param endpointName @default "DEFAULT"
 */
export function agentCoreRuntimeLogGroupName(runtimeId: string, endpointName = "DEFAULT"): string {
  return `/aws/bedrock-agentcore/runtimes/${runtimeId}-${endpointName}`;
}
