/**
 * Pulumi's Engine service: the program's diagnostics (Log) and its root resource. Log lines are kept with
 * their severity; errors among them are what a failed program run reports.
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IEngineServer } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/engine_pb";

export type Severity = "debug" | "info" | "warning" | "error";

export interface LogEntry {
  readonly severity: Severity;
  readonly message: string;
  /** The resource the message is about, if any. */
  readonly urn: string | undefined;
}

const SEVERITIES: Readonly<Record<number, Severity>> = {
  [proto.LogSeverity.DEBUG]: "debug",
  [proto.LogSeverity.INFO]: "info",
  [proto.LogSeverity.WARNING]: "warning",
  [proto.LogSeverity.ERROR]: "error",
};

/**
 * The service implementation.
 * @param logs receives every Log call, in order
 * @param onLog optional live view (e.g. a CLI printing warnings and errors as they come)
 */
export function engineService(logs: LogEntry[], onLog?: (entry: LogEntry) => void): IEngineServer {
  let root = "";
  return {
    log(call, callback) {
      const entry: LogEntry = {
        severity: SEVERITIES[call.request.getSeverity()] ?? "info",
        message: call.request.getMessage(),
        urn: call.request.getUrn() || undefined,
      };
      logs.push(entry);
      onLog?.(entry);
      callback(null, new Empty());
    },
    getRootResource(_call, callback) {
      const response = new proto.GetRootResourceResponse();
      response.setUrn(root);
      callback(null, response);
    },
    setRootResource(call, callback) {
      root = call.request.getUrn();
      callback(null, new proto.SetRootResourceResponse());
    },
    startDebugging(_call, callback) {
      callback(null, new Empty());
    },
    requirePulumiVersion(_call, callback) {
      callback(null, new proto.RequirePulumiVersionResponse());
    },
  };
}
