import { z } from "zod";

/**
 * The executor's HTTP API (JSON). The server declares these as its route schemas; the agent's client reads
 * responses through them, so a field added on one side and missing on the other fails a test, not a run.
 *
 * Sessions are capabilities: `POST /sessions` answers with the session's token, and every `/sessions/{id}…`
 * route needs `Authorization: Bearer <token>` (401 without it or with another token, 404 for an unknown id).
 * No route lists sessions. Errors are `errorResponse` with a code of `EXECUTOR_ERRORS`.
 */

/** Bytes of randomness in a session token (128 bits), sent as lowercase hex. */
export const SESSION_TOKEN_BYTES = 16;
export const sessionToken = z.string().regex(/^[0-9a-f]{32}$/, "a session token is 32 lowercase hex digits");

/** The `Authorization` header value for a session's token. */
export function sessionAuthorization(token: string): string {
  return `Bearer ${token}`;
}

export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const createSessionRequest = z
  .object({
    sessionId: z
      .string()
      .regex(SESSION_ID_PATTERN, "sessionId may use letters, digits, _ and - (max 128)")
      .optional(),
  })
  .strict();
export type CreateSessionRequest = z.infer<typeof createSessionRequest>;

export const createSessionResponse = z.object({
  sessionId: z.string(),
  /** The session's capability: keep it, send it on every session route, never log it. */
  token: sessionToken,
  createdAt: z.string(),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponse>;

export const LANGUAGES = ["python", "bash"] as const;
export type Language = (typeof LANGUAGES)[number];

/** `timeoutSeconds` is capped by the server's configured maximum, checked in the route. */
export const executeRequest = z
  .object({
    code: z.string().min(1, "code must not be empty"),
    language: z.enum(LANGUAGES).default("python"),
    timeoutSeconds: z.number().positive("timeoutSeconds must be positive").optional(),
  })
  .strict();
export type ExecuteRequest = z.input<typeof executeRequest>;

export const executionArtifact = z.object({ path: z.string(), size: z.number().int().nonnegative() });

export const executeResponse = z.object({
  status: z.enum(["ok", "error", "timeout"]),
  stdout: z.string(),
  stderr: z.string(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative(),
  /** Output beyond the per-stream cap was dropped. */
  truncated: z.boolean(),
  /** Files under the session directory created or modified by this execution. */
  artifacts: z.array(executionArtifact),
  /** This execution ended with the worker gone: variables and imports are lost (files are kept). */
  stateLost: z.boolean(),
  /** This execution ran in a fresh interpreter because the previous one was lost. */
  restarted: z.boolean(),
  /** Executions this session has run, this one included. */
  executionCount: z.number().int().nonnegative(),
});
export type ExecuteResponse = z.infer<typeof executeResponse>;

export const deleteSessionResponse = z.object({ sessionId: z.string(), deleted: z.literal(true) });
export type DeleteSessionResponse = z.infer<typeof deleteSessionResponse>;

export const fileEntry = z.object({
  path: z.string(),
  type: z.enum(["file", "directory", "symlink", "other"]),
  size: z.number().int().nonnegative(),
  modified: z.string(),
});
export type FileEntry = z.infer<typeof fileEntry>;

export const listFilesResponse = z.object({
  sessionId: z.string(),
  files: z.array(fileEntry),
  truncated: z.boolean(),
});
export type ListFilesResponse = z.infer<typeof listFilesResponse>;

export const uploadFileResponse = z.object({ path: z.string(), size: z.number().int().nonnegative() });
export type UploadFileResponse = z.infer<typeof uploadFileResponse>;

const s3Uri = z.string().startsWith("s3://", "s3Uri must start with s3://");

/**
 * Pull: an object, or every object under a prefix, of the executor's bucket under `data/` or the session's
 * own `sessions/<id>/` (403 otherwise; see `s3PullProblems`) into a session folder. Push: the session's
 * `artifacts/` folder to `s3://<bucket>/sessions/<id>/artifacts/`, the only place it may write (an `s3Uri`,
 * if given, must name exactly that prefix). 507 when a pull would exceed the session's disk budget.
 */
export const syncRequest = z.discriminatedUnion("direction", [
  z
    .object({
      direction: z.literal("pull"),
      s3Uri,
      /** Session-relative folder to pull into. @default "data" */
      path: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ direction: z.literal("push"), s3Uri: s3Uri.optional() }).strict(),
]);
export type SyncRequest = z.infer<typeof syncRequest>;

export const syncResponse = z.object({
  direction: z.enum(["pull", "push"]),
  s3Uri: z.string(),
  files: z.array(z.object({ path: z.string(), key: z.string(), size: z.number().int().nonnegative() })),
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type SyncResponse = z.infer<typeof syncResponse>;

/** `GET /sessions/{id}`: the session's state, usage and budgets (no process ids). */
export const sessionStatusResponse = z.object({
  sessionId: z.string(),
  createdAt: z.string(),
  lastActivity: z.string(),
  /** When the session ends regardless of activity (its absolute lifetime). */
  expiresAt: z.string(),
  busy: z.boolean(),
  executionCount: z.number().int().nonnegative(),
  usage: z.object({
    /** Sum of the proportional set size of the session's processes at the last check. */
    memoryBytes: z.number().int().nonnegative(),
    /** Bytes on disk in the session folder and its temporary folder at the last check. */
    diskBytes: z.number().int().nonnegative(),
  }),
  budgets: z.object({ memoryBytes: z.number().int().positive(), diskBytes: z.number().int().positive() }),
});
export type SessionStatusResponse = z.infer<typeof sessionStatusResponse>;

/** `GET /info`: the task and its limits; session count, never session ids. */
export const infoResponse = z.object({
  service: z.literal("executor"),
  version: z.string(),
  privateIp: z.string().nullable(),
  hostname: z.string(),
  taskArn: z.string().nullable(),
  availabilityZone: z.string().nullable(),
  sessions: z.object({
    count: z.number().int().nonnegative(),
    max: z.number().int().positive(),
    spareWorkers: z.number().int().nonnegative(),
  }),
  draining: z.boolean(),
  uptimeSeconds: z.number().int().nonnegative(),
  python: z.object({
    executable: z.string(),
    version: z.string().nullable(),
    preloaded: z.array(z.string()),
    preloadFailed: z.array(z.object({ module: z.string(), error: z.string() })),
  }),
  isolation: z.object({
    /** Each session runs under its own uid (the server runs as root). */
    perSessionUid: z.boolean(),
    seccompArchitecture: z.string().nullable(),
    /**
     * How session memory is measured: "pss" (smaps_rollup; as root it needs SYS_PTRACE), or "rss" when it
     * cannot be read (shared pages then count once per process, and the task-wide check is off).
     */
    memoryAccounting: z.enum(["pss", "rss"]),
  }),
  limits: z.object({
    defaultTimeoutSeconds: z.number(),
    maxTimeoutSeconds: z.number(),
    idleTimeoutSeconds: z.number(),
    maxLifetimeSeconds: z.number(),
    sessionMemoryBytes: z.number(),
    sessionDiskBytes: z.number(),
    taskMemoryBytes: z.number(),
    addressSpaceBytes: z.number(),
    processes: z.number(),
    cpuSeconds: z.number(),
    openFiles: z.number(),
    outputBytes: z.number(),
  }),
});
export type InfoResponse = z.infer<typeof infoResponse>;

export const healthResponse = z.object({
  status: z.enum(["ok", "draining"]),
  sessions: z.number().int().nonnegative(),
});
export type HealthResponse = z.infer<typeof healthResponse>;

/**
 * `POST /sessions/{id}/render`: the platform renders the session's `artifacts/report.md` to report.html,
 * report.pdf and report.docx beside it, in a fresh process under the session's uid (not in the session's
 * Python state), reading nothing outside `artifacts/`.
 */
export const renderRequest = z
  .object({
    /** The Markdown file inside `artifacts/`. */
    source: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.md$/, "source must be a .md file name inside artifacts/")
      .default("report.md"),
  })
  .strict();
export type RenderRequest = z.input<typeof renderRequest>;

export const renderResponse = z.object({
  status: z.enum(["ok", "failed"]),
  /** The rendered files, session-relative (`artifacts/report.pdf`, …). */
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative() })),
  pages: z.number().int().nonnegative().optional(),
  citations: z.number().int().nonnegative().optional(),
  /** Images the report referred to but could not show, and why. */
  warnings: z.array(z.string()),
  durationMs: z.number().nonnegative(),
  /** Why nothing was rendered (status "failed"). */
  error: z.string().optional(),
});
export type RenderResponse = z.infer<typeof renderResponse>;
