/**
 * The deploy driver: decides what to run, prepares backend/secrets/credentials/plugins/policy, runs the Pulumi
 * operations through a PulumiEngine, prints the summary and returns the exit code. Everything outside the
 * process (Pulumi, AWS, terminal, files) comes in through `DriverDeps`, so tests run it against fakes.
 */
import * as path from "node:path";
import type { AwsIdentityProbe } from "../aws/identity";
import { isCI } from "../environment";
import type { Env } from "../environment";
import { OperatorError, errorText, firstLine } from "../errors";
import { stackConfigNames, stackFileName } from "../project/project-files";
import { shortStackName } from "../project/stack-name";
import { resolveBackend } from "../pulumi/backend";
import type { BackendChoice } from "../pulumi/backend";
import type { DeployStack, OpMap, OperationOptions, OutputMap, PulumiEngine } from "../pulumi/engine";
import { createEventLog } from "../pulumi/event-log";
import type { EventLog } from "../pulumi/event-log";
import { classifyFailure, stripCommandNoise } from "../pulumi/failure";
import { openStack } from "../pulumi/open-stack";
import { LOCKFILE, describePlugins, pinnedProviderPlugins } from "../pulumi/plugins";
import type { ProviderPlugin } from "../pulumi/plugins";
import { POLICY_PACK_DIR, locatePolicyPack } from "../pulumi/policy-pack";
import type { PolicyPack } from "../pulumi/policy-pack";
import { SECRETS_PROVIDER, stackSecrets } from "../pulumi/secrets";
import type { DeployArgs } from "./args";
import { OPERATION_LABEL, evaluatesProgram, planRun } from "./plan";
import type { OperationKind } from "./plan";
import { formatChanges, formatOutputs, renderMarkdown } from "./summary";

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
  /** Reads a file as UTF-8; throws (ENOENT) when it does not exist. */
  readFile(file: string): string;
  exists(file: string): boolean;
  /** Whether `request` resolves from `fromDir` as Node's require would. */
  resolves(request: string, fromDir: string): boolean;
}

export interface DriverDeps {
  engine: PulumiEngine;
  identity: AwsIdentityProbe;
  io: DriverIO;
  files: DriverFiles;
  env: Env;
  /** Folder holding Pulumi.yaml, the stack files and package-lock.json. */
  projectRoot: string;
}

export async function runDeploy(args: DeployArgs, deps: DriverDeps): Promise<number> {
  const { io, env, files } = deps;
  const ci = isCI(env);
  const interactive = io.interactive && !ci;
  const backend = resolveBackend(env, deps.projectRoot);
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

    requireStackFile(args.stack, deps);
    const kinds = plan.steps.flatMap((s) => (s.kind === "confirm" ? [] : [s.kind]));
    const policyPack = kinds.some(evaluatesProgram) ? locatePolicyPack(deps.projectRoot, files) : undefined;
    if (policyPack) io.out(`  policy:  ${POLICY_PACK_DIR} (${policyPack.name})\n`);
    const plugins = pinnedProviderPlugins(readLockfile(deps));

    prepareBackend(backend, { stack: args.stack, action: plan.action, ci }, deps);
    const secrets = await stackSecrets(args.stack, env, { interactive, askSecret: io.askSecret });
    io.out(
      `  secrets: ${SECRETS_PROVIDER} (${secrets.source === "entered" ? "entered" : "from environment"})\n`,
    );

    const stack = await openStack(deps.engine, {
      stack: args.stack,
      projectRoot: deps.projectRoot,
      backend,
      secretsEnv: secrets.envVars,
      create: plan.action === "preview" || plan.action === "up",
    });
    const region = (await stack.getConfig("aws:region")) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const who = await deps.identity.whoAmI(region);
    io.out(`  aws:     account ${who.account} as ${who.arn}${region ? ` (${region})` : ""}\n`);
    await installPlugins(stack, plugins);
    io.out(`  plugins: ${describePlugins(plugins)} (from ${LOCKFILE})\n\n`);

    const color = interactive || env.GITHUB_ACTIONS === "true" ? "always" : "never";
    for (const step of plan.steps) {
      if (step.kind === "confirm") {
        if (!(await io.confirm(step.question))) {
          throw new OperatorError(
            `cancelled at the confirmation prompt: stack ${args.stack} was not changed`,
          );
        }
        continue;
      }
      log = createEventLog();
      lastLabel = OPERATION_LABEL[step.kind];
      lastChanges = undefined;
      const opts: OperationOptions = { onOutput: io.out, onEvent: log.onEvent, diff: args.diff, color };
      const result = await runOperation(stack, step.kind, opts, args, policyPack);
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

function requireStackFile(stack: string, deps: DriverDeps): void {
  const known = stackConfigNames(deps.files.listDir(deps.projectRoot));
  const short = shortStackName(stack);
  if (!known.includes(short)) {
    throw new OperatorError(
      `no ${stackFileName(short)} in ${deps.projectRoot}: known stacks are ${known.join(", ") || "(none)"}; add the stack's config file first`,
    );
  }
}

function readLockfile(deps: DriverDeps): string {
  const file = path.join(deps.projectRoot, LOCKFILE);
  try {
    return deps.files.readFile(file);
  } catch (err) {
    throw new OperatorError(
      `cannot read ${file} (${firstLine(errorText(err))}): the provider plugin versions come from it; run \`npm install\``,
    );
  }
}

function prepareBackend(
  backend: BackendChoice,
  run: { stack: string; action: string; ci: boolean },
  deps: DriverDeps,
): void {
  if (!backend.local) {
    deps.io.out(`  backend: ${backend.url} (from PULUMI_BACKEND_URL)\n`);
    return;
  }
  if (run.ci && run.action !== "preview") {
    throw new OperatorError(
      `refusing to ${run.action} stack ${run.stack} in CI with the repo-local file backend: the state would be lost with the runner; set PULUMI_BACKEND_URL to a durable backend (e.g. s3://<bucket>/<prefix>)`,
    );
  }
  if (backend.dir) deps.files.mkdirp(backend.dir);
  deps.io.out(`  backend: ${backend.url} (local file backend, gitignored)\n`);
  if (run.ci)
    deps.io.out("  warning: CI without PULUMI_BACKEND_URL: previewing against an empty local state\n");
}

/** Installs each pinned plugin through the workspace: a no-op when that version is already installed. */
async function installPlugins(stack: DeployStack, plugins: readonly ProviderPlugin[]): Promise<void> {
  for (const plugin of plugins) {
    const version = `v${plugin.version}`;
    try {
      await stack.installPlugin(plugin.name, version);
    } catch (err) {
      throw new OperatorError(
        `could not install the ${plugin.name} provider plugin ${version} (${stripCommandNoise(errorText(err))}): ` +
          `check access to get.pulumi.com and github.com, or install it by hand with ` +
          `\`pulumi plugin install resource ${plugin.name} ${version}\``,
      );
    }
  }
}

function runOperation(
  stack: DeployStack,
  kind: OperationKind,
  opts: OperationOptions,
  args: DeployArgs,
  policyPack: PolicyPack | undefined,
) {
  const expectNoChanges = args.expectNoChanges;
  if (evaluatesProgram(kind)) {
    if (policyPack === undefined) throw new Error(`${kind} planned without the policy pack`);
    const program = { ...opts, expectNoChanges, refresh: args.refreshFirst, policyPacks: [policyPack.dir] };
    return kind === "preview" ? stack.preview(program) : stack.up(program);
  }
  switch (kind) {
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
