import {
  createSessionResponse,
  deleteSessionResponse,
  executeResponse,
  listFilesResponse,
  renderResponse,
  sessionAuthorization,
  syncResponse,
  uploadFileResponse,
  type ExecuteRequest,
  type ExecuteResponse,
  type FileEntry,
  type RenderResponse,
  type SyncRequest,
  type SyncResponse,
} from "agentcore-vpc-platform-contract";
import type { z } from "zod";
import { abortableSleep, backoffDelay, isRetryable } from "../retry.js";
import { CookieJar } from "./cookie-jar.js";

/** What one execution returned (the contract's `executeResponse`). */
export type ExecuteResult = ExecuteResponse;

export class ExecutorError extends Error {
  override name = "ExecutorError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** 404 for a session: deleted, expired, or its task was replaced (then the ALB cookie points nowhere). */
export class SessionGoneError extends ExecutorError {
  override name = "SessionGoneError";
}

export interface ExecutorClientOptions {
  fetch?: typeof fetch;
  /** Attempts for idempotent requests that fail with a network error or 502/503/504. */
  transientAttempts?: number;
  requestTimeoutMs?: number;
}

const TRANSIENT_POLICY = { maxAttempts: 3, baseMs: 200, maxMs: 2_000 };

/**
 * The executor's HTTP API, one cookie jar per client = per executor session. Sessions are capabilities: the
 * token `POST /sessions` returns is kept here (never logged) and sent on every request for that session, and
 * every response is read through the contract's schema.
 */
export class ExecutorClient {
  readonly jar = new CookieJar();
  private readonly tokens = new Map<string, string>();
  private readonly fetchImpl: typeof fetch;
  private readonly attempts: number;
  private readonly timeoutMs: number;

  constructor(
    readonly baseUrl: string,
    opts: ExecutorClientOptions = {},
  ) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.attempts = opts.transientAttempts ?? TRANSIENT_POLICY.maxAttempts;
    this.timeoutMs = opts.requestTimeoutMs ?? 120_000;
  }

  async createSession(signal?: AbortSignal): Promise<string> {
    // Safe to repeat on a transient failure: a request that never reached a task created nothing.
    const body = await this.json(createSessionResponse, "POST", "/sessions", {
      signal,
      retry: true,
      body: {},
    });
    this.tokens.set(body.sessionId, body.token);
    return body.sessionId;
  }

  execute(sessionId: string, request: ExecuteRequest, signal?: AbortSignal): Promise<ExecuteResult> {
    const timeoutMs = ((request.timeoutSeconds ?? 300) + 30) * 1000;
    return this.json(executeResponse, "POST", `/sessions/${enc(sessionId)}/execute`, {
      session: sessionId,
      body: request,
      signal,
      timeoutMs,
    });
  }

  async putFile(
    sessionId: string,
    path: string,
    content: Uint8Array | string,
    signal?: AbortSignal,
  ): Promise<void> {
    const res = await this.request("PUT", `/sessions/${enc(sessionId)}/files/${encPath(path)}`, {
      session: sessionId,
      raw: content,
      signal,
      retry: true,
    });
    parseBody(uploadFileResponse, await res.json(), res.status);
  }

  async getFile(sessionId: string, path: string, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.request("GET", `/sessions/${enc(sessionId)}/files/${encPath(path)}`, {
      session: sessionId,
      signal,
      retry: true,
    });
    return Buffer.from(await res.arrayBuffer());
  }

  async listFiles(sessionId: string, signal?: AbortSignal): Promise<FileEntry[]> {
    const body = await this.json(listFilesResponse, "GET", `/sessions/${enc(sessionId)}/files`, {
      session: sessionId,
      signal,
      retry: true,
    });
    return body.files;
  }

  /** Pull: data in (from the bucket's `data/` or the session's own prefix); push: artifacts out. */
  sync(sessionId: string, request: SyncRequest, signal?: AbortSignal): Promise<SyncResponse> {
    return this.json(syncResponse, "POST", `/sessions/${enc(sessionId)}/sync`, {
      session: sessionId,
      body: request,
      signal,
      timeoutMs: 600_000,
    });
  }

