import { S3Client } from "@aws-sdk/client-s3";
import type { S3Config } from "../config/config";

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    // Plain bodies (no aws-chunked trailers): works with S3 and with S3-compatible stores and fakes.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** SDK errors carry $metadata: report them as the S3 error they are, not as the server's 500. */
export function s3ErrorStatus(
  err: unknown,
): { status: 404 | 403 | 502; name: string; message: string } | undefined {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== "object" || !e.$metadata) return undefined;
  const name = e.name ?? "Error";
  const status = name === "NoSuchBucket" || name === "NoSuchKey" ? 404 : name === "AccessDenied" ? 403 : 502;
  return { status, name, message: e.message ?? "" };
}
