/**
 * The deploy driver: decides what to run, prepares backend/secrets/credentials, runs the Pulumi operations
 * through a PulumiEngine, prints the summary and returns the exit code. Everything outside the process
 * (Pulumi, AWS, terminal, files) comes in through `DriverDeps`, so tests run it against fakes.
 */
import { shortStackName } from "./args";
import type { DeployAction, DeployArgs } from "./args";
import type { AwsIdentityProbe } from "./aws";
import { SECRETS_PROVIDER, isCI, planPassphrase, resolveBackend, stackConfigNames } from "./env";
import type { Env } from "./env";
import { DeployError, classifyFailure } from "./errors";
import { createEventLog } from "./events";
import type { EventLog } from "./events";
import { formatChanges, formatOutputs, renderMarkdown } from "./summary";
import type { DeployStack, OpMap, OperationOptions, OutputMap, PulumiEngine } from "./workspace";

export interface DriverIO {
  /** Write text as is (engine output is streamed through here). */
  out(text: string): void;
  err(text: string): void;
  /** stdin and stdout are terminals: prompts are possible. */
  interactive: boolean;
  confirm(question: string): Promise<boolean>;
  askSecret(question: string): Promise<string>;
}

export interface DriverFiles {
  listDir(dir: string): string[];
  mkdirp(dir: string): void;
  appendFile(file: string, text: string): void;
  writeFile(file: string, text: string): void;
}

export interface DriverDeps {
  engine: PulumiEngine;
  identity: AwsIdentityProbe;
  io: DriverIO;
  files: DriverFiles;
  env: Env;
  repoRoot: string;
}

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
  throw new DeployError(
    `refusing to ${m.verb} stack ${args.stack} ${where} without --yes: run \`npm run deploy -- ${args.stack} --${action} --yes\` once the preview looks right`,
  );
}

const OPERATION_LABEL: Record<OperationKind, string> = {
  preview: "preview",
  up: "update",
  refresh: "refresh",
  "refresh-preview": "refresh preview",
  destroy: "destroy",
  "destroy-preview": "destroy preview",
};