  /** Renders artifacts/report.md to HTML, PDF and DOCX beside it (the platform's renderer, not session code). */
  render(sessionId: string, signal?: AbortSignal): Promise<RenderResponse> {
    return this.json(renderResponse, "POST", `/sessions/${enc(sessionId)}/render`, {
      session: sessionId,
      body: {},
      signal,
      timeoutMs: 300_000,
    });
  }

  /** True when deleted, false when the executor no longer knew the session (nothing left to free). */
  async deleteSession(sessionId: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.json(deleteSessionResponse, "DELETE", `/sessions/${enc(sessionId)}`, {
        session: sessionId,
        signal,
        retry: true,
        timeoutMs: 30_000,
      });
      return true;
    } catch (err) {
      if (err instanceof SessionGoneError) return false;
      throw err;
    } finally {
      this.tokens.delete(sessionId);
    }
  }

  private async json<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    opts: RequestOptions,
  ): Promise<z.infer<S>> {
    const res = await this.request(method, path, opts);
    return parseBody(schema, await res.json(), res.status);
  }

  private async request(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    const attempts = opts.retry ? this.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, url, opts);
      } catch (err) {
        if (attempt >= attempts || opts.signal?.aborted || !isTransient(err)) throw err;
        await abortableSleep(backoffDelay(attempt, TRANSIENT_POLICY), opts.signal);
      }
    }
  }

  private async once(method: string, url: URL, opts: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (opts.session !== undefined) {
      const token = this.tokens.get(opts.session);
      if (!token)
        throw new SessionGoneError(
          `no token for executor session ${opts.session}: it was not created here`,
          404,
          "SESSION_NOT_FOUND",
        );
      headers.authorization = sessionAuthorization(token);
    }
    let body: string | Uint8Array | undefined;
    if (opts.raw !== undefined) {
      headers["content-type"] = "application/octet-stream";
      body = opts.raw;
    } else if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const res = await this.fetchImpl(url, { method, headers, body, signal });
    this.jar.store(res.headers.getSetCookie(), url);
    if (res.ok) return res;
    const text = await res.text();
    let message = text;
    let code = `HTTP_${res.status}`;
    try {
      const parsed = JSON.parse(text) as { error?: string; code?: string; message?: string };
      message = parsed.error ?? parsed.message ?? text;
      code = parsed.code ?? code;
    } catch {
      // not JSON (an ALB error page, say): keep the text
    }
    const summary = `executor ${method} ${url.pathname} failed with ${res.status}: ${message.slice(0, 500)}`;
    // The executor says SESSION_NOT_FOUND; a bare 404 on a session route (no JSON body) means the same.
    // A 404 for a missing file inside a live session (FILE_NOT_FOUND) is an ordinary error.
    if (
      res.status === 404 &&
      (code === "SESSION_NOT_FOUND" || (code === "HTTP_404" && !url.pathname.includes("/files/")))
    )
      throw new SessionGoneError(summary, 404, code);
    throw new ExecutorError(summary, res.status, code);
  }
}

interface RequestOptions {
  /** The session whose token authorizes the request. */
  session?: string;
  body?: unknown;
  raw?: Uint8Array | string;
  signal?: AbortSignal | undefined;
  retry?: boolean;
  timeoutMs?: number;
}

/** A response body read through its contract schema: a mismatch is an error naming the fields. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown, status: number): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  throw new ExecutorError(
    `executor response does not match the contract (${problems})`,
    status,
    "BAD_RESPONSE",
  );
}

function isTransient(err: unknown): boolean {
  if (err instanceof ExecutorError) return err.status === 502 || err.status === 503 || err.status === 504;
  // fetch reports connection failures as TypeError("fetch failed") with the socket error as cause.
  return err instanceof TypeError || isRetryable(err);
}

const enc = encodeURIComponent;
const encPath = (p: string) => p.split("/").map(encodeURIComponent).join("/");
