/** Assertions on what a policy reported for a broken graph. */
import { expect } from "vitest";
import type { GraphResource } from "./graph";
import type { Violation } from "./args";

/**
 * Asserts the policy fired, only about `resource`, and that every message names the resource (type, name
 * and URN), says what is wrong (`problem`) and gives the fix (`fix`).
 * @returns the messages, for further checks
 */
export function expectViolations(
  violations: readonly Violation[],
  resource: Pick<GraphResource, "type" | "name" | "urn">,
  expected: { readonly problem: string | RegExp; readonly fix: string | RegExp },
): string[] {
  expect(violations.length, "the policy reported nothing").toBeGreaterThan(0);
  const messages = violations.map((v) => v.message);
  for (const violation of violations) {
    expect(violation.urn).toBe(resource.urn);
    expect(violation.message.startsWith(`${resource.type} "${resource.name}" (${resource.urn}): `)).toBe(
      true,
    );
    expect(violation.message).toMatch(/\. Fix: .+\.$/s);
  }
  const [problem, fix] = messages
    .map((m) => m.split(". Fix: "))
    .reduce(([problems, fixes], [p = "", f = ""]) => [`${problems}\n${p}`, `${fixes}\n${f}`], ["", ""]);
  expect(problem).toMatch(expected.problem);
  expect(fix).toMatch(expected.fix);
  return messages;
}
