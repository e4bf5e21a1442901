import { describe, expect, it } from "vitest";
import { safeFileName } from "../src/api.js";
import { OptionsError, parseOptions } from "../src/options.js";
import {
  artifactTicket,
  hostAllowed,
  newToken,
  originAllowed,
  ticketMatches,
  tokenMatches,
} from "../src/security.js";

describe("the console's guards", () => {
  it("answers only to its own loopback names on its own port", () => {
    expect(hostAllowed("127.0.0.1:3000", 3000)).toBe(true);
    expect(hostAllowed("localhost:3000", 3000)).toBe(true);
    expect(hostAllowed("LOCALHOST:3000", 3000)).toBe(true);
    for (const host of [
      "127.0.0.1:3001",
      "evil.example:3000",
      "127.0.0.1",
      "0.0.0.0:3000",
      "[::1]:3000",
      undefined,
    ])
      expect(hostAllowed(host, 3000), String(host)).toBe(false);
  });

  it("accepts no Origin (navigation, curl) or its own, and refuses every other site", () => {
    expect(originAllowed(undefined, 3000)).toBe(true);
    expect(originAllowed("http://127.0.0.1:3000", 3000)).toBe(true);
    expect(originAllowed("http://localhost:3000", 3000)).toBe(true);
    for (const origin of ["http://evil.example", "null", "https://127.0.0.1:3000", "http://127.0.0.1:3001"])
      expect(originAllowed(origin, 3000), origin).toBe(false);
  });

  it("makes a fresh 256-bit token per launch and compares it exactly", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it("issues artifact tickets valid for one path under one launch token", () => {
    const token = newToken();
    const path = "/api/runs/s/20260101T000000000Z-abcd/artifacts/report.pdf";
    const ticket = artifactTicket(token, path);
    expect(ticketMatches(token, path, ticket)).toBe(true);
    expect(ticketMatches(token, path.replace("report.pdf", "report.docx"), ticket)).toBe(false);
    expect(ticketMatches(newToken(), path, ticket)).toBe(false);
  });

  it("keeps uploaded file names to safe key segments", () => {
    expect(safeFileName("sales.csv")).toBe("sales.csv");
    expect(safeFileName("매출 2024.csv")).toBe("매출 2024.csv");
    expect(safeFileName("../../etc/passwd")).toBe("_.._etc_passwd");
    expect(safeFileName("a/b\\c?.csv")).toBe("a_b_c_.csv");
    expect(safeFileName("")).toBe("upload.csv");
  });
});

describe("npm run console's options", () => {
  it("defaults to the local agent on port 3000", () => {
    const o = parseOptions([], {});
    expect(o.port).toBe(3000);
    expect(o.target).toEqual({ mode: "local", agentUrl: "http://127.0.0.1:8080", localS3: undefined });
  });

  it("takes a deployed stack, and refuses mixing local and deployed options or a bad port", () => {
    expect(parseOptions(["--stack", "dev"], {}).target).toMatchObject({ mode: "aws", stack: "dev" });
    expect(() => parseOptions(["--stack", "dev", "--agent-url", "http://x"], {})).toThrow(OptionsError);
    expect(() => parseOptions(["--port", "70000"], {})).toThrow(/--port must be 1-65535/);
    expect(() => parseOptions(["--bogus"], {})).toThrow(OptionsError);
  });
});
