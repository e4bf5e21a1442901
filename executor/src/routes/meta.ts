import { healthResponse, infoResponse } from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { taskIdentity } from "../info";
import type { SessionManager } from "../sessions/manager";
import { errorReplies } from "./common";

/** The architecture python/seccomp_filter.py has a filter for, as the kernel names it (null: none, refused). */
export function seccompArchitecture(nodeArch: string = process.arch): string | null {
  return nodeArch === "x64" ? "x86_64" : nodeArch === "arm64" ? "aarch64" : null;
}

export function metaRoutes(manager: SessionManager): FastifyPluginAsyncZod {
  const startedAt = Date.now();
  return async (app) => {
    app.get(
      "/health",
      { schema: { response: { 200: healthResponse, 503: healthResponse } } },
      async (_request, reply) => {
        if (manager.draining) return reply.status(503).send({ status: "draining", sessions: manager.count });
        return { status: "ok" as const, sessions: manager.count };
      },
    );

    app.get("/info", { schema: { response: { 200: infoResponse, ...errorReplies } } }, async () => {
      const zygote = manager.zygoteInfo;
      const { config } = manager;
      return {
        service: "executor" as const,
        version: config.version,
        ...(await taskIdentity()),
        sessions: { count: manager.count, max: config.maxSessions, spareWorkers: manager.spareCount },
        draining: manager.draining,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        python: {
          executable: zygote?.executable ?? config.python,
          version: zygote?.python ?? null,
          preloaded: zygote?.preloaded ?? [],
          preloadFailed: zygote?.failed ?? [],
        },
        isolation: {
          perSessionUid: config.workerUidBase !== null,
          seccompArchitecture: seccompArchitecture(),
          memoryAccounting: manager.memoryAccounting,
        },
        limits: {
          defaultTimeoutSeconds: config.defaultTimeoutSeconds,
          maxTimeoutSeconds: config.maxTimeoutSeconds,
          idleTimeoutSeconds: config.idleTimeoutSeconds,
          maxLifetimeSeconds: config.maxLifetimeSeconds,
          sessionMemoryBytes: config.budgets.memoryBytes,
          sessionDiskBytes: config.budgets.diskBytes,
          taskMemoryBytes: config.budgets.taskMemoryBytes,
          addressSpaceBytes: config.limits.addressSpaceBytes,
          processes: config.limits.processes,
          cpuSeconds: config.limits.cpuSeconds,
          openFiles: config.limits.openFiles,
          outputBytes: config.limits.outputBytes,
        },
      };
    });
  };
}
