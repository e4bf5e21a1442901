/**
 * Runs policies over a recorded graph the way the policy SDK's analyzer server does, without starting it:
 * properties deserialized by the SDK's own function and wrapped in its unknown-checking proxy, validation
 * args shaped as the server builds them (and as the SDK's own tests pass them).
 */
import * as policySdk from "@pulumi/policy";
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as deserialize from "@pulumi/policy/deserialize";
import type { GraphResource, ResourceGraph } from "./graph";

type Props = Record<string, unknown>;

// Both live in the SDK and are what its server applies to every request; its typings mark them internal.
const { unknownCheckingProxy } = policySdk as unknown as { unknownCheckingProxy: (props: Props) => Props };
const { deserializeProperties } = deserialize as unknown as {
  deserializeProperties: (struct: { toJavaScript(): Props }, proxySecrets: boolean) => Props;
};

/** Wire-form properties as a policy receives them: secrets unwrapped, unknown values behind the proxy. */
export function policyProps(wire: Props): Props {
  return unknownCheckingProxy(deserializeProperties({ toJavaScript: () => structuredClone(wire) }, false));
}

function options(resource: GraphResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [...resource.ignoreChanges],
    deleteBeforeReplace: resource.deleteBeforeReplace,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [...resource.additionalSecretOutputs],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

/** The SDK's type test: by the class's type token, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token === "string" && token.length > 0) return type === token;
  const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function notApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason ?? ""}`);
}

/** What `Analyze` hands a resource policy for one resource (its inputs). */
export function resourceArgs(resource: GraphResource, config: object = {}): ResourceValidationArgs {
  const props = policyProps(resource.inputs);
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: options(resource),
    stackTags: new Map(),
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
}

/** What `AnalyzeStack` hands a stack policy (every resource's outputs, linked to parents and dependencies). */
export function stackArgs(graph: ResourceGraph, config: object = {}): StackValidationArgs {
  const byUrn = new Map<string, PolicyResource>();
  const resources = graph.resources.map((resource) => {
    const props = policyProps(resource.outputs);
    const policyResource: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: options(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      asType: ((resourceClass: unknown) =>
        isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  const resolve = (urns: readonly string[]) => urns.flatMap((urn) => byUrn.get(urn) ?? []);
  graph.resources.forEach((resource, index) => {
    const policyResource = resources[index] as PolicyResource;
    if (resource.parent) {
      const parent = byUrn.get(resource.parent);
      if (parent) policyResource.parent = parent;
    }
    policyResource.dependencies = resolve(resource.dependencies);
    for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
      policyResource.propertyDependencies[key] = resolve(urns);
    }
  });
  return { resources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable };
}

/** One reported violation. */
export interface Violation {
  readonly policy: string;
  readonly message: string;
  readonly urn: string | undefined;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Runs one policy over a graph: a resource policy on every resource's inputs (as `Analyze` does, one call
 * per resource), a stack policy once on the outputs (as `AnalyzeStack` does). Errors propagate: a policy
 * that throws, even the SDK's "unknown during preview" error, fails the caller.
 */
export async function runPolicy(
  policy: AnyPolicy,
  graph: ResourceGraph,
  config: object = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const report = (message: string, urn?: string) => violations.push({ policy: policy.name, message, urn });
  if ("validateStack" in policy) {
    await policy.validateStack(stackArgs(graph, config), report);
    return violations;
  }
  const validations = [policy.validateResource ?? []].flat();
  for (const resource of graph.resources) {
    for (const validation of validations) await validation(resourceArgs(resource, config), report);
  }
  return violations;
}
