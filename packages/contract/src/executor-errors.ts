import { z } from "zod";

/**
 * Every error the executor answers with: its machine-readable `code` and HTTP status. The server raises only
 * these codes; a client may switch on them.
 */
export const EXECUTOR_ERRORS = {
  /** The body is not JSON. */
  INVALID_JSON: 400,
  /** The body, a parameter or a header does not match the route's schema; the message names each problem. */
  INVALID_REQUEST: 400,
  /** A file path that is absolute, contains `..`, NUL or a backslash. */
  BAD_PATH: 400,
  /** An `s3Uri` that is not `s3://bucket/key`. */
  BAD_S3_URI: 400,
  IS_A_DIRECTORY: 400,
  NOT_A_FILE: 400,
  /** A session route without `Authorization: Bearer <token>`, or with another session's token. */
  UNAUTHORIZED: 401,
  /** A path that leaves the session folder through a symlink, or a file the session does not own. */
  PATH_ESCAPES_SESSION: 403,
  /** A file with more than one hard link: it may be a name for a file outside the session. */
  HARD_LINK: 403,
  /** A sync outside the session's S3 scope (see `s3PullProblems`, `s3PushProblems`). */
  S3_OUT_OF_SCOPE: 403,
  /** S3 refused the executor's own request (its task role lacks the permission). */
  S3_ACCESS_DENIED: 403,
  /** The session does not exist (deleted, expired, or its task was replaced). */
  SESSION_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  S3_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  /** The session is running an execution or a helper (one at a time). */
  SESSION_BUSY: 409,
  SESSION_EXISTS: 409,
  SESSION_CLOSED: 409,
  NOT_A_DIRECTORY: 409,
  /** A JSON body above the server's limit (EXECUTOR_MAX_BODY_BYTES). */
  BODY_TOO_LARGE: 413,
  UPLOAD_TOO_LARGE: 413,
  SYNC_TOO_LARGE: 413,
  /** Any other request the HTTP layer refuses (unsupported media type, malformed header, ...). */
  REQUEST_REJECTED: 400,
  TOO_MANY_SESSIONS: 429,
  INTERNAL: 500,
  /** The report renderer crashed or answered nonsense; the message has the last lines of its stderr. */
  RENDER_FAILED: 500,
  /** The report renderer ran past its time limit and was killed. */
  RENDER_TIMEOUT: 504,
  S3_ERROR: 502,
  DRAINING: 503,
  WORKER_START_FAILED: 503,
  /** No data bucket is configured, so there is nothing to sync with. */
  S3_NOT_CONFIGURED: 503,
  /** The upload or pull would take the session above its disk budget. */
  DISK_BUDGET_EXCEEDED: 507,
} as const satisfies Record<string, number>;

export type ExecutorErrorCode = keyof typeof EXECUTOR_ERRORS;
export const EXECUTOR_ERROR_CODES = Object.keys(EXECUTOR_ERRORS) as [
  ExecutorErrorCode,
  ...ExecutorErrorCode[],
];

/** Every error response: a message a person can act on and a machine-readable code. */
export const errorResponse = z.object({ error: z.string(), code: z.enum(EXECUTOR_ERROR_CODES) });
export type ErrorResponse = z.infer<typeof errorResponse>;
