/**
 * What a program asks for when it registers a resource, and what the engine did about it.
 */
import type { PropertyMap } from "../wire/values";

/** A resource registration, decoded from the RegisterResource request. */
export interface Goal {
  readonly type: string;
  readonly name: string;
  /** Parent URN; undefined for the stack (and for default providers, which the engine registers). */
  readonly parent: string | undefined;
  readonly custom: boolean;
  /** Inputs as sent, secret envelopes and unknowns included. */
  readonly inputs: PropertyMap;
  /** Explicit provider reference (`<urn>::<id>`); undefined means the package's default provider. */
  readonly provider: string | undefined;
  /** Provider plugin version the SDK asked for (names the default provider). */
  readonly version: string | undefined;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
  readonly deleteBeforeReplace: boolean;
  /** Top-level inputs whose changes are ignored (their old values are kept). */
  readonly ignoreChanges: readonly string[];
  /** Inputs whose change forces a replacement, on top of what the provider says. */
  readonly replaceOnChanges: readonly string[];
  /** Outputs to store and return as secrets. */
  readonly additionalSecretOutputs: readonly string[];
  readonly deletedWith: string | undefined;
  /** Whether the program accepts secret envelopes in the response (every current SDK does). */
  readonly acceptSecrets: boolean;
}

/** What a step did to a resource. "same" means nothing changed. */
export type StepOp = "create" | "update" | "replace" | "same" | "delete" | "refresh";

export interface StepRecord {
  readonly op: StepOp;
  readonly urn: string;
  readonly type: string;
  /** Whether the provider was called (false for components, retained deletes, previews). */
  readonly providerCalled: boolean;
  /** Deletes of resources retained on delete: dropped from state, left in the cloud. */
  readonly retained: boolean;
  /** For replacements: the properties that forced them. */
  readonly replaces: readonly string[];
}

/** What the engine answers a registration with. */
export interface RegisterResult {
  readonly urn: string;
  /** "" in preview for a resource not created yet, and for components. */
  readonly id: string;
  readonly outputs: PropertyMap;
}

/** A failed step: the message the run fails with names the resource. */
export class StepError extends Error {
  constructor(
    readonly urn: string,
    message: string,
  ) {
    super(`${urn}: ${message}`);
    this.name = "StepError";
  }
}

/**
 * The inputs with ignored properties put back to their old values (top-level names only).
 * @param olds inputs in state
 * @param news inputs from the program
 */
export function applyIgnoreChanges(
  olds: PropertyMap,
  news: PropertyMap,
  ignore: readonly string[],
): PropertyMap {
  const result: PropertyMap = { ...news };
  for (const key of ignore) {
    if (key in olds) result[key] = olds[key];
    else delete result[key];
  }
  return result;
}

/** What the engine registers for a default provider, besides type, name and inputs. */
export const DEFAULT_PROVIDER_GOAL: Omit<Goal, "type" | "name" | "inputs"> = {
  parent: undefined,
  custom: true,
  provider: undefined,
  version: undefined,
  dependencies: [],
  propertyDependencies: {},
  retainOnDelete: false,
  protect: false,
  deleteBeforeReplace: false,
  ignoreChanges: [],
  replaceOnChanges: [],
  additionalSecretOutputs: [],
  deletedWith: undefined,
  acceptSecrets: true,
};

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
