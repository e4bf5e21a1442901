import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { type AgentEvent, RUN_ID_PATTERN, runKeys, SseDecoder } from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsync } from "fastify";
import { contentTypeOf, InvokeRefusedError, listRuns } from "agent/client";
import { z } from "zod";
import type { Backend } from "./backend.js";
import { artifactTicket, REPORT_CSP } from "./security.js";

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const startRunBody = z
  .object({
    prompt: z.string().trim().min(1, "prompt must not be empty").max(20_000),
    sessionId: z.string().regex(SESSION_ID, "sessionId may use letters, digits, ., _ and -").optional(),
    dataUri: z.string().startsWith("s3://").optional(),
    language: z.enum(["ko", "en"]).optional(),
  })
  .strict();

/** A file name as a key segment: letters (any script), digits, . _ - and spaces; at most 100 characters. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._ -]/gu, "_")
    .replace(/^[.\s]+/, "")
    .slice(0, 100);
  return cleaned || "upload.csv";
}

function newSessionId(): string {
  // AgentCore session ids are at least 33 characters.
  return `console-${randomUUID()}`;
}

/** The first event for which `until` holds or, with no match, the last event of the stream. */
async function findEvent(
  stream: AsyncIterable<Uint8Array | string>,
  until: (type: string) => boolean,
): Promise<AgentEvent | undefined> {
  const decoder = new SseDecoder();
  const text = new TextDecoder();
  let last: AgentEvent | undefined;
  for await (const chunk of stream) {
    for (const event of decoder.push(
      typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }),
    )) {
      if (until(event.type)) return event;
      last = event;
    }
  }
  return last;
}

/** The console's JSON API under /api (the token is checked before any of it runs). */
export function apiRoutes(
  backend: Backend,
  limits: { token: string; uploadLimitBytes: number },
): FastifyPluginAsync {
  return async (app) => {
    app.get("/info", async () => ({ mode: backend.mode, label: backend.label }));

    app.get("/runs", async () => ({ runs: await listRuns(backend.store, 200) }));

    // An input file, streamed to the bucket (S3 multipart) or the local folder as it arrives.
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", { bodyLimit: limits.uploadLimitBytes }, (_request, payload, done) =>
        done(null, payload),
      );
      scope.post<{ Querystring: { name?: string; sessionId?: string } }>(
        "/inputs",
        async (request, reply) => {
          const declared = Number(request.headers["content-length"] ?? 0);
          if (declared > limits.uploadLimitBytes)
            return reply
              .code(413)
              .send({ error: `the file is larger than ${limits.uploadLimitBytes} bytes` });
          const sessionId = request.query.sessionId ?? newSessionId();
          if (!SESSION_ID.test(sessionId)) return reply.code(400).send({ error: "bad sessionId" });
          const name = safeFileName(request.query.name ?? "upload.csv");
          const { uri, size } = await backend.putInput(sessionId, name, request.body as Readable);
          return reply.code(201).send({ sessionId, dataUri: uri, size });
        },
      );
    });

    // Starts a run and answers once the agent has said `start`; the run goes on without this connection.
    app.post("/runs", async (request, reply) => {
      const parsed = startRunBody.safeParse(request.body);
      if (!parsed.success)
        return reply.code(400).send({ error: parsed.error.issues.map((i) => i.message).join("; ") });
      const { prompt, dataUri, language } = parsed.data;
      const sessionId = parsed.data.sessionId ?? newSessionId();
      const upstream = new AbortController();
      try {
        const stream = await backend
          .target(sessionId)
          .invoke(
            { prompt, ...(dataUri ? { data: { s3Uri: dataUri } } : {}), ...(language ? { language } : {}) },
            upstream.signal,
          );
        const first = await findEvent(stream, (type) => type === "start" || type === "error");
        if (first?.type === "start") return reply.code(202).send({ sessionId, runId: first.runId });
        return reply
          .code(502)
          .send({ error: first?.type === "error" ? first.message : "the agent said nothing" });
      } catch (err) {
        if (err instanceof InvokeRefusedError)
          return reply.code(err.status === 409 ? 409 : 400).send({ error: err.message });
        throw err;
      } finally {
        upstream.abort();
      }
    });

    // The run's events as SSE: replayed from the start, then live to the end (the agent's attach).
    app.get<{ Params: { sessionId: string } }>("/runs/:sessionId/events", async (request, reply) => {
      if (!SESSION_ID.test(request.params.sessionId)) return reply.code(400).send({ error: "bad sessionId" });
      const upstream = new AbortController();
      request.raw.on("close", () => upstream.abort());
      const stream = await backend.target(request.params.sessionId).invoke({ attach: true }, upstream.signal);
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      try {
        for await (const chunk of stream) reply.raw.write(chunk);
      } catch (err) {
        if (!upstream.signal.aborted) reply.raw.write(`: upstream failed: ${(err as Error).message}\n\n`);
      }
      reply.raw.end();
      return reply;
    });

    app.post<{ Params: { sessionId: string } }>("/runs/:sessionId/cancel", async (request, reply) => {
      if (!SESSION_ID.test(request.params.sessionId)) return reply.code(400).send({ error: "bad sessionId" });
      const stream = await backend.target(request.params.sessionId).invoke({ cancel: true });
      const last = await findEvent(stream, () => false).catch(() => undefined);
      return { cancelled: true, ...(last ? { last } : {}) };
    });

    // A run's artifacts, each with a ticketed URL the page can put in a frame, an <img> or a download link.
    app.get<{ Params: { sessionId: string; runId: string } }>(
      "/runs/:sessionId/:runId/artifacts",
      async (request, reply) => {
        const { sessionId, runId } = request.params;
        if (!SESSION_ID.test(sessionId) || !RUN_ID_PATTERN.test(runId))
          return reply.code(400).send({ error: "bad run" });
        const prefix = runKeys.artifactsPrefix(sessionId, runId);
        const files = (await backend.store.list(prefix)).map((o) => {
          const file = o.key.slice(prefix.length);
          const url = `/api/runs/${encodeURIComponent(sessionId)}/${runId}/artifacts/${file.split("/").map(encodeURIComponent).join("/")}`;
          return { path: file, size: o.size, url: `${url}?ticket=${artifactTicket(limits.token, url)}` };
        });
        return { files };
      },
    );

    // An artifact of a run: shown inline (the report, charts) or downloaded (?download=1).
    app.get<{
      Params: { sessionId: string; runId: string; "*": string };
      Querystring: { download?: string };
    }>("/runs/:sessionId/:runId/artifacts/*", async (request, reply) => {
      const { sessionId, runId } = request.params;
      const file = request.params["*"];
      const parts = file.split("/");
      if (
        !SESSION_ID.test(sessionId) ||
        !RUN_ID_PATTERN.test(runId) ||
        parts.some((p) => p === "" || p === "." || p === "..")
      )
        return reply.code(400).send({ error: "bad artifact path" });
      const opened = await backend.store.open(runKeys.artifactsPrefix(sessionId, runId) + file);
      if (!opened) return reply.code(404).send({ error: `${file} does not exist` });
      const name = parts[parts.length - 1] as string;
      void reply.header("content-type", contentTypeOf(name)).header("content-length", opened.size);
      void reply.header("content-security-policy", REPORT_CSP);
      if (request.query.download !== undefined)
        void reply.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      return reply.send(opened.body);
    });
  };
}
