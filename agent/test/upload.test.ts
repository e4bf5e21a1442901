import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partSizeFor, S3_MULTIPART, uploadFileToS3 } from "../src/client/upload.js";
import { startFakeS3, type FakeS3 } from "./helpers/fake-s3.js";

const MiB = 1024 * 1024;

describe("the multipart part size", () => {
  it("stays within S3's limits for every size up to 5 TiB: parts of 5 MiB-5 GiB, at most 10,000 of them", () => {
    for (const bytes of [
      0,
      1,
      5 * MiB,
      1024 ** 3,
      50 * 1024 ** 3,
      200 * 1024 ** 3,
      S3_MULTIPART.maxObjectBytes,
    ]) {
      const part = partSizeFor(bytes);
      expect(part, String(bytes)).toBeGreaterThanOrEqual(S3_MULTIPART.minPartBytes);
      expect(part, String(bytes)).toBeLessThanOrEqual(S3_MULTIPART.maxPartBytes);
      expect(Math.ceil(bytes / part), String(bytes)).toBeLessThanOrEqual(S3_MULTIPART.maxParts);
    }
    expect(partSizeFor(1024 ** 3)).toBe(16 * MiB); // a 1 GB file: 64 parts
    expect(() => partSizeFor(S3_MULTIPART.maxObjectBytes + 1)).toThrow(/more than S3 allows/);
  });
});

describe("uploading a CSV to S3", () => {
  let s3: FakeS3;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startFakeS3();
    client = new S3Client({
      region: "us-east-1",
      endpoint: s3.url,
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
  });
  afterAll(() => s3.close());

  it("sends a file larger than a part in parts, in parallel, with progress, and S3 gets every byte", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "upload-"));
    const file = path.join(dir, "big.csv");
    const row = "2024-01-01,사과,과일,1kg,1,12900,서울,서울특별시,01000,,F,30대\n";
    writeFileSync(file, row.repeat(Math.ceil((12 * MiB) / Buffer.byteLength(row))));
    const bytes = readFileSync(file);
    const progress: number[] = [];
    await uploadFileToS3(client, "data-bucket", "data/s1/big.csv", file, {
      partSize: 5 * MiB,
      onProgress: (p) => progress.push(p.loaded),
    });
    const stored = s3.objects.get("data-bucket/data/s1/big.csv");
    expect(stored?.size).toBe(bytes.length);
    expect(stored?.parts).toBe(3);
    // The multipart ETag S3 computes, from the same bytes: every part arrived intact and in order.
    const parts = [0, 1, 2].map((i) =>
      createHash("md5")
        .update(bytes.subarray(i * 5 * MiB, (i + 1) * 5 * MiB))
        .digest(),
    );
    expect(stored?.md5).toBe(`${createHash("md5").update(Buffer.concat(parts)).digest("hex")}-3`);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(s3.requests.filter((r) => r.startsWith("PUT") && r.includes("partNumber="))).toHaveLength(3);
  });

  it("sends a small file with one PutObject", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "upload-")), "small.csv");
    writeFileSync(file, "a,b\n1,2\n");
    await uploadFileToS3(client, "data-bucket", "data/s2/small.csv", file);
    expect(s3.objects.get("data-bucket/data/s2/small.csv")).toEqual({
      size: 8,
      md5: createHash("md5").update("a,b\n1,2\n").digest("hex"),
      parts: 0,
    });
  });
});
