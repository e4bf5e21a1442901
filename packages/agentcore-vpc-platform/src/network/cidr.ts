import * as ipaddr from "ipaddr.js";
import { MAX_AVAILABILITY_ZONES } from "./az";

/** AWS accepts VPC IPv4 blocks from /16 to /28. */
export const VPC_PREFIX_RANGE = { min: 16, max: 28 } as const;
/** An ALB subnet needs at least a /27 (AWS: "at least a /27 bitmask and at least 8 free IP addresses"). */
export const MAX_SUBNET_PREFIX = 27;
/**
 * Slots a VPC block is cut into: a private and a public subnet for each of up to MAX_AVAILABILITY_ZONES.
 * The layout never depends on the AZ count or NAT mode, so changing either never replaces a subnet.
 */
const SUBNET_SLOTS = 2 * MAX_AVAILABILITY_ZONES;
const SLOT_BITS = Math.log2(SUBNET_SLOTS);

export interface SubnetPlan {
  /** One private subnet per AZ, in AZ order. */
  readonly private: string[];
  /** One public subnet per AZ, in AZ order (created only when NAT is on). */
  readonly public: string[];
  /** Prefix length shared by every subnet. */
  readonly subnetPrefix: number;
}

/**
 * Checks a VPC IPv4 CIDR: syntax, host bits, AWS's /16–/28 range, and room for the subnet layout.
 * @returns a problem description with the fix, or undefined when the block is usable.
 */
export function validateVpcCidr(cidr: string): string | undefined {
  // ipaddr.js parses; the arithmetic below is a few shifts, not worth another dependency.
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    return `"${cidr}" is not an IPv4 CIDR block such as 10.0.0.0/16.`;
  }
  const [address, prefix] = parsed;
  if (address.kind() !== "ipv4" || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) {
    return `"${cidr}" is not an IPv4 CIDR block such as 10.0.0.0/16.`;
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  if (network !== address.toString()) {
    return `"${cidr}" has host bits set; the block starts at ${network}/${prefix}.`;
  }
  if (prefix < VPC_PREFIX_RANGE.min || prefix > VPC_PREFIX_RANGE.max) {
    return `"${cidr}": AWS accepts VPC blocks from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}.`;
  }
  const subnetPrefix = prefix + SLOT_BITS;
  if (subnetPrefix > MAX_SUBNET_PREFIX) {
    return (
      `"${cidr}" is too small: it is cut into ${SUBNET_SLOTS} equal subnets (private and public for up to ` +
      `${MAX_AVAILABILITY_ZONES} AZs), which would be /${subnetPrefix}, but the internal ALB needs /${MAX_SUBNET_PREFIX} ` +
      `or larger. Use a /${MAX_SUBNET_PREFIX - SLOT_BITS} or larger block (default 10.0.0.0/16).`
    );
  }
  return undefined;
}

function toInt(address: string): number {
  return ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((acc, byte) => acc * 256 + byte, 0);
}

function fromInt(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Cuts a validated VPC block into per-AZ private and public subnets.
 * Private subnets take the first MAX_AVAILABILITY_ZONES slots, public ones the rest.
 * @throws Error when the block fails {@link validateVpcCidr} or the AZ count is out of range.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const problem = validateVpcCidr(vpcCidr);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AVAILABILITY_ZONES) {
    throw new Error(`AZ count must be an integer from 1 to ${MAX_AVAILABILITY_ZONES}, got ${azCount}.`);
  }
  const [base, prefix] = vpcCidr.split("/") as [string, string];
  const subnetPrefix = Number(prefix) + SLOT_BITS;
  const slotSize = 2 ** (32 - subnetPrefix);
  const start = toInt(base);
  const slot = (index: number) => `${fromInt(start + index * slotSize)}/${subnetPrefix}`;
  const azIndexes = [...Array(azCount).keys()];
  return {
    private: azIndexes.map((i) => slot(i)),
    public: azIndexes.map((i) => slot(MAX_AVAILABILITY_ZONES + i)),
    subnetPrefix,
  };
}
