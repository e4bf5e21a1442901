/**
 * Secrets at rest: in the checkpoint file every secret envelope holds ciphertext instead of its value, as
 * Pulumi's checkpoints do, encrypted with a key kept in a file of its own beside it (AES-256-GCM from
 * node:crypto; no key management beyond that is needed for a test engine's state).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { isSecret, makeSecret } from "../wire/values";
import type { PropertyValue } from "../wire/values";

const ALGORITHM = "aes-256-gcm";
const VERSION = "v1";

/** A new random 256-bit key. */
export function newSecretsKey(): Buffer {
  return randomBytes(32);
}

/** A secret envelope at rest: `{ <sig key>: <secret sig>, ciphertext }`. */
interface StoredSecret {
  [specialSigKey]: typeof specialSecretSig;
  ciphertext: string;
}

function isStoredSecret(value: PropertyValue): value is StoredSecret {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig &&
    typeof (value as Record<string, unknown>).ciphertext === "string"
  );
}

/** Encrypts the JSON of a secret's value: `v1:<iv>:<tag>:<data>`, base64 parts. */
export function encryptValue(value: PropertyValue, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64")))
    .join(":");
}

/** Reverses {@link encryptValue}; throws when the key is wrong or the text was altered. */
export function decryptValue(ciphertext: string, key: Buffer): PropertyValue {
  const [version, iv, tag, data] = ciphertext.split(":");
  if (version !== VERSION || !iv || !tag || data === undefined)
    throw new Error("unrecognised secret ciphertext");
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  const text = Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString(
    "utf8",
  );
  return JSON.parse(text) as PropertyValue;
}

/** Replaces every secret envelope's value by its ciphertext, for writing state. */
export function sealSecrets(value: PropertyValue, key: Buffer): PropertyValue {
  if (isSecret(value)) {
    return { [specialSigKey]: specialSecretSig, ciphertext: encryptValue(value.value, key) };
  }
  if (Array.isArray(value)) return value.map((v) => sealSecrets(v, key));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sealSecrets(v, key)]));
}

/** Reverses {@link sealSecrets}, for reading state. */
export function openSecrets(value: PropertyValue, key: Buffer): PropertyValue {
  if (isStoredSecret(value)) return makeSecret(decryptValue(value.ciphertext, key));
  if (Array.isArray(value)) return value.map((v) => openSecrets(v, key));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openSecrets(v, key)]));
}
