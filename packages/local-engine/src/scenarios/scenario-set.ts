/**
 * Runs scenarios in order on one program and stack, with a fresh engine, state folder and fakes, and
 * reports a line per scenario.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalEngine } from "../local-engine";
import { SCENARIO_NAMES, failureLine, runScenario, summaryLine } from "./scenarios";
import type { ScenarioName, ScenarioOutcome, ScenarioProgram } from "./scenarios";

export interface ScenarioSetOptions {
  /** Stack name in the program's project. */
  readonly stack: string;
  readonly program: ScenarioProgram;
  /** Run the scenarios up to and including this one, reporting only it. @default all, each reported */
  readonly only?: ScenarioName;
  /** Receives program, provider and engine output. @default none */
  readonly onOutput?: (line: string) => void;
  /** Receives each summary or failure line as soon as it is known. @default none */
  readonly onLine?: (line: string) => void;
}

export interface ScenarioSetResult {
  readonly ok: boolean;
  /** One line per reported scenario (the last one a failure line when a scenario failed). */
  readonly lines: string[];
  readonly outcomes: ScenarioOutcome[];
  readonly durationMs: number;
}

/** The scenarios to run for `only`: it and everything it builds on. */
export function scenariosUpTo(only: ScenarioName | undefined): ScenarioName[] {
  if (!only) return [...SCENARIO_NAMES];
  return SCENARIO_NAMES.slice(0, SCENARIO_NAMES.indexOf(only) + 1);
}

/** A scenario set over an engine the caller drives one scenario at a time (tests use one `it` each). */
export class ScenarioSession {
  private constructor(
    readonly engine: LocalEngine,
    readonly program: ScenarioProgram,
    readonly stack: string,
    private readonly stateDir: string,
  ) {}

  /**
   * @param options.tsNodeCacheDir compile cache shared with other sessions @default one of its own
   * @param options.onOutput receives program, provider and engine output
   */
  static async start(
    stack: string,
    program: ScenarioProgram,
    options: { tsNodeCacheDir?: string; onOutput?: (line: string) => void } = {},
  ): Promise<ScenarioSession> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-state-"));
    const engine = await LocalEngine.start({ projectDir: program.projectDir, stack, stateDir, ...options });
    return new ScenarioSession(engine, program, stack, stateDir);
  }

  run(name: ScenarioName): Promise<ScenarioOutcome> {
    return runScenario(name, this.engine, this.program);
  }

  /** Stops the engine's fakes and deletes the state. */
  async close(): Promise<void> {
    await this.engine.close();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/**
 * Runs the scenarios in order. A failed scenario does not stop the later ones: they run on whatever state it
 * left and report their own result, as the tests do.
 */
export async function runScenarioSet(options: ScenarioSetOptions): Promise<ScenarioSetResult> {
  const started = Date.now();
  const lines: string[] = [];
  const outcomes: ScenarioOutcome[] = [];
  const session = await ScenarioSession.start(options.stack, options.program, { onOutput: options.onOutput });
  let ok = true;
  try {
    for (const name of scenariosUpTo(options.only)) {
      const reported = !options.only || name === options.only;
      let line: string;
      try {
        const outcome = await session.run(name);
        outcomes.push(outcome);
        line = summaryLine(options.stack, outcome);
      } catch (error) {
        ok = false;
        line = failureLine(options.stack, name, error);
      }
      if (reported || line.includes(": FAILED:")) {
        lines.push(line);
        options.onLine?.(line);
      }
    }
  } finally {
    await session.close();
  }
  return { ok, lines, outcomes, durationMs: Date.now() - started };
}
