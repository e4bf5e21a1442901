import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { runCli } from "./run-cli";

function fakeProcess() {
  let stderr = "";
  const proc = {
    stderr: { write: (text: string) => (stderr += text) },
    exitCode: undefined as number | string | undefined,
  };
  return { proc, stderr: () => stderr };
}

describe("runCli", () => {
  it("makes the entry point's result the exit code", async () => {
    const { proc, stderr } = fakeProcess();
    await runCli("deploy", async () => 2, proc);
    expect(proc.exitCode).toBe(2);
    expect(stderr()).toBe("");
  });

  it("prints an operator error as one line, without a stack", async () => {
    const { proc, stderr } = fakeProcess();
    await runCli(
      "sweep",
      async () => {
        throw new OperatorError("no Pulumi.yaml found: run from the repository");
      },
      proc,
    );
    expect(proc.exitCode).toBe(1);
    expect(stderr()).toBe("sweep failed: no Pulumi.yaml found: run from the repository\n");
  });

  it("prints any other error with its stack: it is a bug", async () => {
    const { proc, stderr } = fakeProcess();
    await runCli(
      "doctor",
      async () => {
        throw new TypeError("x is undefined");
      },
      proc,
    );
    expect(proc.exitCode).toBe(1);
    expect(stderr()).toMatch(/^doctor failed: unexpected error: TypeError: x is undefined\n\s+at /);
  });
});
