/**
 * Big-data benchmark (a script, not a test): `npm run bench:pull -w executor`. Makes a CSV of BENCH_PULL_MB
 * (1024) MB on local disk, serves it from a fake S3 on loopback, starts the executor as its own process and
 * pulls the file into a session: prints the pull's throughput, the server's peak RSS during it (VmHWM,
 * reset just before) and its growth over the RSS before. Uploading to S3 is the CLI's side and is measured
 * there.
 */
import { createWriteStream, writeFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultPython } from "../src/config/config";
import { csvChunk } from "../test/csv";
import { startFakeS3 } from "../test/s3-fake";
import { startBenchServer } from "./server";
import { memoryField, ms } from "./stats";

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_PULL_MB ?? 1024);

/** Writes `size` bytes of CSV rows, a chunk at a time (the script holds no more than one in memory). */
async function writeCsv(file: string, size: number): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 4 * MB });
  for (let offset = 0; offset < size;) {
    const chunk = csvChunk(offset);
    const part = chunk.length > size - offset ? chunk.subarray(0, size - offset) : chunk;
    offset += part.length;
    if (!out.write(part)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "executor-pull-bench-"));
  const csv = path.join(dir, "big.csv");
  const t0 = performance.now();
  await writeCsv(csv, SIZE_MB * MB);
  const size = (await stat(csv)).size;
  console.log(
    `input: ${csv}, ${(size / MB).toFixed(0)} MB of CSV rows, written in ${ms(performance.now() - t0)}`,
  );
  const s3 = await startFakeS3();
  s3.putFile("data-bucket", "data/big.csv", csv);
  s3.put("data-bucket", "data/small.csv", Buffer.from("a,b\n1,2\n"));
  const server = await startBenchServer({
    EXECUTOR_PYTHON: process.env.EXECUTOR_PYTHON ?? defaultPython(),
    AWS_ENDPOINT_URL_S3: s3.url,
    DATA_BUCKET: "data-bucket",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_REGION: "us-east-1",
    LOG_LEVEL: "warn",
    ...(process.getuid?.() === 0 ? { EXECUTOR_WORKER_UID_BASE: "231000" } : {}),
  });
  try {
    const { control } = server;
    const created = await control.request("POST", "/sessions");
    const { sessionId, token } = created.json as { sessionId: string; token: string };
    const sync = (key: string) =>
      control.request(
        "POST",
        `/sessions/${sessionId}/sync`,
        { direction: "pull", s3Uri: `s3://data-bucket/${key}` },
        token,
      );
    await sync("data/small.csv"); // the S3 client and the route are warm before the measurement
    const pid = server.child.pid as number;
    const before = memoryField(pid, "VmRSS");
    writeFileSync(`/proc/${pid}/clear_refs`, "5"); // peak RSS := current RSS
    const t = performance.now();
    const res = await sync("data/big.csv");
    const seconds = (performance.now() - t) / 1000;
    const peak = memoryField(pid, "VmHWM");
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.json)}`);
    const check = await control.request(
      "POST",
      `/sessions/${sessionId}/execute`,
      { code: "import os\nos.path.getsize('data/big.csv')" },
      token,
    );
    console.log(
      `pull of ${(size / MB).toFixed(0)} MB from the fake S3 into a session: ${seconds.toFixed(2)} s, ${(size / MB / seconds).toFixed(0)} MB/s`,
    );
    console.log(
      `server RSS: ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB during the pull (+${((peak - before) / MB).toFixed(1)} MB; bound 100 MB)`,
    );
    console.log(
      `file in the session: ${check.json.stdout.trim()} bytes (${Number(check.json.stdout) === size ? "complete" : "INCOMPLETE"})`,
    );
  } finally {
    await server.stop();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