export async function runDeploy(args: DeployArgs, deps: DriverDeps): Promise<number> {
  const { io, env, files } = deps;
  const ci = isCI(env);
  const interactive = io.interactive && !ci;
  const backend = resolveBackend(env, deps.repoRoot);
  const ctx = { stack: args.stack, action: args.action ?? "preview", backendUrl: backend.url };
  let log: EventLog | undefined;
  let lastLabel = OPERATION_LABEL.preview;
  let lastChanges: OpMap | undefined;
  let outputs: OutputMap | undefined;

  const writeSummaries = (failure: string | undefined) => {
    const markdown = renderMarkdown({
      stack: args.stack,
      action: lastLabel,
      succeeded: failure === undefined,
      changes: lastChanges,
      changedResources: log?.changes ?? [],
      outputs,
      failure,
    });
    if (env.GITHUB_STEP_SUMMARY) files.appendFile(env.GITHUB_STEP_SUMMARY, markdown + "\n");
    if (args.summaryFile) files.writeFile(args.summaryFile, markdown);
  };

  try {
    const plan = planRun(args, { interactive, ci });
    ctx.action = plan.action;
    lastLabel = OPERATION_LABEL[plan.action];

    io.out(`deploy: stack ${args.stack}, action ${plan.action}\n`);
    if (plan.notice) io.out(`${plan.notice}\n`);
    const version = await deps.engine.cliVersion();
    io.out(`  pulumi:  CLI ${version}\n`);

    const known = stackConfigNames(files.listDir(deps.repoRoot));
    const short = shortStackName(args.stack);
    if (!known.includes(short)) {
      throw new DeployError(
        `no Pulumi.${short}.yaml in ${deps.repoRoot}: known stacks are ${known.join(", ") || "(none)"}; add the stack's config file first`,
      );
    }

    if (backend.local) {
      if (ci && plan.action !== "preview") {
        throw new DeployError(
          `refusing to ${plan.action} stack ${args.stack} in CI with the repo-local file backend: the state would be lost with the runner; set PULUMI_BACKEND_URL to a durable backend (e.g. s3://<bucket>/<prefix>)`,
        );
      }
      if (backend.dir) files.mkdirp(backend.dir);
      io.out(`  backend: ${backend.url} (local file backend, gitignored)\n`);
      if (ci) io.out("  warning: CI without PULUMI_BACKEND_URL: previewing against an empty local state\n");
    } else {
      io.out(`  backend: ${backend.url} (from PULUMI_BACKEND_URL)\n`);
    }

    const envVars: Record<string, string> = { PULUMI_BACKEND_URL: backend.url };
    const passphrase = planPassphrase(env, interactive);
    if (passphrase.kind === "missing") throw new DeployError(passphrase.message);
    if (passphrase.kind === "prompt") {
      envVars.PULUMI_CONFIG_PASSPHRASE = await io.askSecret(
        `Passphrase for the secrets of stack ${args.stack} (PULUMI_CONFIG_PASSPHRASE): `,
      );
    }
    io.out(
      `  secrets: ${SECRETS_PROVIDER} (${passphrase.kind === "prompt" ? "entered" : "from environment"})\n`,
    );

    const stack = await deps.engine.selectStack({
      stackName: args.stack,
      workDir: deps.repoRoot,
      envVars,
      secretsProvider: SECRETS_PROVIDER,
      create: plan.action === "preview" || plan.action === "up",
    });
    const region = (await stack.getConfig("aws:region")) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const who = await deps.identity.whoAmI(region);
    io.out(`  aws:     account ${who.account} as ${who.arn}${region ? ` (${region})` : ""}\n\n`);

    const color = interactive || env.GITHUB_ACTIONS === "true" ? "always" : "never";
    for (const step of plan.steps) {
      if (step.kind === "confirm") {
        if (!(await io.confirm(step.question))) {
          throw new DeployError(`cancelled at the confirmation prompt: stack ${args.stack} was not changed`);
        }
        continue;
      }
      log = createEventLog();
      lastLabel = OPERATION_LABEL[step.kind];
      lastChanges = undefined;
      const opts: OperationOptions = { onOutput: io.out, onEvent: log.onEvent, diff: args.diff, color };
      const result = await runOperation(stack, step.kind, opts, args.expectNoChanges);
      lastChanges = result.changes;
      io.out(`\nChanges (${lastLabel}): ${formatChanges(result.changes)}\n`);
    }

    if (plan.action !== "destroy") {
      outputs = await stack.outputs();
      const lines = formatOutputs(outputs);
      io.out(lines.length > 0 ? `Outputs:\n${lines.join("\n")}\n` : "Outputs: none yet\n");
    }
    if (plan.action === "preview") io.out("Preview only: nothing was changed.\n");
    writeSummaries(undefined);
    return 0;
  } catch (err) {
    if (log && lastChanges === undefined && log.summary) lastChanges = log.summary;
    const reason = classifyFailure(err, log, ctx);
    io.err(`deploy failed: ${reason}\n`);
    try {
      writeSummaries(reason);
    } catch (writeErr) {
      io.err(`(could not write the summary: ${(writeErr as Error).message})\n`);
    }
    return 1;
  }
}

function runOperation(
  stack: DeployStack,
  kind: OperationKind,
  opts: OperationOptions,
  expectNoChanges: boolean,
) {
  switch (kind) {
    case "preview":
      return stack.preview({ ...opts, expectNoChanges });
    case "up":
      return stack.up({ ...opts, expectNoChanges });
    case "refresh":
      return stack.refresh({ ...opts, expectNoChanges, previewOnly: false });
    case "refresh-preview":
      return stack.refresh({ ...opts, expectNoChanges, previewOnly: true });
    case "destroy":
      return stack.destroy({ ...opts, previewOnly: false });
    case "destroy-preview":
      return stack.destroy({ ...opts, previewOnly: true });
  }
}
