import { describe, expect, it } from "vitest";
import { isRegionName } from "./region";

describe("isRegionName", () => {
  it.each(["us-east-1", "eu-west-2", "ap-southeast-3", "us-gov-west-1"])("accepts %s", (name) => {
    expect(isRegionName(name)).toBe(true);
  });

  it.each(["us-east", "US-EAST-1", "use1-az1", "us-east-1a", ""])("refuses %j", (name) => {
    expect(isRegionName(name)).toBe(false);
  });
});
