/**
 * Names of the stack outputs: the component registers them, the stacks program exports them, and the operator
 * tools (deploy summary, doctor, invoke, console) read them.
 */
export const STACK_OUTPUTS = [
  "region",
  "vpcId",
  "privateSubnetIds",
  "availabilityZoneIds",
  "runtimeSecurityGroupId",
  "runtimeArn",
  "runtimeId",
  "runtimeVersion",
  "executorUrl",
  "albDnsName",
  "executorTargetGroupArn",
  "executorClusterName",
  "executorServiceName",
  "dataBucketName",
  "agentImageUri",
  "executorImageUri",
  "runtimeLogGroupName",
  "executorLogGroupName",
  "alarmTopicArn",
  "dashboardName",
] as const;

export type StackOutputName = (typeof STACK_OUTPUTS)[number];
