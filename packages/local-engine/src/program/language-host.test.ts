import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePulumiSdk, runArguments } from "./language-host";
import type { Project } from "./project";

const project: Project = {
  rootDir: "/repo",
  name: "shop",
  typescript: true,
  programDir: "/repo/stacks",
  entry: ".",
  configDefaults: {},
  declaredSecretKeys: [],
};

describe("runArguments", () => {
  const base = { project, stack: "dev", monitorAddress: "127.0.0.1:1", engineAddress: "127.0.0.1:2" };

  it("passes what the language host passes, the program last", () => {
    expect(runArguments({ ...base, preview: false })).toEqual([
      "--monitor",
      "127.0.0.1:1",
      "--engine",
      "127.0.0.1:2",
      "--organization",
      "organization",
      "--project",
      "shop",
      "--root-directory",
      "/repo",
      "--stack",
      "dev",
      "--pwd",
      "/repo/stacks",
      "--parallel",
      "16",
      ".",
    ]);
  });

  it("adds --dry-run for a preview", () => {
    expect(runArguments({ ...base, preview: true })).toContain("--dry-run");
  });
});

describe("resolvePulumiSdk", () => {
  it("finds the SDK a program folder resolves", () => {
    expect(resolvePulumiSdk(path.resolve(__dirname, ".."), "cmd/run")).toMatch(
      /@pulumi[/\\]pulumi[/\\]cmd[/\\]run/,
    );
  });

  it("says to install it when it is missing, as the CLI does", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-sdk-"));
    try {
      expect(() => resolvePulumiSdk(empty, "cmd/run")).toThrow(
        /Pulumi SDK has not been installed.*npm install/,
      );
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });
});
