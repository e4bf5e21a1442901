/**
 * The doctor command end to end: load the stack outputs (through the same Pulumi engine as the deploy
 * driver, or from a JSON file), resolve region and identity, run the checks, print the report.
 */
import type { AwsIdentityProbe } from "../deploy/aws";
import { SECRETS_PROVIDER, planPassphrase, resolveBackend } from "../deploy/env";
import type { Env } from "../deploy/env";
import { DeployError, classifyFailure } from "../deploy/errors";
import type { PulumiEngine } from "../deploy/workspace";
import type { DoctorArgs } from "./args";
import { runDoctor } from "./doctor";
import { plainOutputs, stringOutput } from "./outputs";
import { exitCodeFor, renderReport } from "./report";
import type { DoctorClients, DoctorContext, StackOutputs } from "./types";

export interface DoctorDeps {
  engine: PulumiEngine;
  identity: AwsIdentityProbe;
  makeClients: (region: string) => DoctorClients;
  supportedAzIds: DoctorContext["supportedAzIds"];
  interfaceEndpoints: readonly string[];
  now: () => number;
  newSessionId: () => string;
  readFile: (file: string) => string;
  askSecret: (question: string) => Promise<string>;
  interactive: boolean;
  env: Env;
  repoRoot: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

interface LoadedStack {
  outputs: StackOutputs;
  configRegion: string | undefined;
}

async function loadStack(args: DoctorArgs, deps: DoctorDeps): Promise<LoadedStack> {
  if (args.outputsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(deps.readFile(args.outputsFile));
    } catch (err) {
      throw new DeployError(`cannot read outputs from ${args.outputsFile}: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new DeployError(
        `${args.outputsFile} is not a JSON object of outputs (pulumi stack output --json)`,
      );
    }
    return { outputs: plainOutputs(parsed as Record<string, unknown>), configRegion: undefined };
  }
  const backend = resolveBackend(deps.env, deps.repoRoot);
  const envVars: Record<string, string> = { PULUMI_BACKEND_URL: backend.url };
  await deps.engine.cliVersion();
  const passphrase = planPassphrase(deps.env, deps.interactive);
  if (passphrase.kind === "missing") throw new DeployError(passphrase.message);
  if (passphrase.kind === "prompt") {
    envVars.PULUMI_CONFIG_PASSPHRASE = await deps.askSecret(
      `Passphrase for the secrets of stack ${args.stack} (PULUMI_CONFIG_PASSPHRASE): `,
    );
  }
  const stack = await deps.engine.selectStack({
    stackName: args.stack,
    workDir: deps.repoRoot,
    envVars,
    secretsProvider: SECRETS_PROVIDER,
    create: false,
  });
  return { outputs: plainOutputs(await stack.outputs()), configRegion: await stack.getConfig("aws:region") };
}

export async function runDoctorCommand(args: DoctorArgs, deps: DoctorDeps): Promise<number> {
  let loaded: LoadedStack;
  let region: string | undefined;
  let account: string;
  try {
    loaded = await loadStack(args, deps);
    region =
      args.region ??
      stringOutput(loaded.outputs, "region") ??
      loaded.configRegion ??
      deps.env.AWS_REGION ??
      deps.env.AWS_DEFAULT_REGION;
    if (!region) {
      throw new DeployError(
        `no region: stack ${args.stack} has no region output or aws:region config; pass --region or set AWS_REGION`,
      );
    }
    account = (await deps.identity.whoAmI(region)).account;
  } catch (err) {
    const reason = classifyFailure(err, undefined, {
      stack: args.stack,
      action: "doctor",
      backendUrl: resolveBackend(deps.env, deps.repoRoot).url,
    });
    deps.err(`doctor failed: ${reason}\n`);
    return 1;
  }

  const ctx: DoctorContext = {
    stack: args.stack,
    region,
    outputs: loaded.outputs,
    supportedAzIds: deps.supportedAzIds,
    interfaceEndpoints: deps.interfaceEndpoints,
    now: deps.now,
    newSessionId: deps.newSessionId,
  };
  const results = await runDoctor(ctx, deps.makeClients(region), { invoke: args.invoke });
  deps.out(renderReport({ stack: args.stack, region, account }, results));
  return exitCodeFor(results);
}
