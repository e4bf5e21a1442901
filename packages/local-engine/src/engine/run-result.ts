/**
 * What one engine operation produced, and the counts a summary line shows.
 */
import type { LogEntry } from "./engine-service";
import type { StepRecord } from "./goal";
import type { RecordedInvoke, RecordedRegistration } from "./monitor-service";
import { isProviderType, nameOf } from "./urn";
import type { DynamicProviderCall } from "../providers/dynamic-host";
import type { ResourceState } from "../state/resource-state";
import type { PropertyMap } from "../wire/values";

export type Operation = "preview" | "update" | "refresh" | "destroy";

export interface RunResult {
  readonly operation: Operation;
  readonly stack: string;
  readonly ok: boolean;
  /** Why the run failed: the failed steps, or the program's error. */
  readonly error: string | undefined;
  /** Steps in the order they finished (planned ones in preview). */
  readonly steps: readonly StepRecord[];
  /** The state after the run (unchanged by a preview). */
  readonly resources: readonly ResourceState[];
  /** Every registration the program made, as sent. */
  readonly registrations: readonly RecordedRegistration[];
  readonly invokes: readonly RecordedInvoke[];
  /** The stack's outputs as the program registered them (secret envelopes kept). */
  readonly stackOutputs: PropertyMap;
  /** The program's diagnostics through the engine's Log. */
  readonly logs: readonly LogEntry[];
  /** The program's own stdout and stderr. */
  readonly programOutput: readonly string[];
  /** Calls sent to the dynamic provider host during the run. */
  readonly dynamicProviderCalls: readonly DynamicProviderCall[];
  readonly durationMs: number;
}

export interface StepCounts {
  readonly created: number;
  readonly updated: number;
  readonly replaced: number;
  readonly deleted: number;
  readonly same: number;
}

/** Default providers are the engine's bookkeeping; like the CLI's summary, counts leave them out. */
export function isDefaultProvider(urn: string, type: string): boolean {
  return isProviderType(type) && /^default(_|$)/.test(nameOf(urn));
}

/** Steps that count (all but default providers'). */
export function countedSteps(steps: readonly StepRecord[]): StepRecord[] {
  return steps.filter((s) => !isDefaultProvider(s.urn, s.type));
}

export function countSteps(steps: readonly StepRecord[]): StepCounts {
  const counted = countedSteps(steps);
  const count = (...ops: StepRecord["op"][]) => counted.filter((s) => ops.includes(s.op)).length;
  return {
    created: count("create"),
    updated: count("update", "refresh"),
    replaced: count("replace"),
    deleted: count("delete"),
    same: count("same"),
  };
}

/** URNs of counted steps that changed something (everything but "same"). */
export function changedUrns(steps: readonly StepRecord[]): string[] {
  return countedSteps(steps)
    .filter((s) => s.op !== "same")
    .map((s) => s.urn);
}

/** Resources in state, default providers left out. */
export function countedResources(resources: readonly ResourceState[]): ResourceState[] {
  return resources.filter((r) => !isDefaultProvider(r.urn, r.type));
}
