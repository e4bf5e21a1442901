import { closeSync, createReadStream, createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { listFilesResponse, uploadFileResponse } from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsyncZod, ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { HttpError } from "../errors";
import { openForRead, openForWrite } from "../fs/session-files";
import { listTree } from "../fs/tree";
import { contentTypeFor } from "../mime";
import { byteLimit, overDiskBudget } from "../s3/sync";
import type { SessionManager } from "../sessions/manager";
import { authenticate, errorReplies, fileParams, sessionOf, sessionParams } from "./common";

const fileBytes = z.custom<Readable | Buffer>();

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "UPLOAD_TOO_LARGE", `upload is larger than the limit (${limit} bytes)`);
}

export function fileRoutes(manager: SessionManager): FastifyPluginAsyncZod {
  const limit = manager.config.uploadLimitBytes;
  const onRequest = authenticate(manager);
  return async (app) => {
    app.get(
      "/sessions/:id/files",
      { onRequest, schema: { params: sessionParams, response: { 200: listFilesResponse, ...errorReplies } } },
      async (request) => {
        const session = sessionOf(request);
        const { entries, truncated } = await listTree(session.root);
        return { sessionId: session.id, files: entries, truncated };
      },
    );

    app.get(
      "/sessions/:id/files/*",
      // 200 is the file's bytes, streamed: Fastify sends streams and buffers without serializing them
      { onRequest, schema: { params: fileParams, response: { 200: fileBytes, ...errorReplies } } },
      async (request, reply) => {
        const session = sessionOf(request);
        const file = request.params["*"];
        const { fd, stats } = openForRead(session.root, file, session.owner);
        session.lastActivity = Date.now();
        reply.header("content-type", contentTypeFor(file)).header("content-length", stats.size);
        if (stats.size === 0) {
          closeSync(fd);
          return reply.send(Buffer.alloc(0));
        }
        return reply.send(createReadStream("", { fd, start: 0, end: stats.size - 1 }));
      },
    );

    // Uploads: raw bytes of any content type, streamed to disk with a byte cap and the disk budget.
    app.register(async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
      scope.put(
        "/sessions/:id/files/*",
        { onRequest, schema: { params: fileParams, response: { 201: uploadFileResponse, ...errorReplies } } },
        async (request, reply) => {
          const session = sessionOf(request);
          const declared = Number(request.headers["content-length"] ?? 0);
          if (declared > limit) throw tooLarge(limit);
          const room = await manager.diskRoom(session);
          if (declared > room) throw overDiskBudget(declared, room);
          const writer = openForWrite(session.root, request.params["*"], session.owner);
          const source = (request.body as Readable | undefined) ?? request.raw;
          const counter = byteLimit(Math.min(limit, room), (seen) =>
            seen > limit ? tooLarge(limit) : overDiskBudget(seen, room),
          );
          try {
            await pipeline(source, counter, createWriteStream("", { fd: writer.fd }));
            writer.commit();
          } catch (err) {
            writer.abort();
            // the rest of the body is not read: the connection cannot carry another request
            if (err instanceof HttpError) reply.header("connection", "close");
            throw err;
          } finally {
            session.filesChanged(); // not an artifact of the next execution
          }
          session.lastActivity = Date.now();
          return reply.status(201).send({ path: writer.path, size: counter.bytes });
        },
      );
    });
  };
}
