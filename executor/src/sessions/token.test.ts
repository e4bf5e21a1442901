import { describe, expect, it } from "vitest";
import { sessionToken } from "agentcore-vpc-platform-contract";
import { authorizes, newSessionToken } from "./token";

describe("session tokens", () => {
  it("are 128 random bits in hex, different every time", () => {
    const tokens = Array.from({ length: 100 }, () => newSessionToken().token);
    expect(new Set(tokens).size).toBe(100);
    for (const token of tokens) expect(sessionToken.safeParse(token).success).toBe(true);
  });

  it("authorize only the exact bearer token", () => {
    const { token, digest } = newSessionToken();
    expect(authorizes(`Bearer ${token}`, digest)).toBe(true);
    expect(authorizes(`bearer ${token}`, digest)).toBe(true);
    for (const header of [
      undefined,
      "",
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${newSessionToken().token}`,
      "Bearer " + "a".repeat(10_000),
    ]) {
      expect(authorizes(header, digest), String(header).slice(0, 40)).toBe(false);
    }
  });
});
