/**
 * Deciding what to do with a registered resource, from the provider's diff: the pure part of step generation.
 */
import type { Goal } from "./goal";
import type { DiffResult } from "../providers/provider";
import { deepEqual } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** The decision for a resource that exists in state. */
export interface Decision {
  readonly op: "same" | "update" | "replace";
  readonly replaces: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

/** Top-level input names whose values differ (secrets compare by value). */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => !deepEqual(olds[key], news[key])).sort();
}

/**
 * Same, update or replace, as the engine decides: a provider that cannot tell ("unknown") is judged by
 * comparing inputs; `replaceOnChanges` adds replacements; a resource left half-initialised by a failed
 * create or update is updated even without a diff, so the provider can finish it.
 * @param diff the provider's answer
 * @param oldInputs the inputs in state
 * @param newInputs the checked new inputs
 */
export function decide(
  diff: DiffResult,
  goal: Pick<Goal, "replaceOnChanges" | "deleteBeforeReplace">,
  oldInputs: PropertyMap,
  newInputs: PropertyMap,
  initErrors: readonly string[],
): Decision {
  const changed = changedKeys(oldInputs, newInputs);
  const changes = diff.changes === "unknown" ? changed.length > 0 : diff.changes === "some";
  const forced = goal.replaceOnChanges.includes("*")
    ? changed
    : changed.filter((key) => goal.replaceOnChanges.includes(key));
  const replaces = [...new Set([...diff.replaces, ...forced])];
  const deleteBeforeReplace = diff.deleteBeforeReplace || goal.deleteBeforeReplace;
  if (replaces.length > 0) return { op: "replace", replaces, deleteBeforeReplace };
  if (changes || initErrors.length > 0) return { op: "update", replaces: [], deleteBeforeReplace };
  return { op: "same", replaces: [], deleteBeforeReplace };
}
