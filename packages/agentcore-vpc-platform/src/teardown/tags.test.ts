import { describe, expect, it } from "vitest";
import { SWEEP_MARKER_DEFAULTS } from "../defaults";
import { ec2ErrorCode, isTagTargetGone, lingerHoursProblem, sweepAfterTime } from "./tags";

const deletedAt = new Date("2026-05-14T10:15:30.250Z");

describe("sweepAfterTime", () => {
  it("adds the linger hours and drops the milliseconds", () => {
    expect(sweepAfterTime(deletedAt, 8)).toBe("2026-05-14T18:15:30Z");
  });

  it("defaults to the 8 hours AWS documents", () => {
    expect(SWEEP_MARKER_DEFAULTS.lingerHours).toBe(8);
    expect(sweepAfterTime(deletedAt)).toBe("2026-05-14T18:15:30Z");
  });

  it("accepts fractional hours and crosses midnight", () => {
    expect(sweepAfterTime(new Date("2026-05-14T23:00:00Z"), 1.5)).toBe("2026-05-15T00:30:00Z");
  });

  it("rejects negative and non-finite hours", () => {
    expect(() => sweepAfterTime(deletedAt, -1)).toThrow(/non-negative/);
    expect(() => sweepAfterTime(deletedAt, Number.NaN)).toThrow(/NaN/);
  });
});

describe("lingerHoursProblem", () => {
  it("accepts 0 to a week, and values still unknown in preview", () => {
    expect(lingerHoursProblem(0)).toBeUndefined();
    expect(lingerHoursProblem(168)).toBeUndefined();
    expect(lingerHoursProblem(undefined)).toBeUndefined();
    expect(lingerHoursProblem("04da6b54-80e4-46f7-96ec-b56ff0331ba9")).toBeUndefined();
  });

  it("names the range for values out of it", () => {
    expect(lingerHoursProblem(28_800)).toMatch(/between 0 and 168 hours.*got 28800/);
    expect(lingerHoursProblem(-2)).toMatch(/got -2/);
  });
});

describe("EC2 error codes", () => {
  it("reads the code from name or Code", () => {
    expect(ec2ErrorCode(Object.assign(new Error("x"), { name: "InvalidVpcID.NotFound" }))).toBe(
      "InvalidVpcID.NotFound",
    );
    expect(ec2ErrorCode({ Code: "UnauthorizedOperation" })).toBe("UnauthorizedOperation");
    expect(ec2ErrorCode(new Error("plain"))).toBeUndefined();
    expect(ec2ErrorCode("text")).toBeUndefined();
  });

  it("treats only the three not-found codes as gone", () => {
    for (const name of ["InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidVpcID.NotFound"]) {
      expect(isTagTargetGone({ name })).toBe(true);
    }
    expect(isTagTargetGone({ name: "UnauthorizedOperation" })).toBe(false);
    expect(isTagTargetGone({ name: "InvalidRouteTableID.NotFound" })).toBe(false);
  });
});
