import { describe, expect, it } from "vitest";
import type { AvailabilityZone } from "./az";
import { type ExistingSubnet, placeZones, ZoneSlotsExhaustedError } from "./zones";

const zone = (n: number): AvailabilityZone => ({ id: `use1-az${n}`, name: `us-east-1${"abcdef"[n - 1]}` });
const [az1, az2, az4, az5] = [zone(1), zone(2), zone(4), zone(5)] as [
  AvailabilityZone,
  AvailabilityZone,
  AvailabilityZone,
  AvailabilityZone,
];
const CIDR = "10.0.0.0/16";
const PRIVATE = ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19"];
const PUBLIC = ["10.0.128.0/19", "10.0.160.0/19", "10.0.192.0/19", "10.0.224.0/19"];

/** The subnets a stack created with `zones` has in AWS (index i in slot i, as a new stack places them). */
function deployed(
  zones: AvailabilityZone[],
  options: { vpcId?: string; stamped?: boolean } = {},
): ExistingSubnet[] {
  return zones.flatMap((z, i) => [
    {
      vpcId: options.vpcId ?? "vpc-1",
      cidrBlock: PRIVATE[i] as string,
      availabilityZoneId: z.id,
      tier: "private" as const,
      index: i,
      stamped: options.stamped ?? false,
    },
    {
      vpcId: options.vpcId ?? "vpc-1",
      cidrBlock: PUBLIC[i] as string,
      availabilityZoneId: z.id,
      tier: "public" as const,
      index: i,
      stamped: options.stamped ?? false,
    },
  ]);
}

const summary = (placements: ReturnType<typeof placeZones>) =>
  placements.map((p) => `${p.zone.id}:${p.privateCidr}:${p.publicCidr}`);

describe("placeZones", () => {
  it("gives a new stack's zone i the i-th slot pair", () => {
    expect(summary(placeZones(CIDR, [az1, az2, az4], []))).toEqual([
      `use1-az1:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az2:${PRIVATE[1]}:${PUBLIC[1]}`,
      `use1-az4:${PRIVATE[2]}:${PUBLIC[2]}`,
    ]);
  });

  it("keeps an existing stack exactly where it is, whatever order its zones were given in", () => {
    const existing = deployed([az4, az1]);
    expect(summary(placeZones(CIDR, [az4, az1], existing))).toEqual([
      `use1-az4:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az1:${PRIVATE[1]}:${PUBLIC[1]}`,
    ]);
    // Reordering the list moves nothing.
    expect(summary(placeZones(CIDR, [az1, az4], existing))).toEqual(
      summary(placeZones(CIDR, [az4, az1], existing)),
    );
  });

  it("gives a replacing zone a block no subnet of the VPC uses (the removed zone's are retained)", () => {
    const placed = placeZones(CIDR, [az1, az4], deployed([az1, az2]));
    expect(summary(placed)).toEqual([
      `use1-az1:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az4:${PRIVATE[2]}:${PUBLIC[2]}`,
    ]);
  });

  it("does not hand a re-added zone the block its retained subnet still holds", () => {
    // az2 was replaced by az4 (slot 2) and its subnets were retained and stamped; now az2 comes back.
    const existing: ExistingSubnet[] = [
      ...deployed([az1, az2]).map((s) => (s.availabilityZoneId === "use1-az2" ? { ...s, stamped: true } : s)),
      {
        vpcId: "vpc-1",
        cidrBlock: PRIVATE[2] as string,
        availabilityZoneId: "use1-az4",
        tier: "private",
        index: 1,
        stamped: false,
      },
    ];
    const placed = placeZones(CIDR, [az1, az4, az2], existing);
    expect(summary(placed)).toEqual([
      `use1-az1:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az4:${PRIVATE[2]}:${PUBLIC[2]}`,
      `use1-az2:${PRIVATE[3]}:${PUBLIC[3]}`,
    ]);
  });

  it("moves a zone to a new block when the zone count shrinks past its index", () => {
    const placed = placeZones(CIDR, [az1, az4], deployed([az1, az2, az4]));
    expect(summary(placed)).toEqual([
      `use1-az1:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az4:${PRIVATE[3]}:${PUBLIC[3]}`,
    ]);
  });

  it("ignores what a destroyed stack left in its old VPC", () => {
    const placed = placeZones(CIDR, [az2, az1], deployed([az1, az2], { vpcId: "vpc-old", stamped: true }));
    expect(summary(placed)).toEqual([
      `use1-az2:${PRIVATE[0]}:${PUBLIC[0]}`,
      `use1-az1:${PRIVATE[1]}:${PUBLIC[1]}`,
    ]);
  });

  it("fails naming the leftovers and the fix when every slot pair is taken", () => {
    const existing = deployed([az1, az2, az4, az5]).map((s) =>
      s.availabilityZoneId === "use1-az1" ? s : { ...s, stamped: true },
    );
    const place = () => placeZones(CIDR, [az1, zone(6)], existing);
    expect(place).toThrow(ZoneSlotsExhaustedError);
    expect(place).toThrow(
      /use1-az6 needs a subnet block.*retained subnets of removed zones: 10\.0\.32\.0\/19 \(use1-az2\).*npm run sweep/,
    );
  });
});
