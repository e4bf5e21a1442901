/**
 * The five scenarios a stack goes through, in order, each building on the state the previous one left:
 * preview and up from empty state; an up with unchanged sources; an up after one agent source file changed;
 * an up after the component (and so its dynamic providers' code) was upgraded; destroy.
 */
import { STACK_OUTPUTS } from "agentcore-vpc-platform-contract";
import { SWEEP_AFTER_TAG } from "agentcore-vpc-platform-contract";
import {
  RUNTIME_TYPE,
  ScenarioFailure,
  agentImage,
  controlPlaneWrites,
  deleteOrderViolations,
  expectAllSteps,
  expectChangedExactly,
  expectOk,
  expectProvidersResolved,
  expectThat,
  onlyResource,
  storedProvider,
  unsetOutputs,
} from "./checks";
import { expectSecretEnvironment } from "./secrets-check";
import type { RunResult } from "../engine/run-result";
import { countSteps, countedResources } from "../engine/run-result";
import { isDynamicType } from "../engine/urn";
import type { LocalEngine } from "../local-engine";
import { isSecret } from "../wire/values";

import type { ScenarioName } from "./names";

export { SCENARIO_NAMES, type ScenarioName } from "./names";

/** The program a scenario set runs, and the edits the scenarios make to it. */
export interface ScenarioProgram {
  /** Folder holding Pulumi.yaml. */
  readonly projectDir: string;
  /** Edits one source file of the agent's build context. */
  changeAgentSource(): Promise<void>;
  /** Upgrades the component package alone (a new version of the same code). */
  upgradeComponent(): Promise<void>;
}

/** What a scenario leaves for its summary line and for further checks. */
export interface ScenarioOutcome {
  readonly name: ScenarioName;
  /** The scenario's main run (the up, or the destroy). */
  readonly result: RunResult;
  /** Resources in state afterwards (default providers left out). */
  readonly resources: number;
}

function outputValue(result: RunResult, name: string): unknown {
  const value = result.stackOutputs[name];
  return isSecret(value) ? value.value : value;
}

function outcome(name: ScenarioName, result: RunResult): ScenarioOutcome {
  return { name, result, resources: countedResources(result.resources).length };
}

async function previewThenUp(engine: LocalEngine): Promise<ScenarioOutcome> {
  expectThat(engine.store.load().length === 0, "the stack's state is not empty before the first up");
  const preview = await engine.preview();
  expectOk(preview, "preview");
  expectAllSteps(preview, "create", "preview from empty state");
  expectThat(
    countSteps(preview.steps).created === preview.registrations.length,
    `preview planned ${countSteps(preview.steps).created} creates for ${preview.registrations.length} registrations`,
  );
  expectThat(engine.store.load().length === 0, "preview wrote state");
  expectThat(
    engine.cloud.calls.length === 0,
    `preview called the fake cloud: ${JSON.stringify(engine.cloud.calls)}`,
  );
  expectThat(
    engine.controlPlane.requests.length === 0,
    "preview sent requests to the AgentCore control plane",
  );

  const up = await engine.up();
  expectOk(up, "up");
  expectAllSteps(up, "create", "up from empty state");
  expectThat(
    countSteps(up.steps).created === up.registrations.length &&
      countedResources(up.resources).length === up.registrations.length,
    `up created ${countSteps(up.steps).created} and stored ${countedResources(up.resources).length} resources for ${up.registrations.length} registrations`,
  );
  const unset = unsetOutputs(up.stackOutputs, STACK_OUTPUTS);
  expectThat(unset.length === 0, `stack outputs not set after up: ${unset.join(", ")}`);
  const runtimes = [...engine.controlPlane.runtimes.values()];
  expectThat(runtimes.length === 1, `expected one runtime in the control plane, found ${runtimes.length}`);
  expectThat(
    outputValue(up, "runtimeArn") === runtimes[0]?.agentRuntimeArn &&
      outputValue(up, "runtimeVersion") === "1",
    `stack outputs runtimeArn/runtimeVersion (${String(outputValue(up, "runtimeArn"))}, ${String(outputValue(up, "runtimeVersion"))}) do not describe the created runtime`,
  );
  expectProvidersResolved(up.resources);
  const created = up.dynamicProviderCalls.filter((c) => c.method === "create").map((c) => c.urn);
  const dynamic = up.resources.filter((r) => isDynamicType(r.type)).map((r) => r.urn);
  expectThat(
    dynamic.length > 0 && dynamic.every((urn) => created.includes(urn)),
    `not every dynamic resource was created by the dynamic provider host (created: ${created.join(", ")})`,
  );
  expectSecretEnvironment(engine, up);
  return outcome("up", up);
}

