/**
 * Each policy fires on a graph broken in its invariant only, against the resource to fix, with a message
 * that names the resource and the fix; and no other policy fires on that graph.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { POLICIES } from "./policies";
import { runPolicy, type Violation } from "./testing/args";
import { brokenGraphs, type BrokenGraph } from "./testing/broken-graphs";
import { recordStackGraph } from "./testing/stacks";

describe("one broken invariant at a time (dev stack, update mode)", () => {
  let cases: BrokenGraph[];
  beforeAll(async () => {
    cases = brokenGraphs(await recordStackGraph("dev", false));
  });

  it("covers every policy of the pack once", () => {
    expect(cases.map((c) => c.policy).sort()).toEqual(POLICIES.map((p) => p.name).sort());
  });

  it.each(POLICIES.map((p) => p.name))("%s fires, and only it", async (name) => {
    const broken = cases.find((c) => c.policy === name) as BrokenGraph;
    const violations: Violation[] = [];
    for (const policy of POLICIES) violations.push(...(await runPolicy(policy, broken.graph)));
    expect(violations.map((v) => v.policy)).toEqual([name]);
    const [violation] = violations as [Violation];
    const { type, name: resourceName, urn } = broken.culprit;
    expect(violation.urn).toBe(urn);
    expect(violation.message).toContain(`${type} "${resourceName}" (${urn}): `);
    expect(violation.message).toMatch(/\. Fix: .{20,}\.$/);
  });
});
