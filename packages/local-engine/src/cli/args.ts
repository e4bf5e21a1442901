/**
 * Command line of `npm run local-engine -- <stack> [--scenario <name>] [--verbose]`.
 */
import { parseArgs } from "node:util";
import { SCENARIO_NAMES } from "../scenarios/names";
import type { ScenarioName } from "../scenarios/names";

/** The stack name that selects the temporary program installed from the packed tarballs. */
export const PACKED_PROGRAM_STACK = "packed";

export const USAGE = `usage: npm run local-engine -- <stack> [--scenario <name>] [--verbose]

  <stack>          a stack of this repository's project (dev, prod), or "${PACKED_PROGRAM_STACK}" for a program
                   outside the repository that installed the packed component
  --scenario name  run the scenarios up to this one and report it: ${SCENARIO_NAMES.join(", ")}
  --verbose        print the program's, the providers' and the engine's output`;

export interface CliArgs {
  readonly stack: string;
  readonly scenario: ScenarioName | undefined;
  readonly verbose: boolean;
}

/** Parses the arguments; throws with the usage when they are wrong. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { scenario: { type: "string" }, verbose: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  const [stack, ...rest] = parsed.positionals;
  if (!stack || rest.length > 0) throw new Error(`expected one stack name\n\n${USAGE}`);
  const scenario = parsed.values.scenario;
  if (scenario !== undefined && !(SCENARIO_NAMES as readonly string[]).includes(scenario)) {
    throw new Error(`unknown scenario "${scenario}"\n\n${USAGE}`);
  }
  return { stack, scenario: scenario as ScenarioName | undefined, verbose: parsed.values.verbose ?? false };
}
