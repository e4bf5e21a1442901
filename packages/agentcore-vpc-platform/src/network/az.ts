/**
 * Availability-zone selection for AgentCore VPC mode.
 *
 * AgentCore places runtime ENIs only in listed AZ *IDs*; a subnet in any other AZ ID makes the runtime
 * go CREATE_FAILED minutes into a deploy. AZ *names* map to different IDs in every account, so the
 * check needs the account's own name↔ID map (from `aws.getAvailabilityZones`, which runs at preview).
 */

/**
 * AZ IDs where AgentCore Runtime supports VPC mode, per region.
 *
 * Source: the AgentCore developer guide ("Supported Availability Zones", agentcore-vpc.html) as copied
 * in aws/bedrock-agentcore-starter-toolkit@4f90432; the us-east-1 set is also confirmed by the service's
 * own error text. Regions listed only by unverified third parties are left out on purpose: for those,
 * pass `network.supportedAvailabilityZoneIds`.
 */
export const SUPPORTED_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az1", "use1-az2", "use1-az4"],
  "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3"],
  "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az2", "apne1-az4"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
};

/** The internal ALB needs subnets in at least two AZs. */
export const MIN_AVAILABILITY_ZONES = 2;
/** Subnet plans reserve room for this many AZs, so changing the count never moves existing subnets. */
export const MAX_AVAILABILITY_ZONES = 4;

const AGENTCORE_VPC_DOC = "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html";

/** An availability zone of the deploying account: its name (account-specific) and ID (global). */
export interface AvailabilityZone {
  readonly name: string;
  readonly id: string;
}

export interface AzSelectionRequest {
  readonly region: string;
  /** The account's available AZs in `region`, as `aws.getAvailabilityZones` reports them. */
  readonly accountZones: readonly AvailabilityZone[];
  /** AZ IDs the user asked for; when absent, supported IDs are picked. */
  readonly requestedIds?: readonly string[];
  /** How many AZs to pick when `requestedIds` is absent. */
  readonly count: number;
  /** Replaces the built-in table (for regions AWS adds later). */
  readonly supportedOverride?: readonly string[];
}

/** Thrown when no valid AZ set exists; `path` names the argument to fix. */
export class AzSelectionError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "AzSelectionError";
  }
}

/** Supported AZ IDs for a region (override first), or undefined when the region has no entry. */
export function supportedAzIds(region: string, override?: readonly string[]): readonly string[] | undefined {
  return override && override.length > 0 ? override : SUPPORTED_AZ_IDS[region];
}

function describeAccountMap(zones: readonly AvailabilityZone[]): string {
  return zones.map((z) => `${z.id} = ${z.name}`).join(", ");
}

/**
 * Validates the requested AZ IDs, or picks supported ones, for the given account map.
 *
 * Picks follow the supported list's order, so the choice is stable across runs and accounts.
 * @throws AzSelectionError naming the offending ID, the region and the supported IDs.
 */
export function selectAvailabilityZones(request: AzSelectionRequest): AvailabilityZone[] {
  const { region, accountZones, requestedIds, count, supportedOverride } = request;
  const supported = supportedAzIds(region, supportedOverride);
  if (!supported) {
    throw new AzSelectionError(
      "network.supportedAvailabilityZoneIds",
      `AgentCore VPC mode has no supported-AZ table for region ${region} in this package ` +
        `(regions known: ${Object.keys(SUPPORTED_AZ_IDS).join(", ")}). If AWS now supports ${region}, set ` +
        `network.supportedAvailabilityZoneIds to the AZ IDs listed for it at ${AGENTCORE_VPC_DOC}.`,
    );
  }
  const supportedList = supported.join(", ");
  const byId = new Map(accountZones.map((z) => [z.id, z]));

  if (requestedIds !== undefined) {
    const seen = new Set<string>();
    for (const id of requestedIds) {
      if (seen.has(id)) {
        throw new AzSelectionError("network.availabilityZoneIds", `AZ ID ${id} is listed twice.`);
      }
      seen.add(id);
      if (!supported.includes(id)) {
        throw new AzSelectionError(
          "network.availabilityZoneIds",
          `AZ ID ${id} is not supported by AgentCore VPC mode in ${region}: a runtime with a subnet there ` +
            `fails with CREATE_FAILED. Supported AZ IDs in ${region}: ${supportedList}.`,
        );
      }
      if (!byId.has(id)) {
        throw new AzSelectionError(
          "network.availabilityZoneIds",
          `AZ ID ${id} is not an available zone of this account in ${region} ` +
            `(this account's zones: ${describeAccountMap(accountZones)}). Supported AZ IDs in ${region}: ${supportedList}.`,
        );
      }
    }
    if (requestedIds.length < MIN_AVAILABILITY_ZONES) {
      throw new AzSelectionError(
        "network.availabilityZoneIds",
        `${requestedIds.length} AZ ID given; the internal ALB needs at least ${MIN_AVAILABILITY_ZONES}. ` +
          `Supported AZ IDs in ${region}: ${supportedList}.`,
      );
    }
    return requestedIds.map((id) => byId.get(id) as AvailabilityZone);
  }

  const usable = supported.flatMap((id) => byId.get(id) ?? []);
  if (usable.length < Math.max(count, MIN_AVAILABILITY_ZONES)) {
    const missing = supported.filter((id) => !byId.has(id));
    throw new AzSelectionError(
      "network.availabilityZoneCount",
      `Only ${usable.length} of the AZ IDs AgentCore supports in ${region} (${supportedList}) ` +
        `${usable.length === 1 ? "is" : "are"} available to this account` +
        (missing.length > 0 ? ` (not available: ${missing.join(", ")})` : "") +
        `, but ${Math.max(count, MIN_AVAILABILITY_ZONES)} are needed` +
        (count < MIN_AVAILABILITY_ZONES ? " (the internal ALB needs two)" : "") +
        `. This account's zones: ${describeAccountMap(accountZones)}.`,
    );
  }
  return usable.slice(0, count);
}

/** Pairs the parallel `names`/`zoneIds` arrays that `aws.getAvailabilityZones` returns. */
export function zonesFromLookup(lookup: {
  readonly names: readonly string[];
  readonly zoneIds: readonly string[];
}): AvailabilityZone[] {
  if (lookup.names.length !== lookup.zoneIds.length) {
    throw new Error(
      `aws.getAvailabilityZones returned ${lookup.names.length} names but ${lookup.zoneIds.length} zone IDs.`,
    );
  }
  return lookup.names.map((name, i) => ({ name, id: lookup.zoneIds[i] as string }));
}
