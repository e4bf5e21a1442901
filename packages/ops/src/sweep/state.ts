/**
 * Reading which resources the stack still manages, so the sweep never touches them: the stack's state
 * (`pulumi stack export`) from the same backend the deploy driver uses, through the same engine.
 */
import type { Env } from "../environment";
import { resolveBackend } from "../pulumi/backend";
import type { PulumiEngine } from "../pulumi/engine";
import { openStack } from "../pulumi/open-stack";

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

export interface StackStateReaderOptions {
  readonly engine: PulumiEngine;
  /** Folder holding Pulumi.yaml. */
  readonly projectRoot: string;
  /** PULUMI_BACKEND_URL decides the backend, as for the deploy driver. */
  readonly env: Env;
  /** File-existence probe: a missing local state folder means no stack. */
  readonly exists: (path: string) => boolean;
}

export function createStackStateReader(options: StackStateReaderOptions): StackStateReader {
  const backend = resolveBackend(options.env, options.projectRoot);
  return {
    async liveResourceIds(stack) {
      // No local state folder: nothing was ever deployed from here (or it was wiped).
      if (backend.dir !== undefined && !options.exists(backend.dir)) {
        throw new NoStackStateError(stack, backend.url);
      }
      try {
        // Exporting reads the state as stored, secrets still encrypted: no passphrase is needed.
        const opened = await openStack(options.engine, {
          stack,
          projectRoot: options.projectRoot,
          backend,
          secretsEnv: {},
          create: false,
        });
        return liveIdsFromDeployment(await opened.exportDeployment());
      } catch (error) {
        // `name`, not instanceof: a second copy of @pulumi/pulumi would have its own class.
        if (error instanceof Error && error.name === "StackNotFoundError") {
          throw new NoStackStateError(stack, backend.url);
        }
        throw error;
      }
    },
  };
}
