/**
 * The gRPC server a program talks to: the ResourceMonitor and Engine services on one loopback port.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { engineService } from "./engine-service";
import type { LogEntry } from "./engine-service";
import { monitorService } from "./monitor-service";
import type { MonitorContext, MonitorRecord } from "./monitor-service";

/** Message size limits as large as Pulumi's own (state and serialized providers can be big). */
export const GRPC_MESSAGE_LIMITS: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": 400 * 1024 * 1024,
  "grpc.max_send_message_length": 400 * 1024 * 1024,
};

export interface EngineServer {
  /** `127.0.0.1:<port>`: both the monitor and the engine address. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * Starts both services on an OS-chosen loopback port.
 * @param onLog live view of the program's log entries @default none
 */
export async function startEngineServer(
  context: MonitorContext,
  record: MonitorRecord,
  logs: LogEntry[],
  onLog?: (entry: LogEntry) => void,
): Promise<EngineServer> {
  const server = new grpc.Server(GRPC_MESSAGE_LIMITS);
  server.addService(ResourceMonitorService, monitorService(context, record));
  server.addService(EngineService, engineService(logs, onLog));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) =>
        server.tryShutdown(() => {
          resolve();
        }),
      ).then(() => server.forceShutdown()),
  };
}