async function unchanged(engine: LocalEngine): Promise<ScenarioOutcome> {
  const before = onlyResource(engine.store.load(), RUNTIME_TYPE);
  const requests = engine.controlPlane.requests.length;
  const up = await engine.up();
  expectOk(up, "second up");
  expectChangedExactly(up, [], "second up with unchanged sources");
  const writes = controlPlaneWrites(engine.controlPlane.requests.slice(requests));
  expectThat(
    writes.length === 0,
    `second up wrote to AgentCore: ${writes.map((w) => w.operation).join(", ")}`,
  );
  const after = onlyResource(up.resources, RUNTIME_TYPE);
  expectThat(
    after.outputs.agentRuntimeVersion === before.outputs.agentRuntimeVersion,
    `the runtime version moved from ${String(before.outputs.agentRuntimeVersion)} to ${String(after.outputs.agentRuntimeVersion)}`,
  );
  return outcome("unchanged", up);
}

async function agentChange(engine: LocalEngine, program: ScenarioProgram): Promise<ScenarioOutcome> {
  const state = engine.store.load();
  const runtime = onlyResource(state, RUNTIME_TYPE);
  const image = agentImage(state);
  const requests = engine.controlPlane.requests.length;
  await program.changeAgentSource();
  const up = await engine.up();
  expectOk(up, "up after an agent source change");
  expectChangedExactly(up, [image.urn, runtime.urn], "up after an agent source change");
  const updates = engine.controlPlane.requestsFor("UpdateAgentRuntime").length;
  const writes = controlPlaneWrites(engine.controlPlane.requests.slice(requests));
  expectThat(
    writes.length === 1 && writes[0]?.operation === "UpdateAgentRuntime" && updates === 1,
    `expected one UpdateAgentRuntime, AgentCore saw: ${writes.map((w) => w.operation).join(", ") || "nothing"}`,
  );
  const version = onlyResource(up.resources, RUNTIME_TYPE).outputs.agentRuntimeVersion;
  expectThat(
    version === String(Number(runtime.outputs.agentRuntimeVersion) + 1),
    `runtime version ${String(version)} after the change (was ${String(runtime.outputs.agentRuntimeVersion)})`,
  );
  return outcome("agent-change", up);
}

async function providerUpgrade(engine: LocalEngine, program: ScenarioProgram): Promise<ScenarioOutcome> {
  const before = engine.store.load().filter((r) => isDynamicType(r.type));
  const runtime = onlyResource(before, RUNTIME_TYPE);
  const requests = engine.controlPlane.requests.length;
  const tagging = engine.ec2.tagCalls.length;
  await program.upgradeComponent();
  const up = await engine.up();
  expectOk(up, "up after the component upgrade");
  expectChangedExactly(
    up,
    before.map((r) => r.urn),
    "up after the component upgrade (only the dynamic resources' stored provider changes)",
  );
  expectAllSteps(
    { ...up, steps: up.steps.filter((s) => s.op !== "same") },
    "update",
    "up after the component upgrade",
  );
  for (const old of before) {
    const now = onlyResource(
      up.resources.filter((r) => r.urn === old.urn),
      old.type,
    );
    expectThat(
      storedProvider(now) !== storedProvider(old),
      `${old.urn}: the stored __provider was not replaced`,
    );
    expectThat(
      storedProvider(now) === now.inputs.__provider,
      `${old.urn}: the stored __provider is not the one the program sent`,
    );
  }
  const writes = controlPlaneWrites(engine.controlPlane.requests.slice(requests));
  expectThat(
    writes.length === 0,
    `the upgrade wrote to AgentCore: ${writes.map((w) => w.operation).join(", ")}`,
  );
  expectThat(engine.ec2.tagCalls.length === tagging, "the upgrade tagged resources through EC2");
  const version = onlyResource(up.resources, RUNTIME_TYPE).outputs.agentRuntimeVersion;
  expectThat(
    version === runtime.outputs.agentRuntimeVersion,
    `the upgrade minted runtime version ${String(version)}`,
  );

  try {
    await refreshWithStoredProvider(engine, up, runtime.urn);
  } catch (error) {
    // Say what the up did, so a refresh failure is not read as a failed upgrade.
    const counts = countSteps(up.steps);
    const done = `the up passed (${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted; stored __provider replaced, no AgentCore write)`;
    throw new ScenarioFailure(`${done}, but ${(error as Error).message}`);
  }
  return outcome("provider-upgrade", up);
}

