/** An error with an HTTP status and a machine-readable code; the server's error handler renders it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
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
    `Session ${JSON.stringify(id)} does not exist on this executor: it was deleted, expired after being idle, ` +
      "or the executor task that held it was replaced. Create a new session (POST /sessions) and reload your data.",
  );
}
