import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { salesCsv } from "../src/data/sales";
import { startExecutor, type Harness } from "./helpers";
import { startFakeS3, type FakeS3 } from "./s3-fake";

let s3: FakeS3;
let ex: Harness;

beforeAll(async () => {
  s3 = await startFakeS3(2); // two keys per page: exercises ListObjectsV2 continuation
  // The server reads its S3 settings from the environment like in ECS; credentials are dummies.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const fromEnv = loadConfig({ AWS_ENDPOINT_URL_S3: s3.url, AWS_REGION: "ap-northeast-2" });
  expect(fromEnv.s3).toMatchObject({ endpoint: s3.url, forcePathStyle: true, region: "ap-northeast-2" });
  ex = await startExecutor({ s3: { ...fromEnv.s3, maxObjects: 5 } });
});
afterAll(async () => {
  await ex?.close();
  await s3?.close();
});
afterEach(async () => {
  for (const session of ex.app.executor.list()) await ex.call("DELETE", `/sessions/${session.id}`);
});

describe("S3 sync", () => {
  it("pulls one object into data/ and a whole prefix with its sub-folders", async () => {
    s3.buckets.set(
      "data-bucket",
      new Map([
        ["data/sales.csv", Buffer.from(salesCsv())],
        ["data/extra/매출-2024.csv", Buffer.from("a\n1\n")],
        ["data/extra/notes.txt", Buffer.from("hello")],
        ["data/", Buffer.alloc(0)],
        ["other/skip.txt", Buffer.from("no")],
      ]),
    );
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
      "import pandas as pd\nprint(len(pd.read_csv('data/sales.csv')), open('data/extra/notes.txt').read())",
    );
    expect(check.stdout).toBe("2726 hello\n");
  });

  it("pushes artifacts out under the given prefix", async () => {
    s3.buckets.set("out-bucket", new Map());
    const id = await ex.createSession();
    await ex.exec(
      id,
      "import matplotlib.pyplot as plt, os\nplt.plot([1, 2])\nplt.savefig('artifacts/chart.png')\nos.makedirs('artifacts/report')\nopen('artifacts/report/보고서.md', 'w').write('# 결과')",
    );
    const res = await ex.call("POST", `/sessions/${id}/sync`, {
      direction: "push",
      s3Uri: `s3://out-bucket/sessions/${id}/artifacts`,
    });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(2);
    const stored = s3.buckets.get("out-bucket") as Map<string, Buffer>;
    expect([...stored.keys()].sort()).toEqual([
      `sessions/${id}/artifacts/chart.png`,
      `sessions/${id}/artifacts/report/보고서.md`,
    ]);
    expect(stored.get(`sessions/${id}/artifacts/report/보고서.md`)?.toString()).toBe("# 결과");
    expect(stored.get(`sessions/${id}/artifacts/chart.png`)?.subarray(1, 4).toString()).toBe("PNG");
  });

  it("reports S3 and request problems as clear 4xx errors", async () => {
    s3.buckets.set("many", new Map(Array.from({ length: 7 }, (_, i) => [`p/${i}.txt`, Buffer.from("x")])));
    const id = await ex.createSession();
    const sync = (body: unknown) => ex.call("POST", `/sessions/${id}/sync`, body);
    const missingBucket = await sync({ direction: "pull", s3Uri: "s3://no-such-bucket/x" });
    expect(missingBucket.status).toBe(404);
    expect(missingBucket.json.error).toMatch(/NoSuchBucket/);
    expect((await sync({ direction: "pull", s3Uri: "s3://many/none/" })).status).toBe(404);
    expect((await sync({ direction: "pull", s3Uri: "s3://many/p/" })).json.code).toBe("SYNC_TOO_LARGE");
    expect((await sync({ direction: "pull", s3Uri: "https://example.com/x" })).status).toBe(400);
    expect((await sync({ direction: "sideways", s3Uri: "s3://many/p/" })).status).toBe(400);
    expect((await sync({ direction: "pull", s3Uri: "s3://many/p/0.txt", path: "../up" })).status).toBe(400);
    expect(
      (await ex.call("POST", "/sessions/gone/sync", { direction: "pull", s3Uri: "s3://many/p/" })).status,
    ).toBe(404);
  });
});
