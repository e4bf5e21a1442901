import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sessionAuthorization } from "agentcore-vpc-platform-contract";
import { deleteAll, expectHealthyAfterFault, startExecutor, UID_RANGES, type Harness } from "./helpers";

let ex: Harness;

beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.files, { uploadLimitBytes: 256 * 1024 });
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

/** Raw HTTP, so "..", "%2e%2e" and "//" reach the server exactly as written (fetch would normalise them). */
function raw(method: string, rawPath: string, body?: Buffer): Promise<{ status: number; text: string }> {
  const { port } = new URL(ex.url);
  const token = ex.tokens.get(rawPath.split("/")[2] ?? "") ?? "";
  const headers = { authorization: sessionAuthorization(token) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("file routes", () => {
  it("uploads, lists and downloads files (binary-safe, nested, Korean names)", async () => {
    const id = await ex.createSession();
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const put = await ex.fetch(`/sessions/${id}/files/data/raw/blob.bin`, {
      method: "PUT",
      body: bytes,
    });
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ path: "data/raw/blob.bin", size: 7 });
    const korean = encodeURIComponent("매출.csv");
    const csv = await ex.fetch(`/sessions/${id}/files/data/${korean}`, {
      method: "PUT",
      headers: { "content-type": "application/json" }, // any content type is stored raw
      body: "a,b\n1,2\n",
    });
    expect(csv.status).toBe(201);
    const listing = await ex.call("GET", `/sessions/${id}/files`);
    expect(listing.json.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(["data", "artifacts", "data/raw", "data/raw/blob.bin", "data/매출.csv"]),
    );
    const down = await ex.fetch(`/sessions/${id}/files/data/raw/blob.bin`);
    expect(Buffer.from(await down.arrayBuffer())).toEqual(bytes);
    const py = await ex.exec(id, "import pandas as pd\nint(pd.read_csv('data/매출.csv').b.sum())");
    expect(py.stdout).toBe("2\n");
    expect((await ex.call("GET", `/sessions/${id}/files/data/missing.csv`)).status).toBe(404);
    expect((await ex.call("GET", `/sessions/${id}/files/data`)).json.code).toBe("IS_A_DIRECTORY");
  });

  it("rejects path traversal and absolute paths", async () => {
    const id = await ex.createSession();
    for (const p of [
      `/sessions/${id}/files/../../../../etc/passwd`,
      `/sessions/${id}/files/data/../../x`,
      `/sessions/${id}/files/%2e%2e/%2e%2e/etc/passwd`,
      `/sessions/${id}/files/..%2f..%2fetc%2fpasswd`,
      `/sessions/${id}/files//etc/passwd`,
      `/sessions/${id}/files/%2fetc%2fpasswd`,
    ]) {
      for (const method of ["GET", "PUT"]) {
        const res = await raw(method, p, method === "PUT" ? Buffer.from("x") : undefined);
        expect([400, 404], `${method} ${p}`).toContain(res.status);
        expect(res.text).not.toContain("root:");
      }
    }
    const res = await raw("GET", `/sessions/${id}/files/data/..%2f..%2f..%2fetc%2fhostname`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/must not contain ".."/);
    await expectHealthyAfterFault(ex);
  });

  it("follows no symlink: escaping ones, and inside ones too", async () => {
    const id = await ex.createSession();
    await ex.exec(
      id,
      [
        "import os",
        "os.symlink('/etc/passwd', 'artifacts/passwd')",
        "os.symlink('/etc', 'data/etc')",
        "os.symlink('/tmp', 'outside')",
        "open('artifacts/real.txt', 'w').write('inside')",
        "os.symlink('real.txt', 'artifacts/alias.txt')",
      ].join("\n"),
    );
    const leak = await ex.call("GET", `/sessions/${id}/files/artifacts/passwd`);
    expect(leak.status).toBe(403);
    expect(leak.json.code).toBe("PATH_ESCAPES_SESSION");
    expect(leak.text).not.toContain("root:");
    expect((await ex.call("GET", `/sessions/${id}/files/data/etc/hostname`)).status).toBe(403);
    const upload = await ex.fetch(`/sessions/${id}/files/outside/evil.txt`, {
      method: "PUT",
      body: "x",
    });
    expect(upload.status).toBe(403);
    // the server does not follow a symlink even when it stays inside (it would have to walk it twice)
    const alias = await ex.fetch(`/sessions/${id}/files/artifacts/alias.txt`);
    expect(alias.status).toBe(403);
    expect(await (await ex.fetch(`/sessions/${id}/files/artifacts/real.txt`)).text()).toBe("inside");
    // uploading onto an escaping symlink replaces the link instead of writing through it
    const replace = await ex.fetch(`/sessions/${id}/files/artifacts/passwd`, {
      method: "PUT",
      body: "mine",
    });
    expect(replace.status).toBe(201);
    expect(await (await ex.fetch(`/sessions/${id}/files/artifacts/passwd`)).text()).toBe("mine");
    const listing = await ex.call("GET", `/sessions/${id}/files`);
    expect(listing.json.files).toEqual(
      expect.arrayContaining([{ path: "outside", type: "symlink", size: 4, modified: expect.any(String) }]),
    );
    await expectHealthyAfterFault(ex);
  });

  it("enforces the upload size limit", async () => {
    const id = await ex.createSession();
    const big = Buffer.alloc(300 * 1024, 1);
    const res = await ex.fetch(`/sessions/${id}/files/data/big.bin`, { method: "PUT", body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("UPLOAD_TOO_LARGE");
    const listing = await ex.call("GET", `/sessions/${id}/files`);
    expect(listing.json.files.filter((f: { path: string }) => f.path.startsWith("data/"))).toEqual([]);
    // streamed without a content-length: stopped while streaming
    const chunked = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(ex.url);
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "PUT",
          path: `/sessions/${id}/files/data/chunked.bin`,
          headers: { authorization: sessionAuthorization(ex.tokens.get(id) ?? "") },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(64 * 1024, 2));
      req.end();
    });
    expect(chunked).toBe(413);
    await expectHealthyAfterFault(ex);
  });
});
