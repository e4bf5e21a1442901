/**
 * Which subnet slot each zone gets. The VPC block is cut into MAX_AVAILABILITY_ZONES pairs of slots (a private
 * and a public subnet each). A new stack gives zone i pair i. An existing stack keeps every zone where it is,
 * and a zone it did not have before gets a pair no subnet of this VPC holds: subnets of a removed zone are
 * retained in AWS (the runtime's ENIs may still sit in them), so reusing their block would fail to create.
 */
import type { AvailabilityZone } from "./az";
import { MAX_AVAILABILITY_ZONES } from "./az";
import { planSubnets } from "./cidr";

/** A subnet of this component found in the account (by its tags), as `aws.ec2.getSubnet` describes it. */
export interface ExistingSubnet {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZoneId: string;
  /** From the subnet's tier tag. */
  readonly tier: "private" | "public" | undefined;
  /** The zone index in its `Name` tag (`<component>-private-<i>`). */
  readonly index: number | undefined;
  /** Stamped with the sweep-after tag: left over from a removed zone or a destroyed stack. */
  readonly stamped: boolean;
}

/** One zone of the platform: where its subnets go. */
export interface ZonePlacement {
  readonly zone: AvailabilityZone;
  /** Slot pair index, 0 to MAX_AVAILABILITY_ZONES - 1. */
  readonly slot: number;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

/** Thrown when every slot pair is taken; the message names the leftovers and the fix. */
export class ZoneSlotsExhaustedError extends Error {
  override name = "ZoneSlotsExhaustedError";
}

/**
 * Places the zones: index i of the result is the platform's zone i (its subnets are `<name>-private-<i>`).
 * A zone that already has a live private subnet keeps its index and slot; a zone moved to another index, or
 * new, takes the lowest free slot pair. Subnets only count when they share a VPC with a live one, so what a
 * destroyed stack left behind in its old VPC does not take slots from a new one.
 * @param zones the zones, in the order they were selected
 * @param existing this component's subnets in the account (none for a new stack)
 * @throws ZoneSlotsExhaustedError when a new zone finds no free slot pair
 */
export function placeZones(
  vpcCidr: string,
  zones: readonly AvailabilityZone[],
  existing: readonly ExistingSubnet[],
): ZonePlacement[] {
  const slots = planSubnets(vpcCidr, MAX_AVAILABILITY_ZONES);
  const slotOf = (cidr: string) => {
    const k = slots.private.indexOf(cidr);
    return k >= 0 ? k : slots.public.indexOf(cidr);
  };
  const liveVpcs = new Set(existing.filter((s) => !s.stamped).map((s) => s.vpcId));
  const current = existing.filter((s) => liveVpcs.has(s.vpcId) && slotOf(s.cidrBlock) >= 0);
  const occupied = new Set(current.map((s) => slotOf(s.cidrBlock)));
  const live = new Map<string, { index: number; slot: number }>();
  for (const s of current) {
    if (!s.stamped && s.tier === "private" && s.index !== undefined && s.index < zones.length) {
      live.set(s.availabilityZoneId, { index: s.index, slot: slotOf(s.cidrBlock) });
    }
  }

  // Zones that have a subnet keep their index; the others fill the free indexes in selection order.
  const byIndex: (AvailabilityZone | undefined)[] = Array.from({ length: zones.length });
  const unplaced: AvailabilityZone[] = [];
  for (const zone of zones) {
    const at = live.get(zone.id)?.index;
    if (at !== undefined && byIndex[at] === undefined) byIndex[at] = zone;
    else unplaced.push(zone);
  }
  const ordered = byIndex.map((zone) => zone ?? (unplaced.shift() as AvailabilityZone));

  const taken = new Set<number>();
  return ordered.map((zone, index) => {
    const kept = live.get(zone.id);
    let slot = kept?.index === index ? kept.slot : -1;
    if (slot < 0) {
      slot = [...Array(MAX_AVAILABILITY_ZONES).keys()].find((k) => !occupied.has(k) && !taken.has(k)) ?? -1;
    }
    if (slot < 0) {
      const leftovers = current
        .filter((s) => s.stamped)
        .map((s) => `${s.cidrBlock} (${s.availabilityZoneId})`);
      throw new ZoneSlotsExhaustedError(
        `zone ${zone.id} needs a subnet block, but all ${MAX_AVAILABILITY_ZONES} of the VPC's are taken` +
          (leftovers.length > 0
            ? `, ${leftovers.length} by retained subnets of removed zones: ${leftovers.join(", ")}`
            : "") +
          ". Delete retained subnets once AWS has released them (npm run sweep), or keep the previous zones.",
      );
    }
    taken.add(slot);
    return {
      zone,
      slot,
      privateCidr: slots.private[slot] as string,
      publicCidr: slots.public[slot] as string,
    };
  });
}