/** Refresh reads through the provider stored at the upgrade, and finds nothing to change. */
async function refreshWithStoredProvider(
  engine: LocalEngine,
  up: RunResult,
  runtimeUrn: string,
): Promise<void> {
  const refresh = await engine.refresh();
  expectOk(refresh, "refresh after the upgrade");
  const stored = storedProvider(onlyResource(up.resources, RUNTIME_TYPE));
  const reads = refresh.dynamicProviderCalls.filter((c) => c.method === "read" && c.urn === runtimeUrn);
  expectThat(
    reads.length === 1 && reads[0]?.provider === stored,
    "refresh did not read the runtime with the upgraded __provider",
  );
  expectChangedExactly(refresh, [], "refresh after the upgrade");
}

async function destroy(engine: LocalEngine): Promise<ScenarioOutcome> {
  const before = engine.store.load();
  const result = await engine.destroy();
  expectOk(result, "destroy");
  expectThat(
    result.resources.length === 0,
    `${result.resources.length} resources left in state after destroy`,
  );
  const deletes = result.steps.filter((s) => s.op === "delete");
  const missing = before.filter((r) => !deletes.some((d) => d.urn === r.urn)).map((r) => r.urn);
  expectThat(missing.length === 0, `destroy did not delete: ${missing.join(", ")}`);
  const violations = deleteOrderViolations(
    before,
    deletes.map((d) => d.urn),
  );
  expectThat(violations.length === 0, `destroy broke dependency order:\n  ${violations.join("\n  ")}`);
  for (const resource of before.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
    const step = deletes.find((d) => d.urn === resource.urn);
    const inCloud = engine.cloud.find(resource.id) !== undefined;
    if (resource.retainOnDelete) {
      expectThat(
        step?.retained === true && !step.providerCalled && (inCloud || isDynamicType(resource.type)),
        `${resource.urn} is retained on delete but was deleted`,
      );
    } else {
      expectThat(
        step?.providerCalled === true && !inCloud,
        `${resource.urn} was not deleted through its provider`,
      );
    }
  }
  for (const resource of before.filter((r) => isDynamicType(r.type) && !r.retainOnDelete)) {
    const call = result.dynamicProviderCalls.find((c) => c.method === "delete" && c.urn === resource.urn);
    expectThat(
      call !== undefined && call.provider === storedProvider(resource),
      `${resource.urn} was not deleted with its stored __provider`,
    );
  }
  expectThat(engine.controlPlane.runtimes.size === 0, "the AgentCore runtime still exists after destroy");
  expectRetainedStamped(engine, before);
  return outcome("destroy", result);
}

/** When a sweep marker existed, its delete tagged the retained network with the sweep-after time. */
function expectRetainedStamped(engine: LocalEngine, before: RunResult["resources"]): void {
  const marker = before.find((r) => r.type.endsWith(":SweepMarker"));
  if (!marker) return;
  const ids = [
    marker.outputs.vpcId,
    ...(marker.outputs.subnetIds as string[]),
    ...(marker.outputs.securityGroupIds as string[]),
  ];
  for (const id of ids) {
    const tags = engine.cloud.find(String(id))?.addedTags ?? {};
    expectThat(
      SWEEP_AFTER_TAG in tags,
      `${String(id)} was not tagged ${SWEEP_AFTER_TAG} by the sweep marker's delete`,
    );
  }
}

/** Runs one scenario against the engine's current state. */
export function runScenario(
  name: ScenarioName,
  engine: LocalEngine,
  program: ScenarioProgram,
): Promise<ScenarioOutcome> {
  switch (name) {
    case "up":
      return previewThenUp(engine);
    case "unchanged":
      return unchanged(engine);
    case "agent-change":
      return agentChange(engine, program);
    case "provider-upgrade":
      return providerUpgrade(engine, program);
    case "destroy":
      return destroy(engine);
  }
}

/** `<stack> <scenario>: ok (<n> resources, <c> created, <u> updated, <d> deleted)`. */
export function summaryLine(stack: string, outcome: ScenarioOutcome): string {
  const counts = countSteps(outcome.result.steps);
  const replaced = counts.replaced > 0 ? `, ${counts.replaced} replaced` : "";
  return `${stack} ${outcome.name}: ok (${outcome.resources} resources, ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted${replaced})`;
}

/** The line for a scenario that failed. */
export function failureLine(stack: string, name: ScenarioName, error: unknown): string {
  return `${stack} ${name}: FAILED: ${error instanceof Error ? error.message : String(error)}`;
}
