import {
  type AgentName,
  isAttach,
  isCancel,
  isHealthCheck,
  parseRequestPayload,
  requestPayload,
  SESSION_HEADER,
} from "agentcore-vpc-platform-contract";
import type { AddressInfo } from "node:net";
import type { Model } from "@strands-agents/sdk";
import type { FastifyReply, FastifyRequest } from "fastify";
import { BedrockAgentCoreApp } from "bedrock-agentcore/runtime";
import type { AgentConfig } from "./config.js";
import { attachToRun, cancelRun, followRun, storeFor } from "./invocation.js";
import type { Logger } from "./log.js";
import { runHealthCheck } from "./health.js";
import type { ObjectStore } from "./client/store.js";
import { RunRegistry } from "./runs/registry.js";

export interface AgentServer {
  app: BedrockAgentCoreApp<typeof requestPayload>;
  /** Starts listening (the SDK's run()) and resolves once the socket is bound. */
  listen(): Promise<{ port: number; url: string }>;
  /** Aborts running runs (their executor sessions are deleted), then closes the server. */
  close(): Promise<void>;
  /** Running runs by session id: they outlive their clients; each is aborted on close/SIGTERM. */
  readonly runs: RunRegistry;
}

interface FastifyLike {
  server: { listening: boolean; address(): AddressInfo | string | null };
  close(): Promise<void>;
  addHook(name: "preHandler", hook: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void;
}

/**
 * Payload and session checks before the SDK's handler. The SDK (0.4.4) does validate with requestSchema, but
 * when the client accepts text/event-stream (as AgentCore clients do) its 400 reply is sent on a response
 * already switched to SSE and Fastify turns it into an empty 500. Rejecting here, before the SSE plugin
 * touches the response, gives every client a JSON 400 that names the field.
 */
function checkInvocations(runs: RunRegistry) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (request.method !== "POST" || request.routeOptions.url !== "/invocations") return undefined;
    const body = request.body as { sessionId?: unknown } | undefined;
    const header = request.headers[SESSION_HEADER];
    const sessionId =
      typeof header === "string" && header
        ? header
        : typeof body?.sessionId === "string"
          ? body.sessionId
          : "";
    if (!sessionId) {
      return reply
        .code(400)
        .type("application/json")
        .send(JSON.stringify({ error: `Missing sessionId: send the ${SESSION_HEADER} header` }));
    }
    const parsed = parseRequestPayload(request.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) =>
        i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message,
      );
      return reply
        .code(400)
        .type("application/json")
        .send(
          JSON.stringify({
            error: `Invalid invocation payload: ${problems.join("; ")}`,
            details: parsed.error.issues,
          }),
        );
    }
    const running = runs.running(sessionId);
    const isRun = !isHealthCheck(parsed.data) && !isAttach(parsed.data) && !isCancel(parsed.data);
    if (isRun && running) {
      return reply
        .code(409)
        .type("application/json")
        .send(
          JSON.stringify({
            error:
              `session ${sessionId} is already running run ${running.runId} (started ` +
              `${running.startedAt.toISOString()}): attach to it or cancel it first`,
            code: "RUN_IN_PROGRESS",
            running: { sessionId, runId: running.runId, startedAt: running.startedAt.toISOString() },
          }),
        );
    }
    return undefined;
  };
}

/**
 * bedrock-agentcore 0.4.4 exposes run() but neither the bound address nor a way to close: both are read from
 * its Fastify instance, which it keeps in `_app`. Checked at runtime so an SDK change fails loudly here.
 */
function fastifyOf(app: object): FastifyLike {
  const inner = (app as { _app?: unknown })._app as Partial<FastifyLike> | undefined;
  if (!inner?.server || typeof inner.close !== "function") {
    throw new Error("bedrock-agentcore: BedrockAgentCoreApp no longer keeps its Fastify instance in _app");
  }
  return inner as FastifyLike;
}

export interface AgentServerOptions {
  log: Logger;
  /** Test seam: the models of each run. @default createModels(config) */
  models?: () => Record<AgentName, Model>;
  /** Test seam: where runs keep their records, logs and artifacts. @default storeFor(config) */
  store?: ObjectStore;
  /** How long a run's event may wait before its log segment is written. @default 1000 */
  logFlushMs?: number;
}

export function createAgentServer(config: AgentConfig, opts: AgentServerOptions): AgentServer {
  const store = opts.store ?? storeFor(config);
  const runs: RunRegistry = new RunRegistry({
    config,
    log: opts.log,
    store,
    ...(opts.models ? { models: opts.models } : {}),
    ...(opts.logFlushMs !== undefined ? { logFlushMs: opts.logFlushMs } : {}),
    // A run, not a connection, keeps the runtime busy: /ping answers HealthyBusy until it has ended.
    busy: (sessionId) => {
      const task = app.addAsyncTask("run", { sessionId });
      return () => void app.completeAsyncTask(task);
    },
  });
  // The handler refers to `app` only when a request arrives, long after construction.
  const app: BedrockAgentCoreApp<typeof requestPayload> = new BedrockAgentCoreApp({
    invocationHandler: {
      // The SDK validates with this schema and answers a failure with 400 { error, details: zod issues }.
      requestSchema: requestPayload,
      process: (payload, context) => {
        if (isHealthCheck(payload)) return runHealthCheck(config);
        if (isAttach(payload)) return attachToRun(runs, store, context.sessionId);
        if (isCancel(payload)) return cancelRun(runs, context.sessionId);
        return followRun(runs.start(payload, context.sessionId, context.requestId ?? "unknown"));
      },
    },
    config: { logging: { options: { level: config.logLevel } } },
  });

  fastifyOf(app).addHook("preHandler", checkInvocations(runs));

  return {
    app,
    runs,
    async listen() {
      app.run({ port: config.port, host: config.host });
      const fastify = fastifyOf(app);
      const until = Date.now() + 30_000;
      while (!fastify.server.listening) {
        if (Date.now() > until) throw new Error("the agent server did not start listening within 30 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const address = fastify.server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return { port: address.port, url: `http://${host}:${address.port}` };
    },
    async close() {
      await runs.shutdown();
      await fastifyOf(app).close();
    },
  };
}
