import type * as pulumi from "@pulumi/pulumi";
import { canonicalJson, normalizeInputs } from "./request";
import { INPUT_KEYS, UNKNOWN } from "./types";
import type { RuntimeConfig, RuntimeInputs } from "./types";

/**
 * Properties whose change replaces the runtime. Names are unique per account and region, and a
 * runtime cannot move regions, so both mean "a different runtime".
 */
export const REPLACE_KEYS = ["agentRuntimeName", "region"] as const;

/**
 * Statuses recorded in state for a runtime that never became READY (only when cleaning it up after a
 * failed create also failed; see README). Such a runtime is replaced on the next `up`.
 */
export const NEVER_READY_STATUSES = ["CREATE_FAILED", "CREATING"];

/** The engine's key for the serialized provider, in inputs and outputs. */
export const PROVIDER_KEY = "__provider";

/** Whether the serialized provider differs from the one in state (an unknown new one is no change). */
export function providerChanged(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const next = news[PROVIDER_KEY];
  return typeof next === "string" && next !== UNKNOWN && olds[PROVIDER_KEY] !== next;
}

const containsUnknown = (v: unknown): boolean =>
  v === UNKNOWN ||
  (Array.isArray(v) && v.some(containsUnknown)) ||
  (typeof v === "object" && v !== null && Object.values(v).some(containsUnknown));

function comparable(key: keyof RuntimeConfig, config: RuntimeConfig): string {
  const value = config[key];
  // Subnet and security group order carries no meaning; AWS may echo them in another order.
  if (Array.isArray(value)) return canonicalJson([...value].sort());
  return canonicalJson(value);
}

/**
 * The input properties that differ between the recorded state and the new inputs, after defaults
 * (so `protocol: undefined` equals `"HTTP"`). A value still unknown at preview counts as changed.
 * @param olds the recorded outputs (or old inputs)
 * @param news the new inputs
 */
export function changedProperties(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const before = normalizeInputs(olds as unknown as RuntimeInputs);
  // Unknown values are reported as changed below; substitute the old value so normalizing still works.
  const known = Object.fromEntries(INPUT_KEYS.map((k) => [k, containsUnknown(news[k]) ? olds[k] : news[k]]));
  const after = normalizeInputs(known as unknown as RuntimeInputs);
  return INPUT_KEYS.filter(
    (key) => containsUnknown(news[key]) || comparable(key, before) !== comparable(key, after),
  );
}

/**
 * The dynamic provider's diff: update in place for everything except a name or region change,
 * which replaces (delete first: the name must be free before the new runtime can take it). A new provider
 * (`__provider`, after an upgrade of this package) is a change too: the engine runs `delete` and `read` with
 * the provider stored at the last update, so only an update brings the new code to an existing runtime.
 * The 3.248 dynamic provider protocol carries no detailedDiff; `replaces` names the culprits and
 * the engine shows the per-property changes itself.
 * @param olds the recorded outputs
 * @param news the new inputs
 */
export function diffRuntime(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const changed = changedProperties(olds, news);
  if (providerChanged(olds, news)) changed.push(PROVIDER_KEY);
  const replaces: string[] = changed.filter((k) => (REPLACE_KEYS as readonly string[]).includes(k));
  if (typeof olds.status === "string" && NEVER_READY_STATUSES.includes(olds.status)) replaces.push("status");
  return {
    changes: changed.length > 0 || replaces.length > 0,
    replaces,
    deleteBeforeReplace: true,
    ...(replaces.length === 0
      ? { stables: ["agentRuntimeId", "agentRuntimeArn", "agentRuntimeName", "region"] }
      : {}),
  };
}
