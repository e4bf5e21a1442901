import http from "node:http";
import type { AddressInfo } from "node:net";

/** A tiny path-style S3 on 127.0.0.1: ListObjectsV2, GetObject, PutObject. Enough for sync tests. */
export interface FakeS3 {
  url: string;
  buckets: Map<string, Map<string, Buffer>>;
  requests: string[];
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function error(res: http.ServerResponse, status: number, code: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
  );
}

export async function startFakeS3(pageSize = 1000): Promise<FakeS3> {
  const buckets = new Map<string, Map<string, Buffer>>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucketName = "", ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    requests.push(`${req.method} ${bucketName}/${key}`);
    const bucket = buckets.get(decodeURIComponent(bucketName));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!bucket) return error(res, 404, "NoSuchBucket");
      if (req.method === "GET" && key === "" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        const start = Number(url.searchParams.get("continuation-token") ?? 0);
        const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix)).sort();
        const page = keys.slice(start, start + pageSize);
        const truncated = start + pageSize < keys.length;
        const contents = page
          .map((k) => `<Contents><Key>${xml(k)}</Key><Size>${bucket.get(k)?.length ?? 0}</Size></Contents>`)
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
        const body = bucket.get(key);
        if (!body) return error(res, 404, "NoSuchKey");
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
        return res.end(body);
      }
      if (req.method === "PUT") {
        bucket.set(key, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"fake"' });
        return res.end();
      }
      error(res, 405, "MethodNotAllowed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    buckets,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
