import type { S3Client } from "@aws-sdk/client-s3";
import type { FastifyPluginAsync } from "fastify";
import { HttpError } from "../errors";
import { parseBody, syncBody } from "../schemas";
import { pull, push } from "../s3-sync";
import type { SessionManager } from "../sessions/manager";

/** SDK errors carry $metadata; report them as the S3 error they are, not as our 500. */
function s3Failure(err: unknown, s3Uri: string): never {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (err instanceof HttpError || !e.$metadata) throw err;
  const status =
    e.name === "NoSuchBucket" || e.name === "NoSuchKey" ? 404 : e.name === "AccessDenied" ? 403 : 502;
  throw new HttpError(
    status,
    "S3_ERROR",
    `S3 request for ${s3Uri} failed: ${e.name ?? "Error"}: ${e.message ?? ""}`,
  );
}

export function syncRoutes(manager: SessionManager, s3: S3Client): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { id: string } }>("/sessions/:id/sync", async (request) => {
      const session = manager.get(request.params.id);
      const body = parseBody(syncBody, request.body);
      session.lastActivity = Date.now();
      const limits = manager.config.s3;
      try {
        return body.direction === "pull"
          ? await pull(s3, limits, session.dir, body.s3Uri, body.path ?? "data", session.owner)
          : await push(s3, limits, session.dir, body.s3Uri, body.path ?? "artifacts");
      } catch (err) {
        s3Failure(err, body.s3Uri);
      } finally {
        if (body.direction === "pull") session.filesChanged(); // not an artifact of the next execution
        session.lastActivity = Date.now();
      }
    });
  };
}
