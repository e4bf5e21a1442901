import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { findProjectRoot, locateProjectRoot } from "./root";

const at =
  (...roots: string[]) =>
  (p: string) =>
    roots.some((root) => p === path.join(root, "Pulumi.yaml"));

describe("findProjectRoot", () => {
  it("walks up to the folder with Pulumi.yaml", () => {
    expect(findProjectRoot("/work/main/packages/ops/src/deploy", at("/work/main"))).toBe("/work/main");
  });

  it("is undefined when there is none", () => {
    expect(findProjectRoot("/tmp/x", () => false)).toBeUndefined();
  });
});

describe("locateProjectRoot", () => {
  it("prefers the working directory", () => {
    expect(locateProjectRoot("/a/sub", "/b/tools", at("/a", "/b"))).toBe("/a");
  });

  it("falls back to the tools' own folder", () => {
    expect(locateProjectRoot("/tmp", "/b/packages/ops/src/sweep", at("/b"))).toBe("/b");
  });

  it("fails with the fix when neither has a project above it", () => {
    const run = () => locateProjectRoot("/tmp/elsewhere", "/opt/tools", () => false);
    expect(run).toThrow(OperatorError);
    expect(run).toThrow(
      "no Pulumi.yaml found in /tmp/elsewhere or above: run the command from the repository",
    );
  });
});
