import { describe, expect, it } from "vitest";
import { parseDeployArgs } from "./args";

describe("parseDeployArgs", () => {
  it("takes the stack and leaves the action undefined when none is given", () => {
    expect(parseDeployArgs(["dev"])).toEqual({
      kind: "run",
      args: {
        stack: "dev",
        action: undefined,
        yes: false,
        diff: false,
        expectNoChanges: false,
        refreshFirst: false,
        summaryFile: undefined,
      },
    });
  });

  it.each([
    ["--preview", "preview"],
    ["--up", "up"],
    ["--update", "up"],
    ["--refresh", "refresh"],
    ["--destroy", "destroy"],
  ])("maps %s to %s", (flag, action) => {
    const r = parseDeployArgs(["prod", flag]);
    expect(r.kind === "run" && r.args.action).toBe(action);
  });

  it("reads flags in any position", () => {
    const r = parseDeployArgs(["--yes", "--diff", "prod", "--up", "-y"]);
    expect(r).toMatchObject({ kind: "run", args: { stack: "prod", action: "up", yes: true, diff: true } });
  });

  it("accepts --expect-no-changes for drift checks", () => {
    const r = parseDeployArgs(["dev", "--preview", "--expect-no-changes"]);
    expect(r).toMatchObject({ kind: "run", args: { action: "preview", expectNoChanges: true } });
  });

  it("accepts --refresh-first with a preview or an update", () => {
    expect(parseDeployArgs(["dev", "--preview", "--refresh-first", "--expect-no-changes"])).toMatchObject({
      kind: "run",
      args: { action: "preview", refreshFirst: true, expectNoChanges: true },
    });
    expect(parseDeployArgs(["dev", "--up", "--yes", "--refresh-first"])).toMatchObject({
      args: { action: "up", refreshFirst: true },
    });
  });

  it("reads --summary-file with a separate or inline value", () => {
    expect(parseDeployArgs(["dev", "--summary-file", "out.md"])).toMatchObject({
      args: { summaryFile: "out.md" },
    });
    expect(parseDeployArgs(["dev", "--summary-file=x/y.md"])).toMatchObject({
      args: { summaryFile: "x/y.md" },
    });
  });

  it("accepts a repeated identical action", () => {
    expect(parseDeployArgs(["dev", "--up", "--up"])).toMatchObject({ kind: "run", args: { action: "up" } });
  });

  it("accepts qualified stack names", () => {
    expect(parseDeployArgs(["acme/agentcore-vpc-platform/dev"])).toMatchObject({
      args: { stack: "acme/agentcore-vpc-platform/dev" },
    });
  });

  it("returns help for -h and --help", () => {
    expect(parseDeployArgs(["dev", "--help"])).toEqual({ kind: "help" });
    expect(parseDeployArgs(["-h"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], /missing stack name/],
    [["dev", "prod"], /unexpected argument "prod"/],
    [["dev", "--up", "--destroy"], /choose one action, not --up and --destroy/],
    [["dev", "--force"], /unknown option --force/],
    [["dev", "--summary-file"], /--summary-file needs a path/],
    [["dev", "--summary-file", "--up"], /--summary-file needs a path/],
    [["dev", "--destroy", "--expect-no-changes"], /not --destroy/],
    [["dev", "--refresh", "--refresh-first"], /--refresh-first works with --preview or --up, not --refresh/],
    [["dev", "--destroy", "--refresh-first"], /not --destroy/],
    [["dev stack"], /invalid stack name/],
    [["a/b/c/d"], /invalid stack name/],
  ])("rejects %j", (argv, message) => {
    const r = parseDeployArgs(argv as string[]);
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.message).toMatch(message);
  });
});
