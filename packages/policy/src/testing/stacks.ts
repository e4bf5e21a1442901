/**
 * Records the graph of the component as a stack of this repository deploys it: the stack file's config,
 * parsed by the program's own config reader, evaluated under mocks of a us-east-1 account.
 */
import * as pulumi from "@pulumi/pulumi";
import { AgentCoreVpcPlatform } from "agentcore-vpc-platform";
import { mockAccount } from "agentcore-vpc-platform/testing";
import { CONFIG_NAMESPACE, readStackConfig } from "stacks/config";
import { readStackFile } from "stacks/testing";
import { recordGraph, type ResourceGraph } from "./graph";

/** The stacks this repository ships a `Pulumi.<stack>.yaml` for. */
export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

/**
 * Evaluates the component with a stack's config, as `pulumi up` (values known) or `pulumi preview`
 * (computed values unknown) would, and returns the recorded graph.
 */
export async function recordStackGraph(stack: StackName, preview: boolean): Promise<ResourceGraph> {
  const recorder = await mockAccount({ preview, project: CONFIG_NAMESPACE, stack });
  const graph = recordGraph(recorder, preview);
  const config = readStackFile(stack);
  pulumi.runtime.setAllConfig(config);
  const settings = readStackConfig(config, stack);
  new AgentCoreVpcPlatform(settings.name, settings.args);
  return graph();
}
