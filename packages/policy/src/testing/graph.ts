/**
 * Records the resource graph a program registers under Pulumi's mocks in the form the engine hands a policy
 * pack: each resource's inputs and outputs as wire values (unknowns are the engine's unknown marker, secrets
 * their envelopes), its options, parent, dependencies and per-property dependencies.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceRecorder } from "agentcore-vpc-platform/testing";

/** One resource as the engine describes it to an analyzer. */
export interface GraphResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string | undefined;
  readonly custom: boolean;
  /** Wire-form inputs: what `Analyze` receives for this resource. */
  readonly inputs: Record<string, unknown>;
  /** Wire-form outputs: what `AnalyzeStack` receives (in preview, the inputs with computed values unknown). */
  readonly outputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  /** Input property → URNs its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: readonly string[];
}

/** A program's recorded resources, in registration order. */
export interface ResourceGraph {
  /** Whether the program ran as `pulumi preview` (computed values unknown). */
  readonly preview: boolean;
  readonly resources: readonly GraphResource[];
}

interface StructLike {
  toJavaScript(): Record<string, unknown>;
}
interface UrnList {
  getUrnsList(): string[];
}
interface RegisterRequestLike {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): StructLike | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: UrnList, key: string) => void): void };
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
}
interface RegisterResponseLike {
  getUrn(): string;
  getObject(): StructLike | undefined;
}
type RegisterFn = (
  req: RegisterRequestLike,
  cb: (err: unknown, res?: RegisterResponseLike) => void,
) => Promise<void>;

/**
 * Starts recording after `installMocks`/`mockAccount` and before the program registers anything. The mock
 * monitor's registration hook sees neither outputs nor per-property dependencies, so this wraps the
 * monitor's `registerResource` (as the component's recorder does) and keeps the raw request and response.
 * @returns the graph so far; complete once the recorder has settled
 */
export function recordGraph(recorder: ResourceRecorder, preview: boolean): () => Promise<ResourceGraph> {
  const resources: GraphResource[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterFn };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res) resources.push(graphResource(req, res));
      cb(err, res);
    });
  return async () => {
    await recorder.settle();
    return { preview, resources: [...resources] };
  };
}

function graphResource(req: RegisterRequestLike, res: RegisterResponseLike): GraphResource {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    propertyDependencies[key] = value.getUrnsList();
  });
  const inputs = req.getObject()?.toJavaScript() ?? {};
  return {
    type: req.getType(),
    name: req.getName(),
    urn: res.getUrn(),
    parent: req.getParent() || undefined,
    custom: req.getCustom(),
    inputs,
    // The mock monitor answers with the state its `newResource` returned; in preview that is the inputs.
    outputs: res.getObject()?.toJavaScript() ?? inputs,
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    protect: req.getProtect() ?? false,
    ignoreChanges: req.getIgnorechangesList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
}
