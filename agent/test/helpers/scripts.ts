import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Script, ScriptTurn } from "../../src/workflow/scripted-model.js";

type Turn = Partial<ScriptTurn> & { toolUses?: ScriptTurn["toolUses"] };

/**
 * A small complete workflow for the fake executor (which runs no code): the records are written with
 * write_file, so the verification gate has real files to compare. The planner plans one analysis step and
 * one check. `coderPauseMs` makes the Coder's second model call slow (the artificial model pause for heartbeat
 * tests), `pauseAfterRecordMs` its third (after calculations.json is written); `coderCode` is executed first.
 */
export function fakeWorkflowScript(
  opts: {
    coderPauseMs?: number;
    pauseAfterRecordMs?: number;
    coderCode?: string;
    validatorValue?: number;
  } = {},
): Script {
  const plan = {
    route: "full",
    reason: "A total the user will rely on: compute it, then re-compute it independently.",
    steps: [
      { kind: "analysis", title: "Sum column a" },
      { kind: "check", title: "Re-compute the total" },
    ],
  };
  const calculations = {
    calculations: [{ id: "total", description: "sum of a", code: "df.a.sum()", value: 6 }],
  };
  const validation = {
    checks: [
      {
        id: "total",
        value: opts.validatorValue ?? 6,
        code: "sum(df.a)",
        citation: "data/input.csv, column a",
      },
    ],
  };
  const turn = (t: Turn): ScriptTurn => ({ toolUses: [], ...t });
  return {
    version: 1,
    description: "fake-executor workflow",
    agents: {
      planner: [
        turn({ toolUses: [{ name: "submit_plan", input: plan }] }),
        turn({ text: "Planned: one analysis step, one check." }),
      ],
      coder: [
        turn({
          text: "Loading the data.",
          toolUses: [{ name: "run_python", input: { code: opts.coderCode ?? "print(6)" } }],
        }),
        turn({
          ...(opts.coderPauseMs ? { delayMs: opts.coderPauseMs } : {}),
          toolUses: [
            {
              name: "write_file",
              input: { path: "artifacts/calculations.json", content: JSON.stringify(calculations) },
            },
          ],
        }),
        turn({
          ...(opts.pauseAfterRecordMs ? { delayMs: opts.pauseAfterRecordMs } : {}),
          text: "The total is 6 [total].",
        }),
        // Used only when the Validator sends findings back.
        turn({ text: "Rechecked: the total is 6 [total]." }),
      ],
      validator: [
        turn({
          toolUses: [
            {
              name: "write_file",
              input: { path: "artifacts/validation.json", content: JSON.stringify(validation) },
            },
          ],
        }),
        turn({ text: "Recomputed total." }),
        turn({ text: "Recomputed again." }),
      ],
      reporter: [
        turn({
          toolUses: [
            {
              name: "write_file",
              input: { path: "artifacts/report.md", content: "# Report\n\nTotal: 6 [total]\n" },
            },
          ],
        }),
        turn({ text: "Report written: artifacts/report.md." }),
      ],
    },
  };
}

export function writeScript(script: Script): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "agent-script-"));
  const file = path.join(dir, "script.json");
  writeFileSync(file, JSON.stringify(script, null, 2));
  return file;
}
