/**
 * The scenarios as vitest tests: one `it` per scenario, in order, on one engine and program. Later
 * scenarios run on whatever state the earlier ones left, so each failure is reported on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScenarioSession } from "./scenario-set";
import type { ScenarioName, ScenarioProgram } from "./scenarios";
import { summaryLine } from "./scenarios";
import { countSteps } from "../engine/run-result";

/** Long enough for a cold type-check and an up of the whole platform on a busy two-core machine. */
export const SCENARIO_TIMEOUT_MS = 600_000;

const TITLES: Record<ScenarioName, string> = {
  up: "up: preview, then up from empty state creates every resource and sets the stack outputs",
  unchanged: "unchanged: a second up with unchanged sources changes nothing and mints no runtime version",
  "agent-change":
    "agent-change: one agent source file changed updates exactly the agent image and the runtime",
  "provider-upgrade":
    "provider-upgrade: the component upgraded alone replaces the stored __provider without AgentCore writes",
  destroy: "destroy: everything is deleted in dependency order, except what is retained on delete",
};

/** What each scenario's counts must be, beyond the scenario's own checks. */
function expectCounts(name: ScenarioName, counts: ReturnType<typeof countSteps>, resources: number): void {
  if (name === "up")
    expect(counts).toMatchObject({ created: resources, updated: 0, replaced: 0, deleted: 0 });
  if (name === "unchanged") expect(counts).toMatchObject({ created: 0, updated: 0, replaced: 0, deleted: 0 });
  if (name === "agent-change")
    expect(counts).toMatchObject({ created: 0, updated: 2, replaced: 0, deleted: 0 });
  if (name === "provider-upgrade") expect(counts).toMatchObject({ created: 0, replaced: 0, deleted: 0 });
  if (name === "destroy") expect(resources).toBe(0);
}

export interface ScenarioSuiteOptions {
  /** Name in test titles and summary lines. @default the stack */
  readonly label?: string;
  /** Compile cache shared with other suites. @default one per suite */
  readonly tsNodeCacheDir?: string;
}

/**
 * Declares the scenario tests for a stack of a program.
 * @param makeProgram builds the program (in beforeAll); its remove() runs after the last scenario
 */
export function scenarioSuite(
  stack: string,
  makeProgram: () => Promise<ScenarioProgram & { remove(): void }>,
  options: ScenarioSuiteOptions = {},
): void {
  const label = options.label ?? stack;
  const tsNodeCacheDir = options.tsNodeCacheDir;
  describe(`scenarios for ${label}`, () => {
    let program: (ScenarioProgram & { remove(): void }) | undefined;
    let session: ScenarioSession | undefined;

    beforeAll(async () => {
      program = await makeProgram();
      session = await ScenarioSession.start(stack, program, { tsNodeCacheDir });
    }, SCENARIO_TIMEOUT_MS);

    // Removing an installed program (its node_modules) takes a while on a busy machine.
    afterAll(async () => {
      await session?.close();
      program?.remove();
    }, SCENARIO_TIMEOUT_MS);

    for (const name of Object.keys(TITLES) as ScenarioName[]) {
      it(
        TITLES[name],
        async () => {
          if (!session) throw new Error("the scenario session did not start");
          const outcome = await session.run(name);
          expectCounts(name, countSteps(outcome.result.steps), outcome.resources);
          console.log(summaryLine(label, outcome));
        },
        SCENARIO_TIMEOUT_MS,
      );
    }
  });
}
