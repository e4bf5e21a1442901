import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { POLICIES, POLICY_PACK_NAME } from "./policies";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
  name: string;
  version: string;
  main: string;
};

describe("the policy pack", () => {
  it("has unique policy names the engine accepts, every policy mandatory", () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of POLICIES) {
      expect(policy.name).toMatch(/^[a-z0-9-]+$/);
      expect(policy.name).not.toBe("all");
      expect(policy.enforcementLevel).toBe("mandatory");
      expect(policy.description.length).toBeGreaterThan(20);
    }
  });

  it("is named as the engine requires and versioned by package.json, which the SDK reads at start", () => {
    expect(POLICY_PACK_NAME).toMatch(/^[a-zA-Z0-9._-]+$/);
    expect(packageJson.name).toBe(POLICY_PACK_NAME);
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(packageJson.main).toBe("dist/index.js");
  });

  it("documents every policy in the README", () => {
    for (const policy of POLICIES) expect(README).toContain(`\`${policy.name}\``);
  });
});
