import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AzSelectionError,
  MIN_AVAILABILITY_ZONES,
  selectAvailabilityZones,
  SUPPORTED_AZ_IDS,
  zonesFromLookup,
} from "./az";
import { HOSTILE_US_EAST_1 } from "../testing/accounts";

function selectionError(fn: () => unknown): AzSelectionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AzSelectionError) return error;
    throw error;
  }
  throw new Error("expected an AzSelectionError");
}

describe("selectAvailabilityZones", () => {
  it("picks supported IDs even when the first AZ names are unsupported", () => {
    const zones = selectAvailabilityZones({ region: "us-east-1", accountZones: HOSTILE_US_EAST_1, count: 2 });
    expect(zones).toEqual([
      { name: "us-east-1e", id: "use1-az1" },
      { name: "us-east-1f", id: "use1-az2" },
    ]);
    const three = selectAvailabilityZones({ region: "us-east-1", accountZones: HOSTILE_US_EAST_1, count: 3 });
    expect(three.map((z) => z.id)).toEqual(["use1-az1", "use1-az2", "use1-az4"]);
  });

  it("keeps the requested order and maps IDs to this account's names", () => {
    const zones = selectAvailabilityZones({
      region: "us-east-1",
      accountZones: HOSTILE_US_EAST_1,
      requestedIds: ["use1-az4", "use1-az1"],
      count: 2,
    });
    expect(zones).toEqual([
      { name: "us-east-1d", id: "use1-az4" },
      { name: "us-east-1e", id: "use1-az1" },
    ]);
  });

  it("rejects an unsupported ID, naming it, the region and the supported IDs", () => {
    const error = selectionError(() =>
      selectAvailabilityZones({
        region: "us-east-1",
        accountZones: HOSTILE_US_EAST_1,
        requestedIds: ["use1-az1", "use1-az6"],
        count: 2,
      }),
    );
    expect(error.path).toBe("network.availabilityZoneIds");
    expect(error.message).toContain("use1-az6");
    expect(error.message).toContain("us-east-1");
    expect(error.message).toContain("use1-az1, use1-az2, use1-az4");
    expect(error.message).toContain("CREATE_FAILED");
  });

  it("rejects a supported ID this account does not have", () => {
    const account = HOSTILE_US_EAST_1.filter((z) => z.id !== "use1-az4");
    const error = selectionError(() =>
      selectAvailabilityZones({
        region: "us-east-1",
        accountZones: account,
        requestedIds: ["use1-az1", "use1-az4"],
        count: 2,
      }),
    );
    expect(error.message).toMatch(/use1-az4 is not an available zone of this account in us-east-1/);
    expect(error.message).toContain("use1-az1 = us-east-1e");
  });

  it("rejects a single requested AZ and duplicates", () => {
    const one = selectionError(() =>
      selectAvailabilityZones({
        region: "us-east-1",
        accountZones: HOSTILE_US_EAST_1,
        requestedIds: ["use1-az1"],
        count: 1,
      }),
    );
    expect(one.message).toMatch(/at least 2/);
    const twice = selectionError(() =>
      selectAvailabilityZones({
        region: "us-east-1",
        accountZones: HOSTILE_US_EAST_1,
        requestedIds: ["use1-az1", "use1-az1"],
        count: 2,
      }),
    );
    expect(twice.message).toMatch(/listed twice/);
  });

  it("fails when fewer than two supported AZs are available to the account", () => {
    const account = HOSTILE_US_EAST_1.filter((z) => z.id !== "use1-az2" && z.id !== "use1-az4");
    const error = selectionError(() =>
      selectAvailabilityZones({ region: "us-east-1", accountZones: account, count: 2 }),
    );
    expect(error.path).toBe("network.availabilityZoneCount");
    expect(error.message).toContain("Only 1 of the AZ IDs AgentCore supports in us-east-1");
    expect(error.message).toContain("not available: use1-az2, use1-az4");
  });

  it("fails when more AZs are asked for than the region supports", () => {
    const error = selectionError(() =>
      selectAvailabilityZones({ region: "us-east-1", accountZones: HOSTILE_US_EAST_1, count: 4 }),
    );
    expect(error.message).toMatch(/Only 3 .* but 4 are needed/);
  });

  it("fails for a region without a table entry and names the override", () => {
    const error = selectionError(() =>
      selectAvailabilityZones({
        region: "sa-east-1",
        accountZones: [{ name: "sa-east-1a", id: "sae1-az1" }],
        count: 2,
      }),
    );
    expect(error.path).toBe("network.supportedAvailabilityZoneIds");
    expect(error.message).toContain("sa-east-1");
    expect(error.message).toContain("network.supportedAvailabilityZoneIds");
    expect(error.message).toContain("us-east-1");
  });

  it("uses the override for new regions", () => {
    const zones = selectAvailabilityZones({
      region: "sa-east-1",
      accountZones: [
        { name: "sa-east-1a", id: "sae1-az1" },
        { name: "sa-east-1b", id: "sae1-az2" },
        { name: "sa-east-1c", id: "sae1-az3" },
      ],
      count: 2,
      supportedOverride: ["sae1-az3", "sae1-az1"],
    });
    expect(zones.map((z) => z.id)).toEqual(["sae1-az3", "sae1-az1"]);
  });

  it("property: picks are distinct, supported, in the account, and as many as asked (or it throws)", () => {
    const regions = Object.keys(SUPPORTED_AZ_IDS);
    const accountArb = fc.constantFrom(...regions).chain((region) => {
      const prefix = (SUPPORTED_AZ_IDS[region] as readonly string[])[0]?.split("-")[0] as string;
      const ids = [1, 2, 3, 4, 5, 6].map((n) => `${prefix}-az${n}`);
      return fc.record({
        region: fc.constant(region),
        zones: fc.shuffledSubarray(ids, { minLength: 0, maxLength: 6 }),
        count: fc.integer({ min: MIN_AVAILABILITY_ZONES, max: 4 }),
      });
    });
    fc.assert(
      fc.property(accountArb, ({ region, zones, count }) => {
        const accountZones = zones.map((id, i) => ({ name: `${region}${"abcdef"[i]}`, id }));
        const supported = SUPPORTED_AZ_IDS[region] as readonly string[];
        const available = supported.filter((id) => zones.includes(id));
        if (available.length < count) {
          expect(() => selectAvailabilityZones({ region, accountZones, count })).toThrow(AzSelectionError);
          return;
        }
        const picked = selectAvailabilityZones({ region, accountZones, count });
        expect(picked).toHaveLength(count);
        expect(new Set(picked.map((z) => z.id)).size).toBe(count);
        for (const zone of picked) {
          expect(supported).toContain(zone.id);
          expect(accountZones).toContainEqual(zone);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("zonesFromLookup", () => {
  it("pairs names with IDs and rejects mismatched lists", () => {
    expect(zonesFromLookup({ names: ["a", "b"], zoneIds: ["x", "y"] })).toEqual([
      { name: "a", id: "x" },
      { name: "b", id: "y" },
    ]);
    expect(() => zonesFromLookup({ names: ["a"], zoneIds: [] })).toThrow(/1 names but 0 zone IDs/);
  });
});

describe("SUPPORTED_AZ_IDS", () => {
  it("lists at least two well-formed IDs per region, each with the region's own prefix", () => {
    for (const [region, ids] of Object.entries(SUPPORTED_AZ_IDS)) {
      expect(ids.length, region).toBeGreaterThanOrEqual(MIN_AVAILABILITY_ZONES);
      const prefixes = new Set(ids.map((id) => id.split("-")[0]));
      expect(prefixes.size, region).toBe(1);
      for (const id of ids) expect(id).toMatch(/^[a-z]+\d+-az\d+$/);
    }
    expect(SUPPORTED_AZ_IDS["us-east-1"]).toEqual(["use1-az1", "use1-az2", "use1-az4"]);
  });
});
