import {
  createSessionRequest,
  createSessionResponse,
  deleteSessionResponse,
  executeRequest,
  executeResponse,
  sessionStatusResponse,
} from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpError } from "../errors";
import type { SessionManager } from "../sessions/manager";
import { authenticate, errorReplies, sessionOf, sessionParams } from "./common";

export function sessionRoutes(manager: SessionManager): FastifyPluginAsyncZod {
  const onRequest = authenticate(manager);
  const { maxTimeoutSeconds, defaultTimeoutSeconds } = manager.config;
  return async (app) => {
    app.post(
      "/sessions",
      {
        schema: {
          body: createSessionRequest.nullish(),
          response: { 201: createSessionResponse, ...errorReplies },
        },
      },
      async (request, reply) => {
        const { session, token } = await manager.create(request.body?.sessionId);
        return reply
          .status(201)
          .send({ sessionId: session.id, token, createdAt: session.createdAt.toISOString() });
      },
    );

    app.get(
      "/sessions/:id",
      {
        onRequest,
        schema: { params: sessionParams, response: { 200: sessionStatusResponse, ...errorReplies } },
      },
      async (request) => {
        const session = sessionOf(request);
        const usage = await manager.measure(session);
        return {
          sessionId: session.id,
          createdAt: session.createdAt.toISOString(),
          lastActivity: new Date(session.lastActivity).toISOString(),
          expiresAt: session.expiresAt.toISOString(),
          busy: session.busy,
          executionCount: session.executionCount,
          usage,
          budgets: {
            memoryBytes: manager.config.budgets.memoryBytes,
            diskBytes: manager.config.budgets.diskBytes,
          },
        };
      },
    );

    app.post(
      "/sessions/:id/execute",
      {
        onRequest,
        schema: {
          params: sessionParams,
          body: executeRequest,
          response: { 200: executeResponse, ...errorReplies },
        },
      },
      async (request) => {
        const body = request.body;
        if (body.timeoutSeconds !== undefined && body.timeoutSeconds > maxTimeoutSeconds) {
          throw new HttpError(400, "INVALID_REQUEST", `timeoutSeconds must be at most ${maxTimeoutSeconds}`);
        }
        return manager.execute(sessionOf(request), {
          code: body.code,
          language: body.language,
          timeoutSeconds: body.timeoutSeconds ?? defaultTimeoutSeconds,
        });
      },
    );

    app.delete(
      "/sessions/:id",
      {
        onRequest,
        schema: { params: sessionParams, response: { 200: deleteSessionResponse, ...errorReplies } },
      },
      async (request) => {
        const session = sessionOf(request);
        await manager.delete(session.id);
        return { sessionId: session.id, deleted: true as const };
      },
    );
  };
}
