import type { ExecutorErrorCode } from "agentcore-vpc-platform-contract";

/** An error with an HTTP status and one of the contract's codes; the server's error handler renders it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ExecutorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function sessionGone(id: string): HttpError {
  return new HttpError(
    404,
    "SESSION_NOT_FOUND",
    `Session ${JSON.stringify(id)} does not exist on this executor: it was deleted, expired, or the executor ` +
      "task that held it was replaced. Create a new session (POST /sessions) and reload your data.",
  );
}
