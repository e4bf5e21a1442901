import { z } from "zod";

/**
 * The executor's HTTP API (JSON). The server declares these as its route schemas; the agent's client reads
 * responses through them, so a field added on one side and missing on the other fails a test, not a run.
 */

/** Every error response: a message a person can act on and a machine-readable code. */
export const errorResponse = z.object({ error: z.string(), code: z.string() });
export type ErrorResponse = z.infer<typeof errorResponse>;

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

export const createSessionResponse = z.object({ sessionId: z.string(), createdAt: z.string() });
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

export const syncRequest = z
  .object({
    direction: z.enum(["pull", "push"]),
    s3Uri: z.string().startsWith("s3://", "s3Uri must start with s3://"),
    /** Session-relative folder: the pull target (default `data`) or the push source (default `artifacts`). */
    path: z.string().min(1).optional(),
  })
  .strict();
export type SyncRequest = z.infer<typeof syncRequest>;

export const syncResponse = z.object({
  direction: z.enum(["pull", "push"]),
  s3Uri: z.string(),
  files: z.array(z.object({ path: z.string(), key: z.string(), size: z.number().int().nonnegative() })),
  count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type SyncResponse = z.infer<typeof syncResponse>;

export const healthResponse = z.object({
  status: z.enum(["ok", "draining"]),
  sessions: z.number().int().nonnegative(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
