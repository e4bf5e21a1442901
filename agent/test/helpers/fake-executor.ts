import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An in-process stand-in for the executor's HTTP API (`executor/README.md`) on 127.0.0.1, with the
 * ALB in front of it simulated: `tasks` executor tasks behind one address, requests without an AWSALB cookie
 * are spread round-robin across tasks (as an ALB does), and a session exists only on the task that created
 * it. It does not run code: `onExecute` decides each execution's result.
 */
export interface FakeSession {
  id: string;
  task: number;
  files: Map<string, Buffer>;
  executions: string[];
}

export interface ExecuteReply {
  /** Answer 404 SESSION_NOT_FOUND and drop the session: its task was replaced during the call. */
  gone?: boolean;
  status: "ok" | "error" | "timeout";
  stdout?: string;
  stderr?: string;
  error?: string;
  artifacts?: { path: string; size: number }[];
}

export interface FakeExecutor {
  url: string;
  /** Live sessions (deleted ones are removed). */
  sessions: Map<string, FakeSession>;
  created: string[];
  deleted: string[];
  syncs: { sessionId: string; direction: string; s3Uri: string }[];
  /** "METHOD path cookie" per request, for stickiness assertions. */
  log: { method: string; path: string; cookie: string | undefined; task: number }[];
  onExecute: (session: FakeSession, code: string, language: string) => ExecuteReply | Promise<ExecuteReply>;
  /** Makes a session vanish, as when its task is replaced (the next request for it gets 404). */
  lose(sessionId: string): void;
  /** Status to answer every execute with (e.g. 500), or undefined for normal behaviour. */
  failExecuteWith: number | undefined;
  close(): Promise<void>;
}

export async function startFakeExecutor(opts: { tasks?: number } = {}): Promise<FakeExecutor> {
  const tasks = opts.tasks ?? 1;
  let roundRobin = 0;
  let counter = 0;
  const fake: Omit<FakeExecutor, "url" | "close"> = {
    sessions: new Map(),
    created: [],
    deleted: [],
    syncs: [],
    log: [],
    onExecute: () => ({ status: "ok", stdout: "" }),
    lose(sessionId) {
      fake.sessions.delete(sessionId);
    },
    failExecuteWith: undefined,
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  // Each session's token: what the real executor returns at create and checks on every session route.
  const tokenOf = (id: string) => Buffer.from(id).toString("hex").padStart(32, "0").slice(-32);
  const gone = (res: http.ServerResponse, id: string) =>
    send(res, 404, {
      error: `session ${id} not found: it was deleted, expired, or its task was replaced`,
      code: "SESSION_NOT_FOUND",
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const cookie = req.headers.cookie;
        const pinned = /AWSALB=task-(\d+)/.exec(cookie ?? "");
        const task = pinned ? Number(pinned[1]) : roundRobin++ % tasks;
        fake.log.push({ method: req.method ?? "", path: url.pathname, cookie, task });
        const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
        const stickiness = `AWSALB=task-${task}; Expires=${new Date(Date.now() + 7 * 86_400_000).toUTCString()}; Path=/`;

        if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
        if (parts[0] !== "sessions") return send(res, 404, { error: "no such route", code: "NOT_FOUND" });
        if (req.method === "POST" && parts.length === 1) {
          const id = `fake-${++counter}`;
          fake.sessions.set(id, { id, task, files: new Map(), executions: [] });
          fake.created.push(id);
          return send(
            res,
            201,
            { sessionId: id, token: tokenOf(id), createdAt: new Date().toISOString() },
            { "set-cookie": stickiness },
          );
        }
        const id = parts[1] as string;
        const session = fake.sessions.get(id);
        // A session lives on one task: a request routed elsewhere finds nothing, exactly like a replaced task.
        if (!session || session.task !== task) return gone(res, id);
        if (req.headers.authorization !== `Bearer ${tokenOf(id)}`) {
          return send(res, 401, { error: "missing or wrong session token", code: "UNAUTHORIZED" });
        }
        if (req.method === "DELETE" && parts.length === 2) {
          fake.sessions.delete(id);
          fake.deleted.push(id);
          return send(res, 200, { sessionId: id, deleted: true });
        }
        const action = parts[2];
        if (req.method === "POST" && action === "execute") {
          if (fake.failExecuteWith)
            return send(res, fake.failExecuteWith, { error: "injected failure", code: "INTERNAL" });
          const { code, language = "python" } = JSON.parse(body.toString()) as {
            code: string;
            language?: string;
          };
          session.executions.push(code);
          const reply = await fake.onExecute(session, code, language);
          if (reply.gone) {
            fake.sessions.delete(id);
            return gone(res, id);
          }
          return send(res, 200, {
            status: reply.status,
            stdout: reply.stdout ?? "",
            stderr: reply.stderr ?? "",
            ...(reply.error ? { error: reply.error } : {}),
            durationMs: 1,
            truncated: false,
            artifacts: reply.artifacts ?? [],
            stateLost: false,
            restarted: false,
            executionCount: session.executions.length,
          });
        }
        if (action === "files" && parts.length === 2 + 1 && req.method === "GET") {
          const modified = new Date().toISOString();
          const files = [...session.files].map(([path, b]) => ({
            path,
            type: "file",
            size: b.length,
            modified,
          }));
          return send(res, 200, { sessionId: id, files, truncated: false });
        }
        if (action === "files" && parts.length > 3) {
          const path = parts.slice(3).join("/");
          if (req.method === "PUT") {
            session.files.set(path, body);
            return send(res, 201, { path, size: body.length });
          }
          const file = session.files.get(path);
          if (!file) return send(res, 404, { error: `${path} does not exist`, code: "FILE_NOT_FOUND" });
          res.writeHead(200, { "content-type": "application/octet-stream" });
          return res.end(file);
        }
        if (req.method === "POST" && action === "render") {
          // Stands in for the renderer: three small files beside report.md, or the renderer's "failed".
          const source = session.files.get("artifacts/report.md");
          if (!source)
            return send(res, 200, {
              status: "failed",
              files: [],
              warnings: [],
              durationMs: 1,
              error: "report.md was not written",
            });
          const files = ["report.html", "report.pdf", "report.docx"].map((name) => {
            const bytes = Buffer.from(`${name} of ${source.length} bytes`);
            session.files.set(`artifacts/${name}`, bytes);
            return { path: `artifacts/${name}`, size: bytes.length };
          });
          return send(res, 200, { status: "ok", files, pages: 1, citations: 1, warnings: [], durationMs: 1 });
        }
        if (req.method === "POST" && action === "sync") {
          const request = JSON.parse(body.toString()) as { direction: string; s3Uri?: string };
          const { direction } = request;
          // A push without a URI goes where the executor puts a session's artifacts.
          const s3Uri = request.s3Uri ?? `s3://local/sessions/${id}/artifacts/`;
          fake.syncs.push({ sessionId: id, direction, s3Uri });
          const prefix = s3Uri.replace(/^s3:\/\/[^/]+\//, "");
          const files =
            direction === "pull"
              ? [{ path: "data/input.csv", key: prefix, size: 3 }]
              : [...session.files]
                  .filter(([p]) => p.startsWith("artifacts/"))
                  .map(([p, b]) => ({ path: p, key: prefix + p.slice("artifacts/".length), size: b.length }));
          if (direction === "pull") session.files.set("data/input.csv", Buffer.from("a\n1"));
          return send(res, 200, { direction, s3Uri, files, count: files.length, bytes: 0 });
        }
        send(res, 404, { error: "no such route", code: "NOT_FOUND" });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
