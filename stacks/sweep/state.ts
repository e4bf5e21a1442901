/**
 * Reading which resources the stack still manages, so the sweep never touches them. The real reader uses
 * `@pulumi/pulumi/automation` (`pulumi stack export`) against the same backend the deploy driver uses.
 */
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { LocalWorkspaceOptions } from "@pulumi/pulumi/automation";
import { resolveBackend } from "../deploy/env";
import type { Env } from "../deploy/env";

export interface StackStateReader {
  /**
   * Ids of every resource in the stack's state.
   * @throws NoStackStateError when the backend has no such stack (already removed)
   */
  liveResourceIds(stack: string): Promise<Set<string>>;
}

/** The stack does not exist in the backend: nothing of it is live any more. */
export class NoStackStateError extends Error {
  constructor(
    readonly stackName: string,
    readonly backendUrl: string,
  ) {
    super(`stack ${stackName} has no state in ${backendUrl}`);
    this.name = "NoStackStateError";
  }
}

/** Ids in an exported deployment (`deployment.resources[].id`); providers and components have none. */
export function liveIdsFromDeployment(deployment: unknown): Set<string> {
  const resources = (deployment as { resources?: unknown } | null | undefined)?.resources;
  const ids = new Set<string>();
  if (!Array.isArray(resources)) return ids;
  for (const resource of resources) {
    const id = (resource as { id?: unknown } | null)?.id;
    if (typeof id === "string" && id !== "") ids.add(id);
  }
  return ids;
}

/** The slice of `LocalWorkspace.selectStack` the reader needs (tests pass a fake). */
export type SelectStack = (
  args: { stackName: string; workDir: string },
  opts: LocalWorkspaceOptions,
) => Promise<{ exportStack(): Promise<{ deployment: unknown }> }>;

export interface StackStateReaderOptions {
  /** Directory holding Pulumi.yaml. */
  readonly repoRoot: string;
  /** PULUMI_BACKEND_URL decides the backend, as for the deploy driver. */
  readonly env: Env;
  /** File-existence probe: a missing local state directory means no stack. */
  readonly exists: (path: string) => boolean;
  /** @default LocalWorkspace.selectStack */
  readonly selectStack?: SelectStack;
}

export function createStackStateReader(options: StackStateReaderOptions): StackStateReader {
  const backend = resolveBackend(options.env, options.repoRoot);
  const select: SelectStack = options.selectStack ?? ((args, opts) => LocalWorkspace.selectStack(args, opts));
  return {
    async liveResourceIds(stack) {
      // No local state directory: nothing was ever deployed from here (or it was wiped).
      if (backend.dir !== undefined && !options.exists(backend.dir)) {
        throw new NoStackStateError(stack, backend.url);
      }
      let selected: Awaited<ReturnType<SelectStack>>;
      try {
        selected = await select(
          { stackName: stack, workDir: options.repoRoot },
          { envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_BACKEND_URL: backend.url } },
        );
      } catch (error) {
        // `name`, not instanceof: a second copy of @pulumi/pulumi would have its own class.
        if (error instanceof Error && error.name === "StackNotFoundError") {
          throw new NoStackStateError(stack, backend.url);
        }
        throw error;
      }
      return liveIdsFromDeployment((await selected.exportStack()).deployment);
    },
  };
}
