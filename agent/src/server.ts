import {
  type AgentName,
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
import { runInvocation, ShutdownError } from "./invocation.js";
import type { Logger } from "./log.js";
import { runHealthCheck } from "./health.js";

export interface AgentServer {
  app: BedrockAgentCoreApp<typeof requestPayload>;
  /** Starts listening (the SDK's run()) and resolves once the socket is bound. */
  listen(): Promise<{ port: number; url: string }>;
  /** Aborts running invocations (their executor sessions are deleted), then closes the server. */
  close(): Promise<void>;
  /** Running invocations: each is aborted on close/SIGTERM. */
  readonly runs: Set<AbortController>;
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
async function rejectBadInvocations(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (request.method !== "POST" || request.routeOptions.url !== "/invocations") return undefined;
  const body = request.body as { sessionId?: unknown } | undefined;
  if (!request.headers[SESSION_HEADER] && !(typeof body?.sessionId === "string" && body.sessionId)) {
    return reply
      .code(400)
      .type("application/json")
      .send(JSON.stringify({ error: `Missing sessionId: send the ${SESSION_HEADER} header` }));
  }
  const parsed = parseRequestPayload(request.body);
  if (parsed.success) return undefined;
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

export function createAgentServer(
  config: AgentConfig,
  opts: { log: Logger; models?: () => Record<AgentName, Model> },
): AgentServer {
  const runs = new Set<AbortController>();
  // The handler refers to `app` only when a request arrives, long after construction.
  const app: BedrockAgentCoreApp<typeof requestPayload> = new BedrockAgentCoreApp({
    invocationHandler: {
      // The SDK validates with this schema and answers a failure with 400 { error, details: zod issues }.
      requestSchema: requestPayload,
      process: (payload, context) =>
        isHealthCheck(payload)
          ? runHealthCheck(config)
          : runInvocation(
              payload,
              { sessionId: context.sessionId, requestId: context.requestId ?? "unknown" },
              {
                config,
                log: context.log as unknown as Logger,
                runs,
                busy: () => {
                  const task = app.addAsyncTask("invocation", { sessionId: context.sessionId });
                  return () => void app.completeAsyncTask(task);
                },
                ...(opts.models ? { models: opts.models } : {}),
              },
            ),
    },
    config: { logging: { options: { level: config.logLevel } } },
  });

  fastifyOf(app).addHook("preHandler", rejectBadInvocations);

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
      for (const run of runs) run.abort(new ShutdownError("the agent is shutting down"));
      // Fastify's close waits for in-flight responses, i.e. for each run's cleanup (session delete) to finish.
      await fastifyOf(app).close();
    },
  };
}
