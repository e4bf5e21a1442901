/**
 * Resource properties as plain data. The policy SDK hands policies a proxy that throws `UnknownValueError`
 * on reading a value the engine does not know yet (at preview: ids, ARNs, digests, anything computed from
 * them); the SDK then reports the whole policy as "can't run during preview". Policies here read
 * properties through {@link plain} instead, which turns each unknown value into {@link UNKNOWN}, so a
 * policy decides what it can and leaves the rest to the update, where every input is known.
 */
import * as policySdk from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";

/** A value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** Properties of one resource, unknown values replaced by {@link UNKNOWN}. */
export type PlainProps = Readonly<Record<string, unknown>>;

// The SDK exports the error class at run time, but its typings mark it internal and leave it out.
const UnknownValueError = (policySdk as unknown as { UnknownValueError?: new (...args: never[]) => Error })
  .UnknownValueError;

function isUnknownValueError(error: unknown): boolean {
  return UnknownValueError !== undefined && error instanceof UnknownValueError;
}

function read(container: object, key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
}

/** A deep plain copy of `value`, each unknown value (proxied or as Pulumi's wire marker) as {@link UNKNOWN}. */
export function plain(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue) return UNKNOWN;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    return Array.from({ length: value.length }, (_, index) => plain(read(value, index)));
  }
  return Object.fromEntries(Object.keys(value).map((key) => [key, plain(read(value, key))]));
}

/** {@link plain} for a resource's property bag. */
export function plainProps(props: Record<string, unknown>): PlainProps {
  return plain(props) as PlainProps;
}

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** Whether `value` is or contains an unknown value. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(containsUnknown);
}

/** `value` as a plain object, or undefined when it is not one. */
export function asRecord(value: unknown): PlainProps | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as PlainProps)
    : undefined;
}

/** `value` as a list: a list as is, a single value as a one-element list, nothing as an empty list. */
export function asList(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The value at `path` inside `value`: {@link UNKNOWN} when an object on the way is unknown, undefined when
 * one is missing or not an object.
 */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (isUnknown(current)) return UNKNOWN;
    current = asRecord(current)?.[key];
  }
  return current;
}
