import { describe, expect, it } from "vitest";
import { parseDoctorArgs } from "./args";

describe("parseDoctorArgs", () => {
  it("reads the stack and options", () => {
    expect(parseDoctorArgs(["dev", "--invoke", "--region", "eu-west-1", "--outputs-file", "o.json"])).toEqual(
      {
        kind: "run",
        args: { stack: "dev", invoke: true, region: "eu-west-1", outputsFile: "o.json" },
      },
    );
    expect(parseDoctorArgs(["prod"])).toEqual({
      kind: "run",
      args: { stack: "prod", invoke: false, region: undefined, outputsFile: undefined },
    });
  });

  it("returns help", () => {
    expect(parseDoctorArgs(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], /missing stack name/],
    [["dev", "--region"], /--region needs a value/],
    [["dev", "--outputs-file", "--invoke"], /--outputs-file needs a value/],
    [["dev", "--region", "useast1"], /invalid region "useast1"/],
    [["dev", "--fix"], /unknown option --fix/],
    [["dev", "prod"], /unexpected argument "prod"/],
  ])("rejects %j", (argv, message) => {
    const r = parseDoctorArgs(argv as string[]);
    expect(r.kind === "error" && r.message).toMatch(message);
  });
});
