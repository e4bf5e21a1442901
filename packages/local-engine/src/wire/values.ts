/**
 * Property values as they cross Pulumi's gRPC wire (google.protobuf.Struct as plain JSON): secrets are
 * `{ <sig key>: <secret sig>, value }`, values unknown during preview are one sentinel string, resource
 * references are `{ <sig key>: <resource sig>, urn, id? }`. The engine keeps values in this form, in memory
 * and in state, so nothing is lost between the program, the providers and the checkpoint.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** A JSON-shaped property value, possibly holding secret envelopes or the unknown sentinel. */
export type PropertyValue = unknown;
/** A resource's inputs or outputs. */
export type PropertyMap = Record<string, PropertyValue>;

/** The sentinel that stands for a value not known until the update (preview only). */
export const UNKNOWN = unknownValue;

/** A secret envelope: the wire form of a secret value. */
export interface SecretEnvelope {
  readonly [specialSigKey]: typeof specialSecretSig;
  readonly value: PropertyValue;
}

export function isSecret(value: PropertyValue): value is SecretEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

/** Wraps a value as a secret (a secret stays one envelope deep). */
export function makeSecret(value: PropertyValue): SecretEnvelope {
  return { [specialSigKey]: specialSecretSig, value: isSecret(value) ? value.value : value };
}

/** Whether a value is, or anywhere contains, a secret. */
export function containsSecret(value: PropertyValue): boolean {
  if (isSecret(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(containsSecret);
}

/** Whether a value is, or anywhere contains, the unknown sentinel. */
export function containsUnknown(value: PropertyValue): boolean {
  if (value === UNKNOWN) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(containsUnknown);
}

/** The value with every secret envelope replaced by what it holds (for providers that refuse secrets). */
export function unwrapSecrets<T extends PropertyValue>(value: T): T {
  if (isSecret(value)) return unwrapSecrets(value.value) as T;
  if (Array.isArray(value)) return value.map(unwrapSecrets) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)])) as T;
}

/**
 * Copies secretness from inputs to outputs of the same name, the way the engine treats a provider that does
 * not accept secrets: an output becomes secret when its input contained one; objects are walked key by key.
 * @param outputs what the provider returned (secret-free)
 * @param inputs what the program sent (with its secrets)
 */
export function annotateSecrets(outputs: PropertyMap, inputs: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outputs };
  for (const [key, input] of Object.entries(inputs)) {
    if (!(key in result)) continue;
    const output = result[key];
    if (isPlainObject(output) && isPlainObject(input)) {
      result[key] = annotateSecrets(output, input);
    } else if (!isSecret(output) && containsSecret(input)) {
      result[key] = makeSecret(output);
    }
  }
  return result;
}

/** Marks the named top-level properties secret (`additionalSecretOutputs`). */
export function markSecret(properties: PropertyMap, keys: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...properties };
  for (const key of keys) {
    if (key in result && result[key] !== undefined) result[key] = makeSecret(result[key]);
  }
  return result;
}

function isPlainObject(value: PropertyValue): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(specialSigKey in value);
}

/** Structural equality of two property values (secret envelopes compare by what they hold). */
export function deepEqual(a: PropertyValue, b: PropertyValue): boolean {
  return canonical(unwrapSecrets(a)) === canonical(unwrapSecrets(b));
}

function canonical(value: PropertyValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A Struct from the wire as a property map. */
export function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

/** A property map as a Struct (undefined members are dropped: Struct has no such value). */
export function toStruct(properties: PropertyMap): Struct {
  return Struct.fromJavaScript(dropUndefined(properties) as Record<string, never>);
}

function dropUndefined(value: PropertyValue): PropertyValue {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : dropUndefined(v)));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, dropUndefined(v)]),
  );
}
