/**
 * Pulumi's real Node.js dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started the way the
 * engine starts `pulumi-resource-pulumi-nodejs`: its own process, cwd = the program's folder (so the
 * serialized `__provider` resolves its requires from there), port on the first stdout line; driven over
 * gRPC through Configure / Check / Diff / Create / Update / Read / Delete.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as readline from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import type { CheckResult, DiffResult, ReadResult, ResourceProvider, ResourceRef } from "./provider";
import { ProviderError } from "./provider";
import { GRPC_MESSAGE_LIMITS } from "../engine/server";
import { nameOf } from "../engine/urn";
import { fromStruct, toStruct } from "../wire/values";
import type { PropertyMap } from "../wire/values";

/** The property holding a dynamic resource's serialized provider. */
export const PROVIDER_PROPERTY = "__provider";

/** One RPC sent to the host, with the `__provider` text it carried (inputs, or stored outputs). */
export interface DynamicProviderCall {
  readonly method: "check" | "diff" | "create" | "update" | "read" | "delete";
  readonly urn: string;
  readonly provider: string | undefined;
}

export interface DynamicProviderHostOptions {
  /** `cmd/dynamic-provider` as resolved from the program's folder. */
  readonly entryPoint: string;
  /** The program's folder: the host's working directory. */
  readonly programDir: string;
  /** Address of the engine service, passed as the host's argument. */
  readonly engineAddress: string;
  /** Environment of the host process. */
  readonly env: NodeJS.ProcessEnv;
  /** Receives every line the host (and the provider code in it) prints. @default none */
  readonly onOutput?: (line: string) => void;
  /** Milliseconds to wait for the port line. @default 30000 */
  readonly startTimeoutMs?: number;
  /** Where the host records the RPCs it sends. @default a new array */
  readonly calls?: DynamicProviderCall[];
}

