/**
 * Pure helpers that explain why something cannot be deleted yet and what to do about it, and that
 * classify EC2 errors (DependencyViolation means "still blocked", *.NotFound means "already gone").
 */
import type { NetworkInterface } from "@aws-sdk/client-ec2";
import { AGENTCORE_ENI_TAG, AGENTCORE_INTERFACE_TYPE, ENI_RELEASE_HOURS } from "../aws/agentcore";
import type { BlockingEni } from "./types";

/** The AgentCore-specific fact behind every "try again later". */
export const AGENTCORE_ENI_NOTE = `AWS releases AgentCore ENIs up to ${ENI_RELEASE_HOURS} hours after the runtime is deleted`;

export function toBlockingEni(eni: NetworkInterface): BlockingEni {
  const agentCoreTag = eni.TagSet?.some((t) => t.Key === AGENTCORE_ENI_TAG && t.Value === "true");
  return {
    id: eni.NetworkInterfaceId ?? "(unknown ENI)",
    // Older API responses may omit the type; the AgentCore tag still identifies the runtime's ENIs.
    interfaceType: eni.InterfaceType ?? (agentCoreTag ? AGENTCORE_INTERFACE_TYPE : "interface"),
    status: eni.Status,
  };
}

/** "2 network interfaces" / "1 network interface". */
export function countEnis(n: number): string {
  return `${n} network interface${n === 1 ? "" : "s"}`;
}

/**
 * What to do about resources held by ENIs.
 * @param enis the ENIs in the way
 * @param sweepAfter the resource's sweep-after tag, if the SweepMarker stamped one
 * @param now the time of the sweep
 */
export function eniHint(enis: readonly BlockingEni[], sweepAfter: string | undefined, now: Date): string {
  if (enis.some((e) => e.interfaceType === AGENTCORE_INTERFACE_TYPE)) {
    const at = sweepAfter === undefined ? Number.NaN : Date.parse(sweepAfter);
    if (Number.isNaN(at)) return `${AGENTCORE_ENI_NOTE}; try again later`;
    if (at > now.getTime()) return `${AGENTCORE_ENI_NOTE}; try again after ${sweepAfter}`;
    return (
      `${AGENTCORE_ENI_NOTE}, and the sweep-after time ${sweepAfter} has passed: check that no AgentCore ` +
      "runtime still uses this network, then try again"
    );
  }
  const types = [...new Set(enis.map((e) => e.interfaceType))].join(", ");
  return (
    `these interfaces (${types}) belong to other resources in the VPC: delete those, or wait until ` +
    "their deletion has finished, then try again"
  );
}

/** The EC2 error code of an SDK v3 error (`name`, or `Code` on some parsed errors). */
export function ec2ErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown };
  for (const candidate of [e.Code, e.name]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== "Error") return candidate;
  }
  return undefined;
}

/** An EC2 error as "Code: message", without repeating the code or a trailing period. */
export function ec2ErrorText(error: unknown): string {
  const code = ec2ErrorCode(error);
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Something still uses the resource: retry later. */
export function isDependencyViolation(error: unknown): boolean {
  const code = ec2ErrorCode(error);
  return code === "DependencyViolation" || code === "InvalidGroup.InUse";
}

/** InvalidSubnetID.NotFound, InvalidGroup.NotFound, InvalidVpcID.NotFound, InvalidRouteTableID.NotFound… */
export function isNotFound(error: unknown): boolean {
  return /\.NotFound$/.test(ec2ErrorCode(error) ?? "");
}
