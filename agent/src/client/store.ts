import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/** One object of a listing. */
export interface StoredObject {
  key: string;
  size: number;
}

/**
 * The data bucket as the agent, the invoke CLI and the console use it: run records, event logs, artifacts and
 * uploaded inputs. `S3Store` is the deployed bucket; `LocalDirStore` is the folder that stands in for it on a
 * development machine (`<root>/<bucket>/<key>`), so local runs and tests take the same code paths.
 */
export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** The object as a stream (for downloads of any size), or undefined when there is none. */
  open(key: string): Promise<{ body: Readable; size: number } | undefined>;
  /** Every object under the prefix, sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
  /** The next level of "folders" under the prefix (`a/b/` → `a/b/c/`, …), sorted. */
  folders(prefix: string): Promise<string[]>;
  uri(key: string): string;
}

/** `s3://bucket/key` → its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1] as string, key: m[2] ?? "" };
}

export class S3Store implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array | string, contentType?: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    const opened = await this.open(key);
    if (!opened) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  async open(key: string): Promise<{ body: Readable; size: number } | undefined> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) return undefined;
      return { body: res.Body as Readable, size: res.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async folders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: "/",
          ContinuationToken: token,
        }),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }
}

function isNotFound(err: unknown): boolean {
  if (err instanceof NoSuchKey) return true;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

export class LocalDirStore implements ObjectStore {
  constructor(
    readonly root: string,
    readonly bucket: string,
  ) {}

  /** The file behind a key; a key that would leave the bucket's folder is refused. */
  file(key: string): string {
    const base = path.resolve(this.root, this.bucket);
    const resolved = path.resolve(base, ...key.split("/").filter((s) => s !== ""));
    if (!resolved.startsWith(base + path.sep)) throw new Error(`key ${key} escapes ${base}`);
    return resolved;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader never sees half an object, as with S3.
    const temp = `${file}.${process.pid}.${Date.now()}.part`;
    await fs.writeFile(temp, body);
    await fs.rename(temp, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    return fs.readFile(this.file(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "EISDIR") return undefined;
      throw err;
    });
  }

  async open(key: string): Promise<{ body: Readable; size: number } | undefined> {
    const file = this.file(key);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return undefined;
    return { body: createReadStream(file), size: stat.size };
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const base = path.resolve(this.root, this.bucket);
    // Walk from the deepest folder the prefix names; filter by the full prefix after.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : "";
    const out: StoredObject[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const key = `${rel}${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`);
        else if (entry.isFile() && key.startsWith(prefix) && !key.endsWith(".part")) {
          const stat = await fs.stat(path.join(dir, entry.name));
          out.push({ key, size: stat.size });
        }
      }
    };
    await walk(folder ? path.join(base, ...folder.split("/").filter(Boolean)) : base, folder);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async folders(prefix: string): Promise<string[]> {
    if (!prefix.endsWith("/")) throw new Error(`folders() needs a prefix ending in "/": ${prefix}`);
    const dir = path.resolve(this.root, this.bucket, ...prefix.split("/").filter(Boolean));
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => `${prefix}${e.name}/`)
      .sort();
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }
}