type Unary<Req, Res> = (
  req: Req,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => unknown;

function providerText(properties: PropertyMap): string | undefined {
  const value = properties[PROVIDER_PROPERTY];
  return typeof value === "string" ? value : undefined;
}

/** The fields every provider request about one resource carries (each generated request class has them). */
interface ResourceRequest {
  setUrn(urn: string): unknown;
  setName(name: string): unknown;
  setType(type: string): unknown;
}

/** Sets a request's URN, name, type and (when given) the resource's id. */
function addressed<R extends ResourceRequest & { setId?(id: string): unknown }>(
  request: R,
  resource: ResourceRef,
  id?: string,
): R {
  request.setUrn(resource.urn);
  request.setName(nameOf(resource.urn));
  request.setType(resource.type);
  if (id !== undefined) request.setId?.(id);
  return request;
}

/** The message of a provider error and, for ErrorResourceInitFailed, the partial state it carries. */
export function providerErrorFrom(error: grpc.ServiceError): ProviderError {
  const message = error.details || error.message;
  for (const bytes of error.metadata?.get("grpc-status-details-bin") ?? []) {
    const status = Status.deserializeBinary(typeof bytes === "string" ? Buffer.from(bytes, "base64") : bytes);
    for (const detail of status.getDetailsList()) {
      if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const failed = proto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return new ProviderError(message, {
        id: failed.getId(),
        outputs: fromStruct(failed.getProperties()),
        reasons: failed.getReasonsList(),
      });
    }
  }
  return new ProviderError(message);
}

export class DynamicProviderHost implements ResourceProvider {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: ResourceProviderClient,
    /** Every RPC sent, in order. */
    readonly calls: DynamicProviderCall[],
  ) {}

  /** Starts the host process and connects to it. */
  static async start(options: DynamicProviderHostOptions): Promise<DynamicProviderHost> {
    const child = spawn(process.execPath, [options.entryPoint, options.engineAddress], {
      cwd: options.programDir,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = options.onOutput ?? (() => undefined);
    readline.createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", output);
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("the dynamic provider host printed no port")),
        options.startTimeoutMs ?? 30_000,
      );
      let first = true;
      lines.on("line", (line) => {
        if (!first) return output(line);
        first = false;
        clearTimeout(timer);
        const parsed = Number(line.trim());
        if (Number.isInteger(parsed) && parsed > 0) resolve(parsed);
        else reject(new Error(`the dynamic provider host printed "${line}" instead of its port`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(
          new Error(`the dynamic provider host exited with code ${String(code)} before printing its port`),
        );
      });
      child.once("error", reject);
    }).catch((error: unknown) => {
      child.kill();
      throw error;
    });
    const client = new ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      GRPC_MESSAGE_LIMITS,
    );
    return new DynamicProviderHost(child, client, options.calls ?? []);
  }

  private call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, request, (error, response) =>
        error ? reject(providerErrorFrom(error)) : resolve(response),
      );
    });
  }

  /** Sends the stack's configuration (all keys, `<namespace>:<key>`), as the engine configures the host. */
  async configure(config: PropertyMap): Promise<void> {
    const request = new proto.ConfigureRequest();
    request.setArgs(toStruct(config));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    await this.call(this.client.configure, request);
  }

  async check(resource: ResourceRef, olds: PropertyMap | undefined, news: PropertyMap): Promise<CheckResult> {
    this.calls.push({ method: "check", urn: resource.urn, provider: providerText(news) });
    const request = addressed(new proto.CheckRequest(), resource);
    request.setOlds(toStruct(olds ?? {}));
    request.setNews(toStruct(news));
    const response = await this.call<proto.CheckRequest, proto.CheckResponse>(this.client.check, request);
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    resource: ResourceRef,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<DiffResult> {
    this.calls.push({ method: "diff", urn: resource.urn, provider: providerText(news) });
    const request = addressed(new proto.DiffRequest(), resource, id);
    request.setOlds(toStruct(oldOutputs));
    request.setOldInputs(toStruct(oldInputs));
    request.setNews(toStruct(news));
    const response = await this.call<proto.DiffRequest, proto.DiffResponse>(this.client.diff, request);
    const changes = response.getChanges();
    return {
      changes:
        changes === proto.DiffResponse.DiffChanges.DIFF_SOME
          ? "some"
          : changes === proto.DiffResponse.DiffChanges.DIFF_NONE
            ? "none"
            : "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(resource: ResourceRef, news: PropertyMap): Promise<{ id: string; outputs: PropertyMap }> {
    this.calls.push({ method: "create", urn: resource.urn, provider: providerText(news) });
    const request = addressed(new proto.CreateRequest(), resource);
    request.setProperties(toStruct(news));
    const response = await this.call<proto.CreateRequest, proto.CreateResponse>(this.client.create, request);
    return { id: response.getId(), outputs: fromStruct(response.getProperties()) };
  }

  async update(
    resource: ResourceRef,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap> {
    this.calls.push({ method: "update", urn: resource.urn, provider: providerText(news) });
    const request = addressed(new proto.UpdateRequest(), resource, id);
    request.setOlds(toStruct(oldOutputs));
    request.setOldInputs(toStruct(oldInputs));
    request.setNews(toStruct(news));
    const response = await this.call<proto.UpdateRequest, proto.UpdateResponse>(this.client.update, request);
    return fromStruct(response.getProperties());
  }

  async read(
    resource: ResourceRef,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
  ): Promise<ReadResult | undefined> {
    this.calls.push({ method: "read", urn: resource.urn, provider: providerText(outputs) });
    const request = addressed(new proto.ReadRequest(), resource, id);
    request.setProperties(toStruct(outputs));
    request.setInputs(toStruct(inputs));
    const response = await this.call<proto.ReadRequest, proto.ReadResponse>(this.client.read, request);
    if (!response.getId()) return undefined;
    return {
      id: response.getId(),
      outputs: fromStruct(response.getProperties()),
      inputs: response.hasInputs() ? fromStruct(response.getInputs()) : undefined,
    };
  }

  async delete(
    resource: ResourceRef,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
  ): Promise<void> {
    this.calls.push({ method: "delete", urn: resource.urn, provider: providerText(oldOutputs) });
    const request = addressed(new proto.DeleteRequest(), resource, id);
    request.setProperties(toStruct(oldOutputs));
    request.setOldInputs(toStruct(oldInputs));
    await this.call(this.client.delete, request);
  }

  /** The host does not support provider previews: the engine answers with the inputs, as Pulumi's does. */
  previewOutputs(_resource: ResourceRef, news: PropertyMap): PropertyMap {
    return { ...news };
  }

  /** Closes the connection and ends the host process. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}
