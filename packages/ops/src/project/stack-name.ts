/**
 * Stack names as the commands take them: `dev`, or qualified `org/dev`, `org/project/dev`.
 */

/** Pulumi stack names: letters, digits, `-`, `_`, `.`; optionally qualified as `org/stack` or `org/project/stack`. */
const STACK_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

export function isStackName(name: string): boolean {
  return STACK_NAME.test(name);
}

/** The last segment of a possibly qualified stack name: `acme/dev` → `dev` (names Pulumi.<name>.yaml). */
export function shortStackName(stack: string): string {
  const parts = stack.split("/");
  return parts[parts.length - 1] as string;
}
