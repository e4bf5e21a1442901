import type { FastifyPluginAsync } from "fastify";
import { createSessionBody, executeBody, parseBody } from "../schemas";
import type { SessionManager } from "../sessions/manager";

interface IdParams {
  id: string;
}

export function sessionRoutes(manager: SessionManager): FastifyPluginAsync {
  const execute = executeBody(manager.config.maxTimeoutSeconds);
  return async (app) => {
    app.post("/sessions", async (request, reply) => {
      const body = parseBody(createSessionBody, request.body);
      const session = await manager.create(body.sessionId);
      return reply.status(201).send({ sessionId: session.id, createdAt: session.createdAt.toISOString() });
    });

    app.get("/sessions", async () => ({ sessions: manager.list().map((s) => s.summary()) }));

    app.get<{ Params: IdParams }>("/sessions/:id", async (request) =>
      manager.get(request.params.id).summary(),
    );

    app.post<{ Params: IdParams }>("/sessions/:id/execute", async (request) => {
      manager.get(request.params.id); // 404 before a 400 for a gone session
      const body = parseBody(execute, request.body);
      return manager.execute(request.params.id, {
        code: body.code,
        language: body.language,
        timeoutSeconds: body.timeoutSeconds ?? manager.config.defaultTimeoutSeconds,
      });
    });

    app.delete<{ Params: IdParams }>("/sessions/:id", async (request) => {
      await manager.delete(request.params.id);
      return { sessionId: request.params.id, deleted: true };
    });
  };
}
