/** Checks of the `network` argument (plain values: they shape the graph, so they are known when the program runs). */
import type { NatGatewayMode, PlatformNetworkArgs } from "../args";
import type { ArgumentProblem } from "../errors";
import { MAX_AVAILABILITY_ZONES, MIN_AVAILABILITY_ZONES } from "./az";
import { validateVpcCidr } from "./cidr";

const NAT_MODES: readonly NatGatewayMode[] = ["none", "single", "perAz"];
const AZ_ID = /^[a-z]+[0-9]+-az[0-9]+$/;
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;

function azIdProblem(id: string): string | undefined {
  if (AZ_NAME.test(id)) {
    return `"${id}" is an AZ name; give AZ IDs (such as use1-az1): names map to different zones in every account.`;
  }
  return AZ_ID.test(id) ? undefined : `"${id}" is not an AZ ID such as use1-az1.`;
}

/** Every problem with the `network` argument, each with its property path and the fix. */
export function networkProblems(network: PlatformNetworkArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const add = (propertyPath: string, reason: string | undefined) => {
    if (reason) problems.push({ propertyPath: `network.${propertyPath}`, reason });
  };
  if (network.cidrBlock !== undefined) add("cidrBlock", validateVpcCidr(network.cidrBlock));

  const ids = network.availabilityZoneIds;
  const count = network.availabilityZoneCount;
  if (ids !== undefined) {
    for (const id of ids) add("availabilityZoneIds", azIdProblem(id));
    if (new Set(ids).size !== ids.length) add("availabilityZoneIds", "lists an AZ ID twice.");
    if (ids.length > MAX_AVAILABILITY_ZONES) {
      add("availabilityZoneIds", `${ids.length} given; at most ${MAX_AVAILABILITY_ZONES}.`);
    }
    if (count !== undefined && count !== ids.length) {
      add(
        "availabilityZoneCount",
        `is ${count} but ${ids.length} availabilityZoneIds are given; set one of them.`,
      );
    }
  }
  if (
    count !== undefined &&
    (!Number.isInteger(count) || count < MIN_AVAILABILITY_ZONES || count > MAX_AVAILABILITY_ZONES)
  ) {
    add(
      "availabilityZoneCount",
      `must be a whole number from ${MIN_AVAILABILITY_ZONES} (the internal ALB needs two AZs) to ${MAX_AVAILABILITY_ZONES}, got ${count}.`,
    );
  }
  if (network.natGateways !== undefined && !NAT_MODES.includes(network.natGateways)) {
    add("natGateways", `must be one of ${NAT_MODES.join(", ")}, got "${String(network.natGateways)}".`);
  }
  for (const id of network.supportedAvailabilityZoneIds ?? []) {
    if (!AZ_ID.test(id)) add("supportedAvailabilityZoneIds", `"${id}" is not an AZ ID such as use1-az1.`);
  }
  return problems;
}
