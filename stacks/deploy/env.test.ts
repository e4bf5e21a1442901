import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot, isCI, planPassphrase, resolveBackend, stackConfigNames } from "./env";

describe("resolveBackend", () => {
  it("defaults to a file backend in <repo>/.pulumi-state", () => {
    expect(resolveBackend({}, "/work/main")).toEqual({
      url: "file:///work/main/.pulumi-state",
      local: true,
      dir: path.join("/work/main", ".pulumi-state"),
    });
  });

  it("uses PULUMI_BACKEND_URL when set", () => {
    expect(resolveBackend({ PULUMI_BACKEND_URL: " s3://state-bucket/agentcore " }, "/r")).toEqual({
      url: "s3://state-bucket/agentcore",
      local: false,
      dir: undefined,
    });
  });

  it("treats an empty PULUMI_BACKEND_URL as unset", () => {
    expect(resolveBackend({ PULUMI_BACKEND_URL: "" }, "/r").local).toBe(true);
  });
});

describe("isCI", () => {
  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ GITHUB_ACTIONS: "true" }, true],
    [{ CI: "false" }, false],
    [{ CI: "0" }, false],
    [{}, false],
  ])("%j → %s", (env, expected) => {
    expect(isCI(env)).toBe(expected);
  });
});

describe("planPassphrase", () => {
  it("uses the environment when the passphrase (even empty) or a passphrase file is given", () => {
    expect(planPassphrase({ PULUMI_CONFIG_PASSPHRASE: "" }, false)).toEqual({ kind: "from-env" });
    expect(planPassphrase({ PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secret" }, false)).toEqual({
      kind: "from-env",
    });
  });

  it("asks on a terminal", () => {
    expect(planPassphrase({}, true)).toEqual({ kind: "prompt" });
  });

  it("refuses without a terminal and says how to pass it in CI", () => {
    const plan = planPassphrase({}, false);
    expect(plan.kind).toBe("missing");
    expect(plan.kind === "missing" && plan.message).toMatch(/PULUMI_CONFIG_PASSPHRASE is not set.*secrets\./);
  });
});

describe("findRepoRoot", () => {
  it("walks up to the directory with Pulumi.yaml", () => {
    const exists = (p: string) => p === path.join("/work/main", "Pulumi.yaml");
    expect(findRepoRoot("/work/main/stacks/deploy", exists)).toBe("/work/main");
  });

  it("returns undefined when there is none", () => {
    expect(findRepoRoot("/tmp/x", () => false)).toBeUndefined();
  });
});

describe("stackConfigNames", () => {
  it("lists the stacks that have a config file", () => {
    expect(stackConfigNames(["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yml", "package.json"])).toEqual([
      "dev",
      "prod",
    ]);
  });
});
