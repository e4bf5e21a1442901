/**
 * Reading the stack outputs doctor needs, and skipping cleanly when an output does not exist yet. Keys are
 * the contract's output names, so a renamed output fails to compile here instead of skipping a check.
 */
import type { StackOutputName } from "agentcore-vpc-platform-contract";
import type { CheckResult, StackOutputs } from "./types";

export function stringOutput(outputs: StackOutputs, key: StackOutputName): string | undefined {
  const v = outputs[key];
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

export function stringListOutput(outputs: StackOutputs, key: StackOutputName): string[] | undefined {
  const v = outputs[key];
  if (!Array.isArray(v)) return undefined;
  const items = v.filter((x): x is string => typeof x === "string" && x !== "");
  return items.length > 0 ? items : undefined;
}

/** A string output, or a number output as text (a runtime version may arrive as either). */
export function textOutput(outputs: StackOutputs, key: StackOutputName): string | undefined {
  const v = outputs[key];
  return typeof v === "number" ? String(v) : stringOutput(outputs, key);
}

/** The runtime id from the `runtimeId` output, or the last path segment of `runtimeArn`. */
export function runtimeIdOf(outputs: StackOutputs): string | undefined {
  const id = stringOutput(outputs, "runtimeId");
  if (id) return id;
  const arn = stringOutput(outputs, "runtimeArn");
  const m = arn ? /:runtime\/([^/:]+)/.exec(arn) : null;
  return m?.[1];
}

/** A skip result naming the first missing output, or undefined when all are present. */
export function skipIfMissing(
  id: string,
  title: string,
  outputs: StackOutputs,
  keys: readonly StackOutputName[],
): CheckResult | undefined {
  const missing = keys.find((k) => outputs[k] === undefined || outputs[k] === null || outputs[k] === "");
  if (missing === undefined) return undefined;
  return { id, title, status: "skip", detail: `skipped: output ${missing} not in this stack yet` };
}

/** Plain values from Automation API outputs ({ value, secret }) or from `pulumi stack output --json`. */
export function plainOutputs(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const wrapped = v !== null && typeof v === "object" && "value" in v && "secret" in v;
    out[k] = wrapped ? (v as { value: unknown }).value : v;
  }
  return out;
}
