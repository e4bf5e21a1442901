import type { S3Client } from "@aws-sdk/client-s3";
import { syncRequest, syncResponse } from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { pull, push } from "../s3/sync";
import type { SessionManager } from "../sessions/manager";
import { authenticate, errorReplies, sessionOf, sessionParams } from "./common";

export function syncRoutes(manager: SessionManager, s3: S3Client): FastifyPluginAsyncZod {
  const onRequest = authenticate(manager);
  return async (app) => {
    app.post(
      "/sessions/:id/sync",
      {
        onRequest,
        schema: {
          params: sessionParams,
          body: syncRequest,
          response: { 200: syncResponse, ...errorReplies },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        const target = {
          id: session.id,
          root: session.root,
          owner: session.owner,
          diskRoom: () => manager.diskRoom(session),
        };
        const body = request.body;
        try {
          return body.direction === "pull"
            ? await pull(s3, manager.config.s3, target, body)
            : await push(s3, manager.config.s3, target, body);
        } finally {
          if (body.direction === "pull") session.filesChanged(); // not an artifact of the next execution
          session.lastActivity = Date.now();
        }
      },
    );
  };
}
