import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { planPassphrase, stackSecrets } from "./secrets";

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

describe("stackSecrets", () => {
  const asked: string[] = [];
  const terminal = (interactive: boolean) => ({
    interactive,
    askSecret: async (question: string) => {
      asked.push(question);
      return "typed";
    },
  });

  it("adds nothing when the environment has the passphrase", async () => {
    asked.length = 0;
    await expect(stackSecrets("dev", { PULUMI_CONFIG_PASSPHRASE: "pw" }, terminal(true))).resolves.toEqual({
      envVars: {},
      source: "environment",
    });
    expect(asked).toEqual([]);
  });

  it("asks on a terminal and hands the answer to the CLI", async () => {
    asked.length = 0;
    await expect(stackSecrets("prod", {}, terminal(true))).resolves.toEqual({
      envVars: { PULUMI_CONFIG_PASSPHRASE: "typed" },
      source: "entered",
    });
    expect(asked).toEqual(["Passphrase for the secrets of stack prod (PULUMI_CONFIG_PASSPHRASE): "]);
  });

  it("fails with the fix when nobody can be asked", async () => {
    await expect(stackSecrets("dev", {}, terminal(false))).rejects.toBeInstanceOf(OperatorError);
  });
});
