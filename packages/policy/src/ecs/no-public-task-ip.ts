/** ECS tasks get no public IP: they reach AWS through the VPC's endpoints and NAT, never the internet directly. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { type Finding, validateResourceWith } from "../resource/finding";
import { asRecord, type PlainProps } from "../resource/plain";

/** `networkConfiguration.assignPublicIp` must not be true (unset means false). */
export function publicTaskIpFindings(props: PlainProps): Finding[] {
  const network = asRecord(props["networkConfiguration"]);
  if (network?.["assignPublicIp"] !== true) return [];
  return [
    {
      problem: "`networkConfiguration.assignPublicIp` is true: every task gets a public IP address",
      fix: "set `networkConfiguration.assignPublicIp: false` and run the tasks in private subnets",
    },
  ];
}

export const noPublicIpOnTasks: ResourceValidationPolicy = {
  name: "no-public-ip-on-tasks",
  description: "ECS services and task sets do not assign public IP addresses to their tasks.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.ecs.Service, check: publicTaskIpFindings },
    { resource: aws.ecs.TaskSet, check: publicTaskIpFindings },
  ]),
};
