/**
 * Opening a stack of the project: one selection for every tool, against the backend they share.
 */
import type { BackendChoice } from "./backend";
import type { DeployStack, PulumiEngine } from "./engine";
import { SECRETS_PROVIDER } from "./secrets";

export interface StackRequest {
  /** Stack name as given (`dev`, or qualified `org/project/dev`). */
  stack: string;
  /** Folder holding Pulumi.yaml. */
  projectRoot: string;
  backend: BackendChoice;
  /** Environment the secrets need (a typed passphrase); empty when the environment already has it. */
  secretsEnv: Record<string, string>;
  /** Create the stack when it does not exist (preview/up); select only otherwise. */
  create: boolean;
}

export function openStack(engine: PulumiEngine, request: StackRequest): Promise<DeployStack> {
  return engine.selectStack({
    stackName: request.stack,
    workDir: request.projectRoot,
    envVars: { PULUMI_BACKEND_URL: request.backend.url, ...request.secretsEnv },
    secretsProvider: SECRETS_PROVIDER,
    create: request.create,
  });
}
