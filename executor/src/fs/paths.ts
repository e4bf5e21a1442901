import { HttpError } from "../errors";

/**
 * Splits a request path into safe segments: relative, no "..", no empty/"." tricks, no NUL or backslash.
 * Throws 400 otherwise. Symlinks are the other half, refused where the path is walked (SafeDir).
 */
export function safeSegments(relPath: string): string[] {
  if (typeof relPath !== "string" || relPath.length === 0) {
    throw new HttpError(400, "BAD_PATH", "a file path is required");
  }
  if (relPath.length > 1024) throw new HttpError(400, "BAD_PATH", "file path is longer than 1024 characters");
  if (relPath.includes("\0") || relPath.includes("\\")) {
    throw new HttpError(400, "BAD_PATH", "file path must not contain NUL bytes or backslashes");
  }
  if (relPath.startsWith("/") || /^[a-zA-Z]:/.test(relPath)) {
    throw new HttpError(400, "BAD_PATH", `file path must be relative to the session directory: ${relPath}`);
  }
  const segments = relPath.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === "..")) {
    throw new HttpError(400, "BAD_PATH", `file path must not contain "..": ${relPath}`);
  }
  if (segments.length === 0) throw new HttpError(400, "BAD_PATH", "a file path is required");
  if (segments.some((s) => Buffer.byteLength(s) > 255)) {
    throw new HttpError(400, "BAD_PATH", "a file or folder name is longer than 255 bytes");
  }
  return segments;
}
