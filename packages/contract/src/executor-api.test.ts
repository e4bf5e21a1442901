import { describe, expect, it } from "vitest";
import {
  EXECUTOR_ADDED_CAPABILITIES,
  EXECUTOR_CAPABILITIES,
  EXECUTOR_DROPPED_CAPABILITIES,
  EXECUTOR_ERRORS,
  DEFAULT_CONTAINER_CAPABILITIES,
  artifactsS3Prefix,
  createSessionResponse,
  errorResponse,
  parseS3Uri,
  s3PullProblems,
  s3PushProblems,
  syncRequest,
} from "./index";

const scope = { bucket: "data-bucket", sessionId: "s-1" };

describe("executor API contract", () => {
  it("makes the token part of every created session", () => {
    const created = { sessionId: "s-1", createdAt: "2026-01-01T00:00:00.000Z" };
    expect(createSessionResponse.safeParse(created).success).toBe(false);
    expect(createSessionResponse.safeParse({ ...created, token: "ab".repeat(8) }).success).toBe(false); // 64 bits
    expect(createSessionResponse.safeParse({ ...created, token: "ab".repeat(16) }).success).toBe(true);
  });

  it("answers only known error codes, 401 for a missing token and 507 for the disk budget", () => {
    expect(EXECUTOR_ERRORS).toMatchObject({
      UNAUTHORIZED: 401,
      S3_OUT_OF_SCOPE: 403,
      DISK_BUDGET_EXCEEDED: 507,
    });
    expect(errorResponse.safeParse({ error: "x", code: "UNAUTHORIZED" }).success).toBe(true);
    expect(errorResponse.safeParse({ error: "x", code: "SOMETHING_ELSE" }).success).toBe(false);
  });

  it("lets a push name no place: the server writes to the session's artifacts prefix", () => {
    expect(syncRequest.parse({ direction: "push" })).toEqual({ direction: "push" });
    expect(syncRequest.safeParse({ direction: "push", path: "data" }).success).toBe(false);
    expect(syncRequest.safeParse({ direction: "pull" }).success).toBe(false);
    expect(syncRequest.safeParse({ direction: "pull", s3Uri: "https://x/y" }).success).toBe(false);
  });
});

describe("S3 scope of a session", () => {
  it("parses s3 URIs with valid bucket names only", () => {
    expect(parseS3Uri("s3://bucket-1/a/b.csv")).toEqual({ bucket: "bucket-1", key: "a/b.csv" });
    expect(parseS3Uri("s3://bucket-1")).toEqual({ bucket: "bucket-1", key: "" });
    for (const bad of ["s3:/bucket/x", "s3://B/x", "s3://a/x", "http://bucket/x"])
      expect(parseS3Uri(bad)).toBeUndefined();
  });

  it("pulls from the bucket's data/ and the session's own prefix only", () => {
    for (const uri of [
      "s3://data-bucket/data/x.csv",
      "s3://data-bucket/data/",
      "s3://data-bucket/data",
      "s3://data-bucket/sessions/s-1/inputs/a.csv",
      "s3://data-bucket/sessions/s-1",
    ]) {
      expect(s3PullProblems(uri, scope), uri).toEqual([]);
    }
    for (const uri of [
      "s3://other/data/x.csv",
      "s3://data-bucket/",
      "s3://data-bucket/datax/y",
      "s3://data-bucket/sessions/s-10/",
      "s3://data-bucket/sessions/s-2/artifacts/r.md",
      "s3://data-bucket/sessions/",
    ]) {
      expect(s3PullProblems(uri, scope).length, uri).toBeGreaterThan(0);
    }
  });

  it("pushes to exactly the session's artifacts prefix", () => {
    expect(artifactsS3Prefix("s-1")).toBe("sessions/s-1/artifacts/");
    expect(s3PushProblems("s3://data-bucket/sessions/s-1/artifacts/", scope)).toEqual([]);
    expect(s3PushProblems("s3://data-bucket/sessions/s-1/artifacts", scope)).toEqual([]);
    for (const uri of [
      "s3://data-bucket/sessions/s-1/",
      "s3://data-bucket/sessions/s-1/artifacts/x/",
      "s3://data-bucket/data/",
      "s3://other/sessions/s-1/artifacts/",
    ]) {
      expect(s3PushProblems(uri, scope), uri).toEqual([
        `pushes write only to s3://data-bucket/sessions/s-1/artifacts/, not ${uri}`,
      ]);
    }
  });
});

describe("executor container", () => {
  it("keeps a subset of Docker's defaults, adds only what Fargate allows, and drops the rest by name", () => {
    for (const kept of EXECUTOR_CAPABILITIES) expect(DEFAULT_CONTAINER_CAPABILITIES).toContain(kept);
    expect(EXECUTOR_ADDED_CAPABILITIES).toEqual(["SYS_PTRACE"]);
    expect([...EXECUTOR_DROPPED_CAPABILITIES, ...EXECUTOR_CAPABILITIES].sort()).toEqual(
      [...DEFAULT_CONTAINER_CAPABILITIES].sort(),
    );
    expect(EXECUTOR_DROPPED_CAPABILITIES).toEqual(
      expect.arrayContaining([
        "NET_RAW",
        "MKNOD",
        "SETFCAP",
        "SETPCAP",
        "SYS_CHROOT",
        "FSETID",
        "NET_BIND_SERVICE",
        "AUDIT_WRITE",
      ]),
    );
  });
});
