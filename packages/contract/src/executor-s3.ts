/**
 * Where a session may sync with S3. The executor builds every key itself from the bucket it is configured
 * with (`EXECUTOR_ENV.dataBucket`) and the session's id; callers upload inputs where a pull may read them.
 */

/** Inputs every session may pull: uploaded by the CLIs and the console. */
export const S3_DATA_PREFIX = "data/";

/** The session's own prefix: it may pull anything below it. */
export function sessionS3Prefix(sessionId: string): string {
  return `sessions/${sessionId}/`;
}

/** Where a push writes, and the only place it may write. */
export function artifactsS3Prefix(sessionId: string): string {
  return `${sessionS3Prefix(sessionId)}artifacts/`;
}

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/s;

/** `s3://bucket/key` split, or undefined when the text is not an S3 URI with a valid bucket name. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = S3_URI.exec(uri);
  return match ? { bucket: match[1] as string, key: match[2] ?? "" } : undefined;
}

/** A key that names a folder: `data` and `data/` both mean everything below `data/`. */
function asFolder(key: string, folder: string): string {
  return key === folder.slice(0, -1) ? folder : key;
}

export interface S3Scope {
  /** The executor's configured bucket. */
  bucket: string;
  sessionId: string;
}

/** Why a pull of `uri` is refused for this session (empty when allowed). */
export function s3PullProblems(uri: string, scope: S3Scope): string[] {
  const parsed = parseS3Uri(uri);
  if (!parsed) return [`${uri} is not an s3://bucket/key URI`];
  const problems: string[] = [];
  if (parsed.bucket !== scope.bucket) {
    problems.push(`pulls read only the data bucket ${scope.bucket}, not ${parsed.bucket}`);
  }
  const own = sessionS3Prefix(scope.sessionId);
  const key = asFolder(asFolder(parsed.key, S3_DATA_PREFIX), own);
  if (!key.startsWith(S3_DATA_PREFIX) && !key.startsWith(own)) {
    problems.push(
      `pulls read only keys under ${S3_DATA_PREFIX} or ${own}, not ${parsed.key || "(bucket root)"}`,
    );
  }
  return problems;
}

/** Why a push to `uri` is refused for this session (empty when allowed; no uri means the default). */
export function s3PushProblems(uri: string, scope: S3Scope): string[] {
  const parsed = parseS3Uri(uri);
  if (!parsed) return [`${uri} is not an s3://bucket/key URI`];
  const allowed = artifactsS3Prefix(scope.sessionId);
  const key = asFolder(parsed.key, allowed);
  if (parsed.bucket === scope.bucket && key === allowed) return [];
  return [`pushes write only to s3://${scope.bucket}/${allowed}, not ${uri}`];
}
