import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { parseDeployArgs } from "./args";
import type { DeployArgs } from "./args";
import { planRun } from "./plan";

function args(...argv: string[]): DeployArgs {
  const r = parseDeployArgs(argv);
  if (r.kind !== "run") throw new Error(`bad test argv ${argv.join(" ")}`);
  return r.args;
}

describe("planRun", () => {
  const term = { interactive: true, ci: false };
  const ci = { interactive: false, ci: true };

  it("previews when no action is given, and says so", () => {
    const plan = planRun(args("dev"), ci);
    expect(plan.steps).toEqual([{ kind: "preview" }]);
    expect(plan.notice).toMatch(/previewing only.*--up/);
  });

  it("runs a change directly with --yes", () => {
    expect(planRun(args("dev", "--up", "--yes"), ci).steps).toEqual([{ kind: "up" }]);
    expect(planRun(args("dev", "--destroy", "-y"), ci).steps).toEqual([{ kind: "destroy" }]);
  });

  it.each([
    ["--up", "preview", "update"],
    ["--refresh", "refresh-preview", "refresh"],
    ["--destroy", "destroy-preview", "destroy"],
  ])("on a terminal, %s previews (%s) and asks before it %ss", (flag, preview, verb) => {
    const plan = planRun(args("dev", flag), term);
    expect(plan.steps.map((s) => s.kind)).toEqual([preview, "confirm", flag.slice(2)]);
    expect(plan.steps[1]).toEqual({ kind: "confirm", question: `Do you want to ${verb} stack dev? [y/N] ` });
  });

  it("refuses a change without --yes in CI or without a terminal", () => {
    expect(() => planRun(args("prod", "--up"), ci)).toThrow(
      new OperatorError(
        "refusing to update stack prod in CI without --yes: run `npm run deploy -- prod --up --yes` once the preview looks right",
      ),
    );
    expect(() => planRun(args("prod", "--destroy"), { interactive: false, ci: false })).toThrow(
      /refusing to destroy stack prod without a terminal without --yes/,
    );
    expect(() => planRun(args("prod", "--up"), { interactive: true, ci: true })).toThrow(/in CI/);
  });
});
