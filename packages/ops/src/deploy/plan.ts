/**
 * What a deploy run does, decided before anything runs: preview is the default; a change runs straight away
 * with --yes, is previewed and confirmed on a terminal, and is refused anywhere else.
 */
import type { DeployAction, DeployArgs } from "./args";
import { OperatorError } from "../errors";

export type OperationKind = "preview" | "up" | "refresh" | "refresh-preview" | "destroy" | "destroy-preview";
export type Step = { kind: OperationKind } | { kind: "confirm"; question: string };

export interface RunPlan {
  action: DeployAction;
  steps: Step[];
  /** Printed before anything runs (e.g. why a preview was chosen). */
  notice: string | undefined;
}

const MUTATING: Record<Exclude<DeployAction, "preview">, { preview: OperationKind; verb: string }> = {
  up: { preview: "preview", verb: "update" },
  refresh: { preview: "refresh-preview", verb: "refresh" },
  destroy: { preview: "destroy-preview", verb: "destroy" },
};

/**
 * Preview is the default. A change runs straight away with --yes; on a terminal it is previewed and
 * confirmed first; anywhere else (CI, pipes) it is refused.
 */
export function planRun(args: DeployArgs, session: { interactive: boolean; ci: boolean }): RunPlan {
  const action = args.action ?? "preview";
  const notice =
    args.action === undefined
      ? `No action given: previewing only (apply with: npm run deploy -- ${args.stack} --up).`
      : undefined;
  if (action === "preview") return { action, steps: [{ kind: "preview" }], notice };
  const m = MUTATING[action];
  if (args.yes) return { action, steps: [{ kind: action }], notice };
  if (session.interactive && !session.ci) {
    return {
      action,
      steps: [
        { kind: m.preview },
        { kind: "confirm", question: `Do you want to ${m.verb} stack ${args.stack}? [y/N] ` },
        { kind: action },
      ],
      notice,
    };
  }
  const where = session.ci ? "in CI" : "without a terminal";
  throw new OperatorError(
    `refusing to ${m.verb} stack ${args.stack} ${where} without --yes: run \`npm run deploy -- ${args.stack} --${action} --yes\` once the preview looks right`,
  );
}

export const OPERATION_LABEL: Record<OperationKind, string> = {
  preview: "preview",
  up: "update",
  refresh: "refresh",
  "refresh-preview": "refresh preview",
  destroy: "destroy",
  "destroy-preview": "destroy preview",
};

/** The operations that evaluate the program: they run the policy pack and may refresh first. */
export function evaluatesProgram(kind: OperationKind): kind is "preview" | "up" {
  return kind === "preview" || kind === "up";
}
