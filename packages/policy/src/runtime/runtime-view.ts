/**
 * Recognises AgentCore runtimes in a resource graph: the component's `AgentCoreRuntime` (a dynamic resource,
 * `pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime`; older SDKs register every dynamic resource as
 * `pulumi-nodejs:dynamic:Resource`, so it is recognised by its properties, not its type) and
 * `aws.bedrock.AgentcoreAgentRuntime`. Both are read into one view.
 */
import * as aws from "@pulumi/aws";
import { at, type PlainProps } from "../resource/plain";

/** The settings of a runtime the policies check; each may be unknown at preview. */
export interface RuntimeView {
  /** "VPC" or "PUBLIC". */
  readonly networkMode: unknown;
  readonly subnetIds: unknown;
  readonly securityGroupIds: unknown;
  readonly containerUri: unknown;
  readonly region: unknown;
  /** The input property whose dependencies are the runtime's subnets. */
  readonly subnetsProperty: string;
}

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** Whether a resource is the component's dynamic `AgentCoreRuntime`: a dynamic resource with its inputs. */
export function isDynamicRuntime(type: string, props: PlainProps): boolean {
  return (
    type.startsWith(DYNAMIC_TYPE_PREFIX) &&
    "agentRuntimeName" in props &&
    "containerUri" in props &&
    "subnetIds" in props
  );
}

export function isNativeRuntime(type: string): boolean {
  // The generated class's own type test, as the policy SDK's `isType` falls back to.
  return aws.bedrock.AgentcoreAgentRuntime.isInstance({ __pulumiType: type });
}

/** Whether a resource is an AgentCore runtime of either kind. */
export function isRuntime(type: string, props: PlainProps): boolean {
  return isDynamicRuntime(type, props) || isNativeRuntime(type);
}

/** The runtime's settings, or undefined when the resource is not a runtime. */
export function runtimeView(type: string, props: PlainProps): RuntimeView | undefined {
  if (isDynamicRuntime(type, props)) {
    return {
      // The component's provider creates every runtime in VPC mode; a `networkMode` input would say otherwise.
      networkMode: props["networkMode"] ?? "VPC",
      subnetIds: props["subnetIds"],
      securityGroupIds: props["securityGroupIds"],
      containerUri: props["containerUri"],
      region: props["region"],
      subnetsProperty: "subnetIds",
    };
  }
  if (isNativeRuntime(type)) {
    const network = props["networkConfiguration"];
    return {
      networkMode: at(network, "networkMode"),
      subnetIds: at(network, "networkModeConfig", "subnets"),
      securityGroupIds: at(network, "networkModeConfig", "securityGroups"),
      containerUri: at(props["agentRuntimeArtifact"], "containerConfiguration", "containerUri"),
      region: props["region"],
      subnetsProperty: "networkConfiguration",
    };
  }
  return undefined;
}
