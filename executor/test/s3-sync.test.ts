import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config";
import { salesCsv } from "../src/data/sales";
import { deleteAll, startExecutor, UID_RANGES, type Harness } from "./helpers";
import { startFakeS3, type FakeS3 } from "./s3-fake";

let s3: FakeS3;
let ex: Harness;
const MiB = 1024 * 1024;

beforeAll(async () => {
  s3 = await startFakeS3(2); // two keys per page: exercises ListObjectsV2 continuation
  // The server reads its S3 settings from the environment like in ECS; credentials are dummies.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const fromEnv = loadConfig(
    { AWS_ENDPOINT_URL_S3: s3.url, AWS_REGION: "ap-northeast-2", DATA_BUCKET: "data-bucket" },
    false,
  );
  expect(fromEnv.s3).toMatchObject({
    endpoint: s3.url,
    forcePathStyle: true,
    region: "ap-northeast-2",
    bucket: "data-bucket",
  });
  ex = await startExecutor(UID_RANGES.s3, {
    s3: { ...fromEnv.s3, maxObjects: 5 },
    budgets: { diskBytes: 8 * MiB },
  });
});
afterAll(async () => {
  await ex?.close();
  await s3?.close();
});
afterEach(async () => deleteAll(ex));

describe("S3 sync", () => {
  it("pulls one object into data/ and a whole prefix with its sub-folders, owned by the session", async () => {
    s3.put("data-bucket", "data/sales.csv", Buffer.from(salesCsv()));
    s3.put("data-bucket", "data/extra/매출-2024.csv", Buffer.from("a\n1\n"));
    s3.put("data-bucket", "data/extra/notes.txt", Buffer.from("hello"));
    s3.put("data-bucket", "data/", Buffer.alloc(0));
    const id = await ex.createSession();
    const one = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "pull",
      s3Uri: "s3://data-bucket/data/sales.csv",
    });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      direction: "pull",
      count: 1,
      files: [{ path: "data/sales.csv", key: "data/sales.csv" }],
    });
    const all = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "pull",
      s3Uri: "s3://data-bucket/data/",
    });
    expect(all.json.files.map((f: { path: string }) => f.path).sort()).toEqual([
      "data/extra/notes.txt",
      "data/extra/매출-2024.csv",
      "data/sales.csv",
    ]);
    const check = await ex.exec(
      id,
      "import os, pandas as pd\nprint(len(pd.read_csv('data/sales.csv')), open('data/extra/notes.txt').read(), os.stat('data/extra').st_uid == os.getuid())",
    );
    expect(check.stdout).toBe("2726 hello True\n");
  });

  it("pulls from the session's own prefix, and pushes artifacts to it", async () => {
    const id = await ex.createSession();
    s3.put("data-bucket", `sessions/${id}/inputs/in.csv`, Buffer.from("x\n1\n"));
    const own = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "pull",
      s3Uri: `s3://data-bucket/sessions/${id}/inputs/`,
    });
    expect(own.status).toBe(200);
    await ex.exec(
      id,
      "import matplotlib.pyplot as plt, os\nplt.plot([1, 2])\nplt.savefig('artifacts/chart.png')\nos.makedirs('artifacts/report')\nopen('artifacts/report/보고서.md', 'w').write('# 결과')",
    );
    const res = await ex.call("POST", `/sessions/${id}/sync`, { direction: "push" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ s3Uri: `s3://data-bucket/sessions/${id}/artifacts/`, count: 2 });
    expect(s3.keys("data-bucket").filter((k) => k.includes("/artifacts/"))).toEqual([
      `sessions/${id}/artifacts/chart.png`,
      `sessions/${id}/artifacts/report/보고서.md`,
    ]);
    expect(s3.get("data-bucket", `sessions/${id}/artifacts/report/보고서.md`)?.toString()).toBe("# 결과");
    // naming the same prefix explicitly is allowed
    const explicit = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "push",
      s3Uri: `s3://data-bucket/sessions/${id}/artifacts`,
    });
    expect(explicit.status).toBe(200);
  });

  it("refuses anything outside the session's scope with 403, and the caller cannot choose the bucket", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    s3.put("data-bucket", `sessions/${b}/artifacts/secret.md`, Buffer.from("B's report"));
    s3.put("data-bucket", "private/keys.txt", Buffer.from("no"));
    s3.put("other-bucket", "data/x.csv", Buffer.from("no"));
    const sync = (body: unknown) => ex.call("POST", `/sessions/${a}/sync`, body);
    for (const s3Uri of [
      `s3://data-bucket/sessions/${b}/artifacts/secret.md`,
      `s3://data-bucket/sessions/${b}/`,
      `s3://data-bucket/sessions/${a}x/`, // a prefix of another id is not the session's own
      "s3://data-bucket/sessions/",
      "s3://data-bucket/private/keys.txt",
      "s3://data-bucket/",
      "s3://data-bucket",
      "s3://other-bucket/data/x.csv",
      "s3://data-bucket/datax/y",
    ]) {
      const res = await sync({ direction: "pull", s3Uri });
      expect(res.status, s3Uri).toBe(403);
      expect(res.json.code).toBe("S3_OUT_OF_SCOPE");
    }
    for (const s3Uri of [
      `s3://data-bucket/sessions/${b}/artifacts/`,
      `s3://data-bucket/sessions/${a}/`,
      `s3://data-bucket/sessions/${a}/artifacts/sub/`,
      "s3://data-bucket/data/",
      `s3://other-bucket/sessions/${a}/artifacts/`,
    ]) {
      const res = await sync({ direction: "push", s3Uri });
      expect(res.status, s3Uri).toBe(403);
      expect(res.json.error).toMatch(/pushes write only to s3:\/\/data-bucket\/sessions\/.*\/artifacts\//);
    }
    expect(s3.get("data-bucket", `sessions/${b}/artifacts/secret.md`)?.toString()).toBe("B's report");
    expect(s3.requests.some((r) => r.includes(`sessions/${b}`) && !r.startsWith("PUT"))).toBe(false);
    expect(s3.requests.some((r) => r.includes("other-bucket"))).toBe(false);
  });

  it("refuses a pull above the session's disk budget with 507 and keeps nothing of it", async () => {
    s3.put("data-bucket", "data/big.bin", Buffer.alloc(9 * MiB, 1));
    const id = await ex.createSession();
    const res = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "pull",
      s3Uri: "s3://data-bucket/data/big.bin",
    });
    expect(res.status).toBe(507);
    expect(res.json).toMatchObject({ code: "DISK_BUDGET_EXCEEDED" });
    expect(res.json.error).toMatch(/disk budget.*EXECUTOR_SESSION_DISK_MB/);
    const listing = await ex.call("GET", `/sessions/${id}/files`);
    expect(listing.json.files.filter((f: { type: string }) => f.type === "file")).toEqual([]);
    // an object that grows past what it was listed at is stopped while streaming
    s3.put("data-bucket", "data/liar.bin", Buffer.alloc(9 * MiB, 2), 1024);
    const liar = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "pull",
      s3Uri: "s3://data-bucket/data/liar.bin",
    });
    expect(liar.status).toBe(507);
    expect(
      (await ex.call("GET", `/sessions/${id}/files`)).json.files.filter(
        (f: { type: string }) => f.type === "file",
      ),
    ).toEqual([]);
  });

  it("reports S3 and request problems as clear 4xx errors", async () => {
    for (let i = 0; i < 7; i++) s3.put("data-bucket", `data/many/${i}.txt`, Buffer.from("x"));
    const id = await ex.createSession();
    const sync = (body: unknown) => ex.call("POST", `/sessions/${id}/sync`, body);
    expect((await sync({ direction: "pull", s3Uri: "s3://data-bucket/data/none/" })).status).toBe(404);
    expect((await sync({ direction: "pull", s3Uri: "s3://data-bucket/data/many/" })).json.code).toBe(
      "SYNC_TOO_LARGE",
    );
    expect((await sync({ direction: "pull", s3Uri: "https://example.com/x" })).status).toBe(400);
    expect((await sync({ direction: "sideways", s3Uri: "s3://data-bucket/data/" })).status).toBe(400);
    expect((await sync({ direction: "pull" })).status).toBe(400);
    expect((await sync({ direction: "push", path: "data" })).status).toBe(400);
    expect(
      (await sync({ direction: "pull", s3Uri: "s3://data-bucket/data/many/0.txt", path: "../up" })).status,
    ).toBe(400);
    expect(
      (await ex.call("POST", "/sessions/gone/sync", { direction: "pull", s3Uri: "s3://data-bucket/data/" }))
        .status,
    ).toBe(404);
  });
});
