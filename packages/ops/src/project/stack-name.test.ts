import { describe, expect, it } from "vitest";
import { isStackName, shortStackName } from "./stack-name";

describe("isStackName", () => {
  it.each(["dev", "prod-eu_1.2", "acme/dev", "acme/agentcore-vpc-platform/dev"])("accepts %s", (name) => {
    expect(isStackName(name)).toBe(true);
  });

  it.each(["", "dev stack", "a/b/c/d", "dev/", "/dev", "dév"])("refuses %j", (name) => {
    expect(isStackName(name)).toBe(false);
  });
});

describe("shortStackName", () => {
  it("keeps the last segment", () => {
    expect(shortStackName("acme/agentcore-vpc-platform/dev")).toBe("dev");
    expect(shortStackName("dev")).toBe("dev");
  });
});
