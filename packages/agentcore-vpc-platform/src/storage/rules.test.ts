import { describe, it, expect } from "vitest";
import { leastPrivilegeProblems } from "../iam/policy";
import {
  SESSIONS_PREFIX,
  dataBucketLifecycleRules,
  sessionExpirationProblem,
  tlsOnlyBucketPolicy,
} from "./rules";

describe("tlsOnlyBucketPolicy", () => {
  it("denies every non-TLS request to the bucket and its objects and grants nothing", () => {
    const doc = tlsOnlyBucketPolicy("arn:aws:s3:::b");
    expect(doc.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(doc.Statement.every((s) => s.Effect === "Deny")).toBe(true);
    expect(leastPrivilegeProblems(doc)).toEqual([]);
  });
});

describe("dataBucketLifecycleRules", () => {
  it("expires sessions/ after the given days and aborts stale multipart uploads", () => {
    const [sessions, multipart] = dataBucketLifecycleRules(14, false);
    expect(sessions).toEqual({
      id: "expire-sessions",
      status: "Enabled",
      filter: { prefix: SESSIONS_PREFIX },
      expiration: { days: 14 },
    });
    expect(multipart?.abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 7 });
  });

  it("also expires old versions of session objects when versioned", () => {
    expect(dataBucketLifecycleRules(30, true)[0]?.noncurrentVersionExpiration).toEqual({
      noncurrentDays: 30,
    });
  });
});

describe("sessionExpirationProblem", () => {
  it.each([0, -1, 1.5, Number.NaN])("rejects %s", (days) => {
    expect(sessionExpirationProblem(days)).toMatch(/whole number of days/);
  });

  it("accepts a whole number of days", () => {
    expect(sessionExpirationProblem(1)).toBeUndefined();
  });
});
