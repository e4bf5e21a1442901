import { describe, expect, it } from "vitest";
import { parseSweepArgs } from "./args";

describe("parseSweepArgs", () => {
  it("takes a stack and defaults to a real sweep with the stack file's region", () => {
    expect(parseSweepArgs(["dev"])).toEqual({
      kind: "run",
      args: { stack: "dev", dryRun: false, region: undefined, component: undefined },
    });
  });

  it("reads --dry-run, --region and --component in either form and any order", () => {
    expect(
      parseSweepArgs(["--dry-run", "--region", "eu-west-1", "org/proj/prod", "--component=deep-insight"]),
    ).toEqual({
      kind: "run",
      args: { stack: "org/proj/prod", dryRun: true, region: "eu-west-1", component: "deep-insight" },
    });
    expect(parseSweepArgs(["dev", "--region=us-east-1"])).toMatchObject({ args: { region: "us-east-1" } });
  });

  it("asks for help", () => {
    expect(parseSweepArgs(["dev", "--help"])).toEqual({ kind: "help" });
    expect(parseSweepArgs(["-h"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], /which stack\? e\.g\. npm run sweep -- dev/],
    [["dev", "prod"], /one stack at a time, got dev, prod/],
    [["dev", "--force"], /unknown option --force/],
    [["dev", "--region"], /--region needs a value, e.g. --region us-east-1/],
    [["dev", "--region", "--dry-run"], /--region needs a value/],
    [["dev", "--region", "Virginia"], /"Virginia" is not an AWS region name/],
    [["dev", "--component="], /--component needs a value/],
    [["dev!"], /"dev!" is not a valid stack name/],
  ])("rejects %j", (argv, message) => {
    const result = parseSweepArgs(argv);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" ? result.message : "").toMatch(message);
  });
});
