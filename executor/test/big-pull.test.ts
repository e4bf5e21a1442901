import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvChunk, forEachChunk } from "./csv";
import { UID_RANGES } from "./helpers";
import { startExecutorProcess, type ExecutorProcess } from "./process";
import { startFakeS3, type FakeS3 } from "./s3-fake";

/**
 * A large input pulled from S3 streams to the session folder: the server (its own process here, as in the
 * task) never holds it. Its resident memory is measured, then bounded: peak RSS (VmHWM, reset before the
 * pull) minus the RSS before the pull.
 */

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;
let s3: FakeS3;
let executor: ExecutorProcess;

function md5OfGenerated(size: number): string {
  const hash = createHash("md5");
  forEachChunk(size, (chunk) => hash.update(chunk));
  return hash.digest("hex");
}

const kb = (pid: number, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) *
  1024;

beforeAll(async () => {
  s3 = await startFakeS3();
  s3.putGenerated("data-bucket", "data/big.csv", SIZE, csvChunk);
  s3.put("data-bucket", "data/small.csv", Buffer.from("a,b\n1,2\n"));
  executor = await startExecutorProcess(UID_RANGES.bigPull, {
    AWS_ENDPOINT_URL_S3: s3.url,
    DATA_BUCKET: "data-bucket",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
  });
});
afterAll(async () => {
  await executor?.cleanUp();
  await s3?.close();
});

describe("a large pull", () => {
  it("streams 200 MB from S3 into the session with the server's RSS growing by less than 100 MB", async () => {
    const { call } = executor;
    const { sessionId } = (await call("POST", "/sessions")).json;
    // warm the S3 client and the sync route, so the measurement is of the streaming alone
    expect(
      (
        await call("POST", `/sessions/${sessionId}/sync`, {
          direction: "pull",
          s3Uri: "s3://data-bucket/data/small.csv",
        })
      ).status,
    ).toBe(200);
    const pid = executor.child.pid as number;
    const before = kb(pid, "VmRSS");
    writeFileSync(`/proc/${pid}/clear_refs`, "5"); // reset the peak (VmHWM) to the current RSS
    const pull = await call("POST", `/sessions/${sessionId}/sync`, {
      direction: "pull",
      s3Uri: "s3://data-bucket/data/big.csv",
    });
    const peak = kb(pid, "VmHWM");
    expect(pull.status).toBe(200);
    expect(pull.json.files).toEqual([{ path: "data/big.csv", key: "data/big.csv", size: SIZE }]);
    const growth = peak - before;
    console.log(
      `200 MB pull: server RSS ${(before / MiB).toFixed(0)} MB before, peak ${(peak / MiB).toFixed(0)} MB (+${(growth / MiB).toFixed(1)} MB)`,
    );
    expect(growth).toBeLessThan(100 * MiB);
    const check = await call("POST", `/sessions/${sessionId}/execute`, {
      code: "import hashlib\nh = hashlib.md5()\nwith open('data/big.csv', 'rb') as f:\n    for block in iter(lambda: f.read(1 << 20), b''): h.update(block)\nprint(h.hexdigest())",
    });
    expect(check.json.stdout).toBe(`${md5OfGenerated(SIZE)}\n`);
  });
});
