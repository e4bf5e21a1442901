import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A path-style S3 on 127.0.0.1 that takes uploads the way the SDK's multipart upload sends them
 * (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, and PutObject for
 * small files). It keeps no bytes: each object is its size and MD5, so a 1 GB upload costs no memory here.
 */
export interface FakeS3Object {
  size: number;
  md5: string;
  parts: number;
}

export interface FakeS3 {
  url: string;
  objects: Map<string, FakeS3Object>;
  requests: string[];
  close(): Promise<void>;
}

interface PendingUpload {
  key: string;
  parts: Map<number, { size: number; hash: ReturnType<typeof createHash> }>;
}

export async function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, FakeS3Object>();
  const requests: string[] = [];
  const uploads = new Map<string, PendingUpload>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://s3");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = `${bucket}/${rest.map(decodeURIComponent).join("/")}`;
    const uploadId = url.searchParams.get("uploadId");
    const partNumber = url.searchParams.get("partNumber");
    requests.push(`${req.method} ${key}${url.search}`);
    const hash = createHash("md5");
    let size = 0;
    const xml = (body: string) => {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (req.method === "PUT") hash.update(chunk);
    });
    req.on("end", () => {
      if (req.method === "POST" && url.searchParams.has("uploads")) {
        const id = `upload-${++next}`;
        uploads.set(id, { key, parts: new Map() });
        return xml(
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${rest.join("/")}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      if (req.method === "PUT" && uploadId && partNumber) {
        const upload = uploads.get(uploadId);
        if (!upload) return void res.writeHead(404).end();
        upload.parts.set(Number(partNumber), { size, hash });
        res.writeHead(200, { etag: `"${uploadId}-${partNumber}"` });
        return res.end();
      }
      if (req.method === "POST" && uploadId) {
        const upload = uploads.get(uploadId);
        if (!upload) return void res.writeHead(404).end();
        const numbers = [...upload.parts.keys()].sort((a, b) => a - b);
        const total = numbers.reduce((sum, n) => sum + (upload.parts.get(n)?.size ?? 0), 0);
        // S3's multipart ETag: the MD5 of the parts' MD5s, then "-<parts>".
        const md5 = createHash("md5");
        for (const n of numbers) md5.update(upload.parts.get(n)?.hash.digest() ?? Buffer.alloc(0));
        objects.set(upload.key, {
          size: total,
          md5: `${md5.digest("hex")}-${numbers.length}`,
          parts: numbers.length,
        });
        uploads.delete(uploadId);
        return xml(
          `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${rest.join("/")}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (req.method === "DELETE" && uploadId) {
        uploads.delete(uploadId);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === "PUT") {
        objects.set(key, { size, md5: hash.digest("hex"), parts: 0 });
        res.writeHead(200, { etag: '"single"' });
        return res.end();
      }
      res.writeHead(405);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
