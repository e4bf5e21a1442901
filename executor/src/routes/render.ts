import path from "node:path";
import { renderRequest, renderResponse, type RenderResponse } from "agentcore-vpc-platform-contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { HttpError } from "../errors";
import type { SessionManager } from "../sessions/manager";
import { PYTHON_DIR } from "../sessions/zygote";
import { authenticate, errorReplies, sessionOf, sessionParams } from "./common";

/** The renderer's entry script: a helper of the server, never a file a session wrote. */
export const RENDER_SCRIPT = path.join(PYTHON_DIR, "render_report.py");
/** How long one rendering may take (a CJK report of many pages takes seconds; this bounds a hostile one). */
export const RENDER_TIMEOUT_MS = 180_000;

/** What python/report_render prints: one JSON line. */
const rendererAnswer = z.object({
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative() })).optional(),
  pages: z.number().int().nonnegative().optional(),
  citations: z.number().int().nonnegative().optional(),
  warnings: z.array(z.string()).optional(),
  error: z.string().optional(),
});

/**
 * `POST /sessions/{id}/render`: renders the session's artifacts/report.md to report.html, report.pdf and
 * report.docx beside it with the platform's renderer (python/report_render), run as a helper process: fresh
 * (not the session's interpreter), confined exactly like the session's worker (its uid, environment, limits,
 * seccomp). 200 with status "failed" and the reason when there is nothing to render.
 */
export function renderRoutes(manager: SessionManager): FastifyPluginAsyncZod {
  const onRequest = authenticate(manager);
  return async (app) => {
    app.post(
      "/sessions/:id/render",
      {
        onRequest,
        schema: {
          params: sessionParams,
          body: renderRequest,
          response: { 200: renderResponse, ...errorReplies },
        },
      },
      async (request): Promise<RenderResponse> => {
        const session = sessionOf(request);
        const result = await manager.runHelper(session, {
          script: RENDER_SCRIPT,
          args: [path.join(session.dir, "artifacts"), request.body.source],
          timeoutMs: RENDER_TIMEOUT_MS,
        });
        session.filesChanged(); // the rendered files are not the next execution's artifacts
        session.lastActivity = Date.now();
        if (result.timedOut)
          throw new HttpError(
            504,
            "RENDER_TIMEOUT",
            `rendering took longer than ${RENDER_TIMEOUT_MS / 1000} s`,
          );
        const answer = rendererAnswer.safeParse(JSON.parse(lastLine(result.stdout) || "null"));
        if (!answer.success || (result.exitCode !== 0 && result.exitCode !== 2)) {
          const tail = result.stderr.trim().split("\n").slice(-5).join("\n");
          throw new HttpError(
            500,
            "RENDER_FAILED",
            `the report renderer failed (exit ${result.exitCode ?? result.signal}): ${tail}`,
          );
        }
        const { files = [], pages, citations, warnings = [], error } = answer.data;
        if (result.exitCode === 2 || error)
          return {
            status: "failed",
            files: [],
            warnings,
            durationMs: result.durationMs,
            error: error ?? "nothing rendered",
          };
        return {
          status: "ok",
          files: files.map((f) => ({ path: `artifacts/${f.path}`, size: f.size })),
          ...(pages !== undefined ? { pages } : {}),
          ...(citations !== undefined ? { citations } : {}),
          warnings,
          durationMs: result.durationMs,
        };
      },
    );
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}
