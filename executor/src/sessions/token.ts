import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SESSION_TOKEN_BYTES } from "agentcore-vpc-platform-contract";

/** A session's capability: 128 random bits as hex, and the digest the server keeps instead of the token. */
export function newSessionToken(): { token: string; digest: Buffer } {
  const token = randomBytes(SESSION_TOKEN_BYTES).toString("hex");
  return { token, digest: digestOf(token) };
}

function digestOf(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/**
 * Whether an `Authorization` header carries the token with this digest. Both sides are SHA-256 digests of
 * equal length, compared in constant time: how long the comparison takes says nothing about the token.
 */
export function authorizes(header: string | undefined, digest: Buffer): boolean {
  const match = header === undefined ? null : /^Bearer\s+(\S{1,256})\s*$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(digestOf(match[1] as string), digest);
}
