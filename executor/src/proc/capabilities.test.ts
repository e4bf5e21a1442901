import { describe, expect, it } from "vitest";
import { canReadSessionPss, effectiveCapabilities } from "./capabilities";

describe("capabilities", () => {
  it("reads the effective set and tells whether PSS of session processes is readable", () => {
    const status = (capEff: string) => `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\n`;
    expect(effectiveCapabilities(status("00000000000800e3"))).toBe(0x800e3n);
    expect(canReadSessionPss(0x800e3n)).toBe(true); // the container's set: CHOWN…KILL and SYS_PTRACE
    expect(canReadSessionPss(0xe3n)).toBe(false); // without SYS_PTRACE
    expect(canReadSessionPss(0n)).toBe(false);
  });
});
