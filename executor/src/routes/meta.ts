import type { FastifyPluginAsync } from "fastify";
import { taskIdentity } from "../info";
import type { SessionManager } from "../sessions/manager";

export function metaRoutes(manager: SessionManager): FastifyPluginAsync {
  const startedAt = Date.now();
  return async (app) => {
    app.get("/health", async (_request, reply) => {
      if (manager.draining) return reply.status(503).send({ status: "draining", sessions: manager.count });
      return { status: "ok", sessions: manager.count };
    });

    app.get("/info", async () => {
      const zygote = manager.zygoteInfo;
      return {
        service: "executor",
        version: manager.config.version,
        ...(await taskIdentity()),
        sessions: { count: manager.count, max: manager.config.maxSessions, spareWorkers: manager.spareCount },
        draining: manager.draining,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        python: {
          executable: zygote?.executable ?? manager.config.python,
          version: zygote?.python ?? null,
          preloaded: zygote?.preloaded ?? [],
          preloadFailed: zygote?.failed ?? [],
        },
        limits: {
          defaultTimeoutSeconds: manager.config.defaultTimeoutSeconds,
          maxTimeoutSeconds: manager.config.maxTimeoutSeconds,
          idleTimeoutSeconds: manager.config.idleTimeoutSeconds,
          perUidWorkers: manager.config.workerUidBase !== null,
          ...manager.config.limits,
        },
      };
    });
  };
}
