/**
 * Pulumi's ResourceMonitor service, the program's side of the engine: decodes registrations, invokes and
 * outputs, hands them to the {@link Deployment}, records them, and answers as the engine does (step failures
 * as UNAVAILABLE, after which the SDK stops quietly and the engine reports the error; invoke failures in the
 * response, where the program sees them as exceptions).
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IResourceMonitorServer } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { CheckFailure, InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import * as proto from "@pulumi/pulumi/proto/resource_pb";
import type { Deployment } from "./deployment";
import { errorMessage } from "./goal";
import type { Goal } from "./goal";
import { makeUrn } from "./urn";
import { containsSecret, fromStruct, toStruct, unwrapSecrets } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** Monitor features this engine supports; the SDK falls back for the others. */
export const SUPPORTED_FEATURES: ReadonlySet<string> = new Set([
  "secrets",
  "resourceReferences",
  "deletedWith",
]);

/** One registration as the program sent it, with the engine's answer. */
export interface RecordedRegistration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs as they arrived, secret envelopes included. */
  readonly inputs: PropertyMap;
  /** Top-level inputs that arrived as (or holding) secrets. */
  readonly secretInputs: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  readonly retainOnDelete: boolean;
  /** Outputs the engine answered with (secret envelopes included); undefined if the step failed. */
  outputs: PropertyMap | undefined;
}

export interface RecordedInvoke {
  readonly token: string;
  readonly args: PropertyMap;
  /** The result, or undefined when the invoke failed. */
  readonly result: PropertyMap | undefined;
}

/** What the monitor needs besides the deployment. */
export interface MonitorContext {
  readonly deployment: Deployment;
  readonly project: string;
  readonly stack: string;
  readonly preview: boolean;
  /** Answers a provider function (secrets already removed from `args`). */
  invoke(token: string, args: PropertyMap): PropertyMap;
  /** Ensures the package's default provider exists (invokes use it too). */
  defaultProviderFor(token: string, version: string | undefined): Promise<void>;
  /** Called when the program signals it is done; resolves when the engine has finished its steps. */
  shutdown(): Promise<void>;
}

/** Everything the monitor saw. */
export interface MonitorRecord {
  readonly registrations: RecordedRegistration[];
  readonly invokes: RecordedInvoke[];
  /** Outputs registered per URN (components and the stack). */
  readonly outputs: Map<string, PropertyMap>;
}

/** Decodes a RegisterResource request. */
export function goalFrom(req: proto.RegisterResourceRequest): Goal {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
  return {
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || undefined,
    custom: req.getCustom(),
    inputs: fromStruct(req.getObject()),
    provider: req.getProvider() || undefined,
    version: req.getVersion() || undefined,
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    retainOnDelete: req.getRetainondelete() ?? false,
    protect: req.getProtect() ?? false,
    deleteBeforeReplace: req.getDeletebeforereplace(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    deletedWith: req.getDeletedwith() || undefined,
    acceptSecrets: req.getAcceptsecrets(),
  };
}

function unavailable(message: string): Partial<grpc.StatusObject> {
  return { code: grpc.status.UNAVAILABLE, details: message };
}

function unimplemented(what: string): Partial<grpc.StatusObject> {
  return { code: grpc.status.UNIMPLEMENTED, details: `${what} is not supported by the local engine` };
}

/** The service implementation, recording into `record`. */
export function monitorService(context: MonitorContext, record: MonitorRecord): IResourceMonitorServer {
  return {
    getDeploymentInfo(_call, callback) {
      const info = new proto.DeploymentInfo();
      info.setProject(context.project);
      info.setStack(context.stack);
      info.setDryrun(context.preview);
      callback(null, info);
    },
    supportsFeature(call, callback) {
      const response = new proto.SupportsFeatureResponse();
      response.setHassupport(SUPPORTED_FEATURES.has(call.request.getId()));
      callback(null, response);
    },
    registerResource(call, callback) {
      const req = call.request;
      if (req.getRemote())
        return callback(unavailable(`${req.getType()}: remote components are not supported`));
      const goal = goalFrom(req);
      const registration: RecordedRegistration = {
        urn: makeUrn(context.stack, context.project, goal.type, goal.name, goal.parent),
        type: goal.type,
        name: goal.name,
        custom: goal.custom,
        inputs: goal.inputs,
        secretInputs: Object.keys(goal.inputs).filter((key) => containsSecret(goal.inputs[key])),
        additionalSecretOutputs: goal.additionalSecretOutputs,
        retainOnDelete: goal.retainOnDelete,
        outputs: undefined,
      };
      record.registrations.push(registration);
      context.deployment.register(goal).then(
        (result) => {
          registration.outputs = result.outputs;
          const response = new proto.RegisterResourceResponse();
          response.setUrn(result.urn);
          response.setId(result.id);
          response.setObject(toStruct(result.outputs));
          callback(null, response);
        },
        (error: unknown) => callback(unavailable(errorMessage(error))),
      );
    },
    registerResourceOutputs(call, callback) {
      const urn = call.request.getUrn();
      const outputs = fromStruct(call.request.getOutputs());
      try {
        context.deployment.registerOutputs(urn, outputs);
        record.outputs.set(urn, outputs);
        callback(null, new Empty());
      } catch (error) {
        callback(unavailable(errorMessage(error)));
      }
    },
    invoke(call, callback) {
      const token = call.request.getTok();
      const args = fromStruct(call.request.getArgs());
      const answer = async () => {
        if (!call.request.getProvider())
          await context.defaultProviderFor(token, call.request.getVersion() || undefined);
        return context.invoke(token, unwrapSecrets(args));
      };
      answer().then(
        (result) => {
          record.invokes.push({ token, args, result });
          const response = new InvokeResponse();
          response.setReturn(toStruct(result));
          callback(null, response);
        },
        (error: unknown) => {
          record.invokes.push({ token, args, result: undefined });
          const failure = new CheckFailure();
          failure.setReason(errorMessage(error));
          const response = new InvokeResponse();
          response.setFailuresList([failure]);
          callback(null, response);
        },
      );
    },
    call(_call, callback) {
      callback(unimplemented("Call (methods of remote components)"));
    },
    readResource(call, callback) {
      callback(unavailable(`reading existing resources (${call.request.getType()}.get) is not supported`));
    },
    registerStackTransform(_call, callback) {
      callback(unimplemented("Stack transforms"));
    },
    registerStackInvokeTransform(_call, callback) {
      callback(unimplemented("Invoke transforms"));
    },
    registerResourceHook(_call, callback) {
      callback(unimplemented("Resource hooks"));
    },
    registerErrorHook(_call, callback) {
      callback(unimplemented("Error hooks"));
    },
    registerPackage(_call, callback) {
      callback(unimplemented("Parameterized packages"));
    },
    signalAndWaitForShutdown(_call, callback) {
      // The engine holds this reply until every step, deletes included, is done.
      context.shutdown().then(
        () => callback(null, new Empty()),
        (error: unknown) => callback(unavailable(errorMessage(error))),
      );
    },
  };
}
