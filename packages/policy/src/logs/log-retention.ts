/** Every CloudWatch log group expires its events: without a retention period they are kept (and billed) forever. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Finding, validateResourceWith } from "../resource/finding";
import { isUnknown, type PlainProps } from "../resource/plain";

/** `retentionInDays` must be a positive number of days (unset or 0 means never expire). */
export function retentionFindings(props: PlainProps): Finding[] {
  const days = props["retentionInDays"];
  if (isUnknown(days) || (typeof days === "number" && days > 0)) return [];
  return [
    {
      problem:
        days === undefined || days === 0
          ? "`retentionInDays` is not set, so the log group keeps its events forever"
          : `\`retentionInDays\` is ${JSON.stringify(days)}, not a retention period`,
      fix: "set `retentionInDays` to a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, … days)",
    },
  ];
}

export const logGroupsHaveRetention: ResourceValidationPolicy = {
  name: "log-groups-have-retention",
  description: "Every CloudWatch log group sets a retention period.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([{ resource: aws.cloudwatch.LogGroup, check: retentionFindings }]),
};
