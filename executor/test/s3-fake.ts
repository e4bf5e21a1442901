import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/**
 * A small path-style S3 on 127.0.0.1: ListObjectsV2, GetObject, PutObject. Objects may be buffers, files on
 * disk, or generated on the fly, and are sent as streams with backpressure, so a test can pull hundreds of
 * megabytes through it without the fake holding them.
 */
export interface FakeS3 {
  url: string;
  requests: string[];
  /** An object held in memory; `listedSize` makes the listing report another size than the body has. */
  put(bucket: string, key: string, body: Buffer, listedSize?: number): void;
  /** An object streamed from a file. */
  putFile(bucket: string, key: string, file: string): void;
  /** An object of `size` bytes produced by `chunk(offset)` as it is read. */
  putGenerated(bucket: string, key: string, size: number, chunk: (offset: number) => Buffer): void;
  get(bucket: string, key: string): Buffer | undefined;
  keys(bucket: string): string[];
  close(): Promise<void>;
}

interface StoredObject {
  size: number;
  listedSize: number;
  open(): Readable;
  buffer?: Buffer;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function error(res: http.ServerResponse, status: number, code: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
  );
}

function generated(size: number, chunk: (offset: number) => Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= size) return void this.push(null);
      const next = chunk(offset);
      const part = next.length > size - offset ? next.subarray(0, size - offset) : next;
      offset += part.length;
      this.push(part);
    },
  });
}

export async function startFakeS3(pageSize = 1000): Promise<FakeS3> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const requests: string[] = [];
  const bucket = (name: string) => {
    let found = buckets.get(name);
    if (!found) buckets.set(name, (found = new Map()));
    return found;
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucketName = "", ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    requests.push(`${req.method} ${bucketName}/${key}`);
    const objects = buckets.get(decodeURIComponent(bucketName));
    if (req.method === "PUT") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (!objects) return error(res, 404, "NoSuchBucket");
        const body = Buffer.concat(chunks);
        objects.set(key, {
          size: body.length,
          listedSize: body.length,
          open: () => Readable.from([body]),
          buffer: body,
        });
        res.writeHead(200, { etag: '"fake"' });
        res.end();
      });
      return;
    }
    req.resume();
    if (!objects) return error(res, 404, "NoSuchBucket");
    if (req.method === "GET" && key === "" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const start = Number(url.searchParams.get("continuation-token") ?? 0);
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const page = keys.slice(start, start + pageSize);
      const truncated = start + pageSize < keys.length;
      const contents = page
        .map(
          (k) => `<Contents><Key>${xml(k)}</Key><Size>${objects.get(k)?.listedSize ?? 0}</Size></Contents>`,
        )
        .join("");
      res.writeHead(200, { "content-type": "application/xml" });
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucketName}</Name>` +
          `<Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>` +
          (truncated ? `<NextContinuationToken>${start + pageSize}</NextContinuationToken>` : "") +
          `${contents}</ListBucketResult>`,
      );
    }
    if (req.method === "GET") {
      const object = objects.get(key);
      if (!object) return error(res, 404, "NoSuchKey");
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": object.size });
      const body = object.open();
      body.pipe(res);
      res.on("close", () => body.destroy());
      return;
    }
    error(res, 405, "MethodNotAllowed");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    put(name, key, body, listedSize) {
      bucket(name).set(key, {
        size: body.length,
        listedSize: listedSize ?? body.length,
        open: () => Readable.from([body]),
        buffer: body,
      });
    },
    putFile(name, key, file) {
      const size = statSync(file).size;
      bucket(name).set(key, {
        size,
        listedSize: size,
        open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }),
      });
    },
    putGenerated(name, key, size, chunk) {
      bucket(name).set(key, { size, listedSize: size, open: () => generated(size, chunk) });
    },
    get: (name, key) => buckets.get(name)?.get(key)?.buffer,
    keys: (name) => [...(buckets.get(name)?.keys() ?? [])].sort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
