import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./args";

describe("parseCliArgs", () => {
  it("takes a stack and an optional scenario", () => {
    expect(parseCliArgs(["dev"])).toEqual({ stack: "dev", scenario: undefined, verbose: false });
    expect(parseCliArgs(["prod", "--scenario", "agent-change", "--verbose"])).toEqual({
      stack: "prod",
      scenario: "agent-change",
      verbose: true,
    });
  });

  it("refuses a missing stack, extra arguments and unknown scenarios, with the usage", () => {
    expect(() => parseCliArgs([])).toThrow(/expected one stack name[\s\S]*usage:/);
    expect(() => parseCliArgs(["dev", "prod"])).toThrow(/expected one stack name/);
    expect(() => parseCliArgs(["dev", "--scenario", "nap"])).toThrow(
      /unknown scenario "nap"[\s\S]*up, unchanged/,
    );
    expect(() => parseCliArgs(["dev", "--fast"])).toThrow(/usage:/);
  });
});
