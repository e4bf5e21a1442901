import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveBackend } from "./backend";

describe("resolveBackend", () => {
  it("defaults to a file backend in <project>/.pulumi-state", () => {
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
