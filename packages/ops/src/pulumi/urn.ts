/**
 * Reading resource URNs (`urn:pulumi:<stack>::<project>::<type chain>::<name>`) for messages.
 */

export interface ParsedUrn {
  /** The resource's own type token, e.g. `aws:ec2/subnet:Subnet`. */
  type: string;
  name: string;
}

/** `urn:pulumi:dev::proj::parent$aws:ec2/subnet:Subnet::net-private-0` → type and name. */
export function parseUrn(urn: string): ParsedUrn {
  const parts = urn.split("::");
  if (parts.length < 4) return { type: "", name: urn };
  const typeChain = parts[2] as string;
  const name = parts.slice(3).join("::");
  const types = typeChain.split("$");
  return { type: types[types.length - 1] as string, name };
}

export function describeUrn(urn: string): string {
  const { type, name } = parseUrn(urn);
  return type ? `${type} "${name}"` : name;
}

export function isStackUrn(urn: string | undefined): boolean {
  return urn === undefined || parseUrn(urn).type === "pulumi:pulumi:Stack";
}
