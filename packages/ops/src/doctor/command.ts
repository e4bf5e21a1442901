/**
 * The doctor command end to end: load the stack outputs (through the same Pulumi engine and backend as the
 * deploy driver, or from a JSON file), resolve region and identity, run the checks, print the report.
 */
import type { AwsIdentityProbe } from "../aws/identity";
import type { Env } from "../environment";
import { OperatorError } from "../errors";
import { resolveBackend } from "../pulumi/backend";
import type { PulumiEngine } from "../pulumi/engine";
import { classifyFailure } from "../pulumi/failure";
import { openStack } from "../pulumi/open-stack";
import { stackSecrets } from "../pulumi/secrets";
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
  /** Folder holding Pulumi.yaml. */
  projectRoot: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

interface LoadedStack {
  outputs: StackOutputs;
  configRegion: string | undefined;
}

function readOutputsFile(file: string, deps: DoctorDeps): LoadedStack {
  let parsed: unknown;
  try {
    parsed = JSON.parse(deps.readFile(file));
  } catch (err) {
    throw new OperatorError(`cannot read outputs from ${file}: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new OperatorError(`${file} is not a JSON object of outputs (pulumi stack output --json)`);
  }
  return { outputs: plainOutputs(parsed as Record<string, unknown>), configRegion: undefined };
}

async function loadStack(args: DoctorArgs, deps: DoctorDeps): Promise<LoadedStack> {
  if (args.outputsFile) return readOutputsFile(args.outputsFile, deps);
  await deps.engine.cliVersion();
  const secrets = await stackSecrets(args.stack, deps.env, deps);
  const stack = await openStack(deps.engine, {
    stack: args.stack,
    projectRoot: deps.projectRoot,
    backend: resolveBackend(deps.env, deps.projectRoot),
    secretsEnv: secrets.envVars,
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
      throw new OperatorError(
        `no region: stack ${args.stack} has no region output or aws:region config; pass --region or set AWS_REGION`,
      );
    }
    account = (await deps.identity.whoAmI(region)).account;
  } catch (err) {
    const reason = classifyFailure(err, undefined, {
      stack: args.stack,
      action: "doctor",
      backendUrl: resolveBackend(deps.env, deps.projectRoot).url,
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
