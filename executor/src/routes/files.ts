import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyPluginAsync } from "fastify";
import { HttpError } from "../errors";
import { prepareWrite, resolveForRead, tempNameFor, walk } from "../files";
import { contentTypeFor } from "../mime";
import type { SessionManager } from "../sessions/manager";

interface FileParams {
  id: string;
  "*": string;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "UPLOAD_TOO_LARGE", `upload is larger than the limit (${limit} bytes)`);
}

export function fileRoutes(manager: SessionManager): FastifyPluginAsync {
  const limit = manager.config.uploadLimitBytes;
  return async (app) => {
    app.get<{ Params: { id: string } }>("/sessions/:id/files", async (request) => {
      const session = manager.get(request.params.id);
      const { entries, truncated } = await walk(session.dir);
      return {
        sessionId: session.id,
        files: entries.map(({ path, type, size, modified }) => ({ path, type, size, modified })),
        truncated,
      };
    });

    app.get<{ Params: FileParams }>("/sessions/:id/files/*", async (request, reply) => {
      const session = manager.get(request.params.id);
      const { file, stat } = await resolveForRead(session.dir, request.params["*"]);
      session.lastActivity = Date.now();
      return reply
        .header("content-type", contentTypeFor(file))
        .header("content-length", stat.size)
        .send(createReadStream(file));
    });

    // Uploads: raw bytes of any content type, streamed to disk with a byte cap.
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
      scope.put<{ Params: FileParams }>("/sessions/:id/files/*", async (request, reply) => {
        const session = manager.get(request.params.id);
        const declared = Number(request.headers["content-length"] ?? 0);
        if (declared > limit) throw tooLarge(limit);
        const target = await prepareWrite(session.dir, request.params["*"], session.owner);
        const source = (request.body as Readable | undefined) ?? request.raw;
        const temp = tempNameFor(target);
        let size = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, callback) {
            size += chunk.length;
            callback(size > limit ? tooLarge(limit) : null, chunk);
          },
        });
        try {
          await pipeline(source, counter, createWriteStream(temp, { flags: "wx", mode: 0o644 }));
          if (session.owner) await fs.chown(temp, session.owner.uid, session.owner.gid);
          await fs.rename(temp, target);
        } catch (err) {
          await fs.rm(temp, { force: true });
          if (err instanceof HttpError && err.statusCode === 413) reply.header("connection", "close");
          throw err;
        } finally {
          session.filesChanged(); // not an artifact of the next execution
        }
        session.lastActivity = Date.now();
        const path = request.params["*"]
          .split("/")
          .filter((s) => s !== "" && s !== ".")
          .join("/");
        return reply.status(201).send({ path, size });
      });
    });
  };
}
