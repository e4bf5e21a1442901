// The program every stack runs (Pulumi.yaml → stacks/ → package.json "main"): stack config in, one
// AgentCoreVpcPlatform, its outputs out.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AgentCoreVpcPlatform } from "agentcore-vpc-platform";
import { readStackConfig } from "./config";

function settingsFromConfig() {
  try {
    return readStackConfig(pulumi.runtime.allConfig(), pulumi.getStack(), path.resolve(__dirname, ".."));
  } catch (error) {
    // A RunError fails the run with just this message, no stack trace.
    throw new pulumi.RunError((error as Error).message);
  }
}

const settings = settingsFromConfig();
const platform = new AgentCoreVpcPlatform(settings.name, settings.args);

export const region = platform.region;
export const vpcId = platform.vpcId;
export const privateSubnetIds = platform.privateSubnetIds;
export const availabilityZoneIds = platform.availabilityZoneIds;
export const runtimeSecurityGroupId = platform.runtimeSecurityGroupId;
export const runtimeArn = platform.runtimeArn;
export const runtimeId = platform.runtimeId;
export const runtimeVersion = platform.runtimeVersion;
export const executorUrl = platform.executorUrl;
export const albDnsName = platform.albDnsName;
export const executorTargetGroupArn = platform.executorTargetGroupArn;
export const executorClusterName = platform.executorClusterName;
export const executorServiceName = platform.executorServiceName;
export const dataBucketName = platform.dataBucketName;
export const agentImageUri = platform.agentImageUri;
export const executorImageUri = platform.executorImageUri;
