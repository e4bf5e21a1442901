import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { apiRoutes } from "./api.js";
import type { Backend } from "./backend.js";
import {
  hostAllowed,
  originAllowed,
  PAGE_CSP,
  ticketMatches,
  TOKEN_HEADER,
  tokenMatches,
} from "./security.js";

/** The page and its assets, served as they are (no build step). */
const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};

export interface ConsoleServerOptions {
  backend: Backend;
  /** The per-launch token every API request must carry. */
  token: string;
  /** The port it will listen on: Host and Origin checks need it before listening. */
  port: number;
  /** Largest upload accepted. @default 2 GiB */
  uploadLimitBytes?: number;
}

/**
 * The console's HTTP server. It listens on 127.0.0.1 only; every request must name it in Host (no DNS
 * rebinding) and, when a browser sends an Origin, come from its own origin; every /api request carries the
 * per-launch token in a header (`x-console-token`), which the page takes from the `#token=` of the URL the
 * console printed (a fragment: never sent to a server, never in a log). URLs that cannot carry a header (the
 * report's frame, download links, charts) carry a ticket valid for that one file. No cookies: another site,
 * or another local server on another port, has nothing to replay.
 */
export function createConsoleServer(options: ConsoleServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const assets = Object.fromEntries(
    Object.entries(ASSETS).map(([route, a]) => [
      route,
      { body: readFileSync(PUBLIC_DIR + a.file), type: a.type },
    ]),
  );

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    void reply
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .header("cache-control", "no-store");
    if (!hostAllowed(request.headers.host, options.port))
      return reply.code(403).send({ error: `requests must be addressed to 127.0.0.1:${options.port}` });
    if (!originAllowed(request.headers.origin, options.port))
      return reply.code(403).send({ error: "cross-origin requests are refused" });
    if (!request.url.startsWith("/api/")) return undefined;
    if (tokenMatches(request.headers[TOKEN_HEADER] as string | undefined, options.token)) return undefined;
    const url = new URL(request.url, "http://console");
    if (
      request.method === "GET" &&
      ticketMatches(options.token, url.pathname, url.searchParams.get("ticket") ?? undefined)
    )
      return undefined;
    return reply
      .code(401)
      .send({ error: "missing or wrong console token: open the URL npm run console printed" });
  });

  for (const [route, asset] of Object.entries(assets)) {
    app.get(route, async (_request, reply) =>
      reply.header("content-type", asset.type).header("content-security-policy", PAGE_CSP).send(asset.body),
    );
  }
  app.register(
    apiRoutes(options.backend, {
      token: options.token,
      uploadLimitBytes: options.uploadLimitBytes ?? 2 * 1024 ** 3,
    }),
    {
      prefix: "/api",
    },
  );
  return app;
}

/** Listens on 127.0.0.1 (never another address) and returns the URL to open, token included. */
export async function listen(
  app: FastifyInstance,
  port: number,
  token: string,
): Promise<{ url: string; port: number }> {
  await app.listen({ host: "127.0.0.1", port });
  const bound = (app.server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${bound}/#token=${token}`, port: bound };
}
