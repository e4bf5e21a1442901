import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { S3Client } from "@aws-sdk/client-s3";
import { uploadFileToS3 } from "../src/client/upload.js";
import { startFakeS3 } from "../test/helpers/fake-s3.js";

/**
 * `npm run bench -w agent [-- <MB>]`: makes a CSV of the given size (default 1024 MB) on local disk and uploads
 * it with the CLI's multipart upload to a fake S3 on 127.0.0.1, then prints the figures: time to write the
 * file, upload throughput, parts, and the peak RSS of this process while uploading (memory must stay at
 * about part size × parts in flight, whatever the file's size).
 */
const megabytes = Number(process.argv[2] ?? 1024);
const target = megabytes * 1024 * 1024;
const dir = mkdtempSync(path.join(os.tmpdir(), "upload-bench-"));
const file = path.join(dir, "big.csv");

async function makeCsv(): Promise<number> {
  const out = createWriteStream(file);
  out.write(
    "Date,Product,Category,Size,Qty,Amount,ship-city,ship-state,ship-postal-code,promotion-ids,Gender,Age Group\n",
  );
  const rows: string[] = [];
  for (let i = 0; i < 1000; i++)
    rows.push(
      `2024-${String((i % 12) + 1).padStart(2, "0")}-15,사과,과일,1kg,${(i % 5) + 1},${12900 * ((i % 5) + 1)},서울,서울특별시,0${1000 + i},,F,30대\n`,
    );
  const block = Buffer.from(rows.join(""));
  let written = 0;
  while (written < target) {
    if (!out.write(block)) await once(out, "drain");
    written += block.length;
  }
  out.end();
  await once(out, "finish");
  return statSync(file).size;
}

const s3 = await startFakeS3();
const client = new S3Client({
  region: "us-east-1",
  endpoint: s3.url,
  forcePathStyle: true,
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
});
try {
  let started = Date.now();
  const size = await makeCsv();
  const makeMs = Date.now() - started;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  started = Date.now();
  await uploadFileToS3(client, "bench-bucket", "data/bench/big.csv", file);
  const uploadMs = Date.now() - started;
  clearInterval(sampler);
  const stored = s3.objects.get("bench-bucket/data/bench/big.csv");
  if (stored?.size !== size) throw new Error(`the fake S3 received ${stored?.size} bytes of ${size}`);
  const mb = size / 1024 / 1024;
  console.log(`csv       ${mb.toFixed(0)} MB written in ${(makeMs / 1000).toFixed(1)} s`);
  console.log(
    `upload    ${mb.toFixed(0)} MB in ${(uploadMs / 1000).toFixed(1)} s = ${(mb / (uploadMs / 1000)).toFixed(0)} MB/s ` +
      `(${stored.parts} parts of 16 MiB, 4 in flight, fake S3 on 127.0.0.1)`,
  );
  console.log(
    `rss       ${(rssBefore / 1024 / 1024).toFixed(0)} MB before, peak ${(peak / 1024 / 1024).toFixed(0)} MB while uploading ` +
      `(+${((peak - rssBefore) / 1024 / 1024).toFixed(0)} MB)`,
  );
} finally {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
}
