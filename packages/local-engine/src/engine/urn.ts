/**
 * URNs, type tokens and provider references, spelled as the Pulumi engine spells them.
 */

/** Type of the root resource every program registers first. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Prefix of provider resource types (`pulumi:providers:<package>`). */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** Package whose resources the Node.js dynamic provider host serves. */
export const DYNAMIC_PACKAGE = "pulumi-nodejs";

/**
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. The qualified type chains the parent's types with
 * `$`; the root stack is left out of its children's chain, as the engine does.
 * @param parentUrn the parent's URN, or undefined for the stack itself
 */
export function makeUrn(
  stack: string,
  project: string,
  type: string,
  name: string,
  parentUrn: string | undefined,
): string {
  const parentType = parentUrn ? qualifiedTypeOf(parentUrn) : undefined;
  const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function urnParts(urn: string): string[] {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]?.startsWith("urn:pulumi:")) throw new Error(`not a URN: ${urn}`);
  return parts;
}

/** The `$`-joined type chain of a URN. */
export function qualifiedTypeOf(urn: string): string {
  return urnParts(urn)[2] as string;
}

/** The resource's own type: the last link of the qualified type. */
export function typeOf(urn: string): string {
  return qualifiedTypeOf(urn).split("$").pop() as string;
}

/** The resource's logical name (which may itself contain `::`). */
export function nameOf(urn: string): string {
  return urnParts(urn).slice(3).join("::");
}

/** The package a type token belongs to: `aws` for `aws:s3/bucket:Bucket`, `aws` for `pulumi:providers:aws`. */
export function packageOf(type: string): string {
  if (type.startsWith(PROVIDER_TYPE_PREFIX)) return type.slice(PROVIDER_TYPE_PREFIX.length);
  return type.split(":")[0] ?? type;
}

export function isProviderType(type: string): boolean {
  return type.startsWith(PROVIDER_TYPE_PREFIX);
}

/** Whether the type is served by the Node.js dynamic provider host (`pulumi-nodejs:dynamic[/module]:<type>`). */
export function isDynamicType(type: string): boolean {
  return type.startsWith(`${DYNAMIC_PACKAGE}:dynamic`);
}

/**
 * Name of the default provider the engine registers for a package: `default`, or `default_<major>_<minor>_<patch>`
 * with pre-release and build parts appended by `_` when the program asked for a version.
 */
export function defaultProviderName(version: string | undefined): string {
  if (!version) return "default";
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) throw new Error(`provider version "${version}" is not a semantic version`);
  const [, major, minor, patch, pre, build] = match;
  const extras = [...(pre ? pre.split(".") : []), ...(build ? build.split(".") : [])];
  return ["default", major, minor, patch, ...extras].join("_");
}

/** A provider reference as resources carry it: `<provider urn>::<provider id>`. */
export function providerReference(urn: string, id: string): string {
  return `${urn}::${id}`;
}

/** Splits a provider reference into URN and id. */
export function parseProviderReference(reference: string): { urn: string; id: string } {
  const at = reference.lastIndexOf("::");
  if (at < 0) throw new Error(`not a provider reference: ${reference}`);
  return { urn: reference.slice(0, at), id: reference.slice(at + 2) };
}
