/**
 * What the scenarios check, as plain functions over engine results: each throws a {@link ScenarioFailure}
 * saying what the engine saw, so the same checks serve the tests and the command line.
 */
import type { RecordedRequest } from "agentcore-vpc-platform/testing";
import type { StepRecord } from "../engine/goal";
import type { RunResult } from "../engine/run-result";
import { changedUrns, countedSteps } from "../engine/run-result";
import type { ResourceState } from "../state/resource-state";
import { dependencyUrns } from "../state/resource-state";
import { PROVIDER_PROPERTY } from "../providers/dynamic-host";
import { UNKNOWN, containsUnknown, isSecret } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** A scenario's expectation that the engine's observations contradict. */
export class ScenarioFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioFailure";
  }
}

/** Throws a {@link ScenarioFailure} with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ScenarioFailure(message);
}

/** Type tokens the scenarios look for. */
export const RUNTIME_TYPE = "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime";
export const DOCKER_IMAGE_TYPE = "docker:index/image:Image";

/** AgentCore control-plane operations that change something. */
export const CONTROL_PLANE_WRITES: ReadonlySet<string> = new Set([
  "CreateAgentRuntime",
  "UpdateAgentRuntime",
  "DeleteAgentRuntime",
  "TagResource",
  "UntagResource",
]);

/** The run succeeded, or the failure with the program's or the steps' error. */
export function expectOk(result: RunResult, what: string): void {
  expectThat(result.ok, `${what} failed: ${result.error ?? "(no error reported)"}`);
}

function describeSteps(steps: readonly StepRecord[]): string {
  return steps.map((s) => `${s.op} ${s.urn}`).join("\n  ");
}

/** Every counted step has this op. */
export function expectAllSteps(result: RunResult, op: StepRecord["op"], what: string): void {
  const others = countedSteps(result.steps).filter((s) => s.op !== op);
  expectThat(
    others.length === 0,
    `${what}: expected only "${op}" steps, also saw:\n  ${describeSteps(others)}`,
  );
}

/** The set of URNs the run changed is exactly `expected`. */
export function expectChangedExactly(result: RunResult, expected: readonly string[], what: string): void {
  const changed = [...new Set(changedUrns(result.steps))].sort();
  const wanted = [...new Set(expected)].sort();
  expectThat(
    JSON.stringify(changed) === JSON.stringify(wanted),
    `${what}: expected changes to exactly\n  ${wanted.join("\n  ") || "(nothing)"}\nbut the engine changed\n  ${
      describeSteps(countedSteps(result.steps).filter((s) => s.op !== "same")) || "(nothing)"
    }`,
  );
}

/** Control-plane write requests among `requests`. */
export function controlPlaneWrites(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => CONTROL_PLANE_WRITES.has(r.operation));
}

/** The only resource of a type in state (throws naming what was there otherwise). */
export function onlyResource(resources: readonly ResourceState[], type: string): ResourceState {
  const found = resources.filter((r) => r.type === type);
  expectThat(found.length === 1, `expected one ${type} in state, found ${found.length}`);
  return found[0] as ResourceState;
}

/**
 * Every custom resource's provider reference points at a provider in state with that id (default providers
 * for aws, docker and the dynamic host included), as the engine records them.
 */
export function expectProvidersResolved(resources: readonly ResourceState[]): void {
  const references = new Set(resources.map((r) => `${r.urn}::${r.id}`));
  const dangling = resources.filter((r) => r.provider !== undefined && !references.has(r.provider));
  expectThat(
    dangling.length === 0,
    `provider references with no provider in state: ${dangling.map((r) => `${r.urn} -> ${r.provider}`).join(", ")}`,
  );
  const missing = ["aws", "docker", "pulumi-nodejs"].filter(
    (pkg) => !resources.some((r) => r.type === `pulumi:providers:${pkg}`),
  );
  expectThat(missing.length === 0, `no provider registered for: ${missing.join(", ")}`);
}

/** The docker image built from the agent context (the component names it `<name>-agent-image`). */
export function agentImage(resources: readonly ResourceState[]): ResourceState {
  const images = resources.filter((r) => r.type === DOCKER_IMAGE_TYPE && r.urn.endsWith("-agent-image"));
  expectThat(
    images.length === 1,
    `expected one agent image (…-agent-image) in state, found ${images.length}`,
  );
  return images[0] as ResourceState;
}

/** Stack outputs that are missing, unknown or empty among `names`. */
export function unsetOutputs(outputs: PropertyMap, names: readonly string[]): string[] {
  return names.filter((name) => {
    const value = isSecret(outputs[name]) ? (outputs[name] as { value: unknown }).value : outputs[name];
    return (
      value === undefined || value === null || value === "" || value === UNKNOWN || containsUnknown(value)
    );
  });
}

/** The serialized provider text a resource holds in its outputs (what Delete and Read get). */
export function storedProvider(resource: ResourceState): string | undefined {
  const text = resource.outputs[PROVIDER_PROPERTY];
  return typeof text === "string" ? text : undefined;
}

/**
 * Pairs deleted in the wrong order: a resource must be deleted before anything it depends on.
 * @param before the state before the destroy (for the dependency graph)
 * @param deletes URNs in the order they were deleted
 */
export function deleteOrderViolations(
  before: readonly ResourceState[],
  deletes: readonly string[],
): string[] {
  const position = new Map(deletes.map((urn, index) => [urn, index]));
  const violations: string[] = [];
  for (const resource of before) {
    const at = position.get(resource.urn);
    if (at === undefined) continue;
    for (const dependency of dependencyUrns(resource)) {
      const dependencyAt = position.get(dependency);
      if (dependencyAt !== undefined && dependencyAt < at) {
        violations.push(`${dependency} was deleted before ${resource.urn}, which depends on it`);
      }
    }
  }
  return violations;
}
