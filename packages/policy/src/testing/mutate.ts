/** Deliberately broken graphs: a recorded graph with one resource changed, added or removed. */
import type { GraphResource, ResourceGraph } from "./graph";

type Props = Record<string, unknown>;

/** The one resource of a type whose name ends with `nameSuffix`; throws when there is not exactly one. */
export function find(graph: ResourceGraph, type: string, nameSuffix = ""): GraphResource {
  const found = graph.resources.filter((r) => r.type === type && r.name.endsWith(nameSuffix));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} named *${nameSuffix}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
  }
  return found[0] as GraphResource;
}

/** The graph with `target` replaced by `change(target)`. */
export function replaceResource(
  graph: ResourceGraph,
  target: GraphResource,
  change: (resource: GraphResource) => GraphResource,
): ResourceGraph {
  return { ...graph, resources: graph.resources.map((r) => (r === target ? change(structuredClone(r)) : r)) };
}

/** The graph with `change` applied to both the inputs and the outputs of `target`. */
export function changeProps(
  graph: ResourceGraph,
  target: GraphResource,
  change: (props: Props) => Props,
): ResourceGraph {
  return replaceResource(graph, target, (r) => ({
    ...r,
    inputs: change(r.inputs),
    outputs: change(r.outputs),
  }));
}

/** The graph without `target`. */
export function removeResource(graph: ResourceGraph, target: GraphResource): ResourceGraph {
  return { ...graph, resources: graph.resources.filter((r) => r !== target) };
}

/** The graph with one more resource, registered after the others. */
export function addResource(graph: ResourceGraph, resource: GraphResource): ResourceGraph {
  return { ...graph, resources: [...graph.resources, resource] };
}

/** A custom resource for {@link addResource}, with the given wire-form inputs as its outputs too. */
export function customResource(
  type: string,
  name: string,
  inputs: Props,
  extra: Partial<GraphResource> = {},
): GraphResource {
  return {
    type,
    name,
    urn: `urn:pulumi:stack::project::${type}::${name}`,
    parent: undefined,
    custom: true,
    inputs,
    outputs: inputs,
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
    ...extra,
  };
}

/** The graph with the task definition's container definitions (JSON text) rewritten by `change`. */
export function changeContainers(
  graph: ResourceGraph,
  taskDefinition: GraphResource,
  change: (containers: Props[]) => Props[],
): ResourceGraph {
  return changeProps(graph, taskDefinition, (props) => ({
    ...props,
    containerDefinitions: JSON.stringify(
      change(JSON.parse(String(props["containerDefinitions"])) as Props[]),
    ),
  }));
}
