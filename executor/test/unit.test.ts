import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import {
  generateSalesRows,
  salesCsv,
  SALES_CATEGORIES,
  SALES_COLUMNS,
  SALES_ROW_COUNT,
} from "../src/data/sales";
import { diffSnapshots, safeSegments, snapshot } from "../src/files";
import { parseS3Uri } from "../src/s3-sync";
import { encodeFrame, FrameDecoder } from "../src/sessions/framing";

describe("framing", () => {
  it("decodes frames split and merged across chunks", () => {
    const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: "한글" }), encodeFrame([3])]);
    const decoder = new FrameDecoder();
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...decoder.push(bytes.subarray(i, i + 3)));
    expect(out).toEqual([{ a: 1 }, { b: "한글" }, [3]]);
  });

  it("rejects an oversized frame header", () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0xffffffff, 0);
    expect(() => new FrameDecoder().push(header)).toThrow(/exceeds/);
  });
});

describe("path checks", () => {
  it("accepts relative paths and rejects traversal, absolute paths and NUL bytes", () => {
    expect(safeSegments("data/./a.csv")).toEqual(["data", "a.csv"]);
    for (const bad of ["", "/etc/passwd", "../x", "data/../../x", "a\0b", "a\\..\\b", "C:/x", "./", "//"]) {
      expect(() => safeSegments(bad), bad).toThrow();
    }
  });

  it("parses s3 URIs", () => {
    expect(parseS3Uri("s3://bucket-1/a/b.csv")).toEqual({ bucket: "bucket-1", key: "a/b.csv" });
    expect(parseS3Uri("s3://bucket-1")).toEqual({ bucket: "bucket-1", key: "" });
    expect(() => parseS3Uri("s3:/bucket/x")).toThrow(/s3Uri must look like/);
  });
});

describe("artifact snapshots", () => {
  it("finds new and changed regular files, in batches, without following links or entering __pycache__", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "executor-snap-"));
    try {
      await mkdir(path.join(root, "data/deep/er"), { recursive: true });
      await mkdir(path.join(root, "__pycache__"));
      await writeFile(path.join(root, "data/a.csv"), "a");
      await writeFile(path.join(root, "data/deep/er/b.txt"), "bb");
      await writeFile(path.join(root, "__pycache__/m.pyc"), "x");
      await symlink("/etc", path.join(root, "etc"));
      await symlink("a.csv", path.join(root, "data/link.csv"));
      const before = await snapshot(root);
      expect([...before.keys()].sort()).toEqual(["data/a.csv", "data/deep/er/b.txt"]);
      expect(await snapshot(root, 20_000, 1)).toEqual(before); // yielding between every call changes nothing
      await writeFile(path.join(root, "data/deep/new.png"), "png!");
      await writeFile(path.join(root, "data/a.csv"), "A"); // same size, rewritten: a new mtime
      await utimes(path.join(root, "data/a.csv"), new Date(), new Date(Date.now() + 5000));
      const after = await snapshot(root);
      expect(diffSnapshots(before, after)).toEqual([
        { path: "data/a.csv", size: 1 },
        { path: "data/deep/new.png", size: 4 },
      ]);
      expect(diffSnapshots(after, after)).toEqual([]);
      expect((await snapshot(root, 3)).size).toBeLessThan(2); // stops at maxEntries
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("config", () => {
  it("has sensible defaults and reads overrides", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.preload).toEqual(["numpy", "pandas", "matplotlib", "matplotlib.pyplot"]);
    expect(config.s3.endpoint).toBeUndefined();
    const custom = loadConfig({ PORT: "9000", EXECUTOR_PRELOAD: "numpy, json", EXECUTOR_MAX_SESSIONS: "3" });
    expect(custom).toMatchObject({ port: 9000, preload: ["numpy", "json"], maxSessions: 3 });
    expect(config.maxSessions).toBeGreaterThanOrEqual(50); // issue 4: 50 concurrent sessions per task
  });

  it("never lets workers run as root (root is exempt from the process-count limit)", () => {
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      expect(loadConfig({}).workerUidBase).toBe(61000);
      expect(() => loadConfig({ EXECUTOR_WORKER_UID_BASE: "off" })).toThrow(
        /refused when the server runs as root/,
      );
      expect(loadConfig({ EXECUTOR_WORKER_UID_BASE: "70000" }).workerUidBase).toBe(70000);
    } else {
      expect(loadConfig({}).workerUidBase).toBeNull();
      expect(loadConfig({ EXECUTOR_WORKER_UID_BASE: "off" }).workerUidBase).toBeNull();
      expect(() => loadConfig({ EXECUTOR_WORKER_UID_BASE: "70000" })).toThrow(
        /needs the server to run as root/,
      );
    }
  });

  it("rejects bad values with a message naming the variable", () => {
    expect(() => loadConfig({ EXECUTOR_MAX_SESSIONS: "lots" })).toThrow(/EXECUTOR_MAX_SESSIONS/);
    expect(() =>
      loadConfig({ EXECUTOR_DEFAULT_TIMEOUT_SECONDS: "100", EXECUTOR_MAX_TIMEOUT_SECONDS: "10" }),
    ).toThrow(/must not exceed/);
    expect(() => loadConfig({ EXECUTOR_S3_FORCE_PATH_STYLE: "maybe" })).toThrow(/true or false/);
  });
});

describe("sales dataset", () => {
  it("has 2,726 rows, the expected columns and the five categories", () => {
    const rows = generateSalesRows();
    expect(rows).toHaveLength(SALES_ROW_COUNT);
    expect(SALES_ROW_COUNT).toBe(2726);
    expect(Object.keys(rows[0] as object)).toEqual([...SALES_COLUMNS]);
    expect(new Set(rows.map((r) => r.Category))).toEqual(new Set(SALES_CATEGORIES));
    expect(rows.every((r) => /^\d{1,2}\/\d{1,2}\/24$/.test(String(r.Date)))).toBe(true);
    expect(rows.every((r) => Number(r.Amount) > 0 && Number(r.Qty) >= 1)).toBe(true);
    expect(rows.some((r) => r["promotion-ids"] === "")).toBe(true);
    expect(rows.some((r) => String(r["promotion-ids"]).includes(","))).toBe(true);
  });

  it("is deterministic: the same bytes every run, and from the CLI script", async () => {
    const digest = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
    expect(digest(salesCsv())).toBe(digest(salesCsv()));
    // pinned: the agent's tests and demos rely on these exact bytes
    expect(digest(salesCsv())).toBe("4d7122d51b6db6b14f0b4250734f0448178aa46648670a3ec6edb59e8068ab2b");
    expect(digest(salesCsv(7))).not.toBe(digest(salesCsv()));
    const dir = await mkdtemp(path.join(os.tmpdir(), "sales-"));
    try {
      const out = path.join(dir, "sales.csv");
      execFileSync(process.execPath, ["--import", "tsx", "src/data/generate-sales.ts", out], {
        cwd: path.resolve(__dirname, ".."),
        stdio: "ignore",
      });
      const written = await readFile(out);
      expect(digest(written)).toBe(digest(salesCsv()));
      const lines = written.toString("utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(2727);
      expect(lines[0]).toBe(SALES_COLUMNS.join(","));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
