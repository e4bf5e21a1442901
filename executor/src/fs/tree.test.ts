import { mkdir, mkdtemp, rm, symlink, utimes, writeFile, link, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SafeDir } from "./safe-dir";
import { diffSnapshots, diskUsage, listTree, removeTree, snapshot } from "./tree";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "executor-tree-"));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe("snapshots", () => {
  it("finds new and changed regular files, in batches, without following links or entering __pycache__", async () => {
    await mkdir(path.join(root, "data/deep/er"), { recursive: true });
    await mkdir(path.join(root, "__pycache__"));
    await writeFile(path.join(root, "data/a.csv"), "a");
    await writeFile(path.join(root, "data/deep/er/b.txt"), "bb");
    await writeFile(path.join(root, "__pycache__/m.pyc"), "x");
    await symlink("/etc", path.join(root, "etc"));
    await symlink("a.csv", path.join(root, "data/link.csv"));
    const dir = SafeDir.open(root);
    try {
      const { files: before, bytes } = await snapshot(dir);
      expect([...before.keys()].sort()).toEqual(["data/a.csv", "data/deep/er/b.txt"]);
      expect(bytes).toBeGreaterThan(0);
      expect((await snapshot(dir, 20_000, 1)).files).toEqual(before); // yielding between every call changes nothing
      await writeFile(path.join(root, "data/deep/new.png"), "png!");
      await writeFile(path.join(root, "data/a.csv"), "A"); // same size, rewritten: a new mtime
      await utimes(path.join(root, "data/a.csv"), new Date(), new Date(Date.now() + 5000));
      const { files: after } = await snapshot(dir);
      expect(diffSnapshots(before, after)).toEqual([
        { path: "data/a.csv", size: 1 },
        { path: "data/deep/new.png", size: 4 },
      ]);
      expect(diffSnapshots(after, after)).toEqual([]);
      const partial = await snapshot(dir, 3);
      expect(partial.files.size).toBeLessThan(2); // stops at maxEntries
      expect(partial.truncated).toBe(true);
    } finally {
      dir.close();
    }
  });

  it("lists entries with their types, never the target of a symlink", async () => {
    await mkdir(path.join(root, "data"));
    await writeFile(path.join(root, "data/x.csv"), "1,2\n");
    await symlink("/etc", path.join(root, "data/etc"));
    const dir = SafeDir.open(root);
    try {
      const { entries } = await listTree(dir);
      expect(entries.map(({ path: p, type }) => [p, type])).toEqual([
        ["data", "directory"],
        ["data/etc", "symlink"],
        ["data/x.csv", "file"],
      ]);
    } finally {
      dir.close();
    }
  });
});

describe("disk usage", () => {
  it("counts allocated blocks, hard links once, and stops at the entry limit", async () => {
    await writeFile(path.join(root, "a.bin"), Buffer.alloc(256 * 1024, 1));
    await link(path.join(root, "a.bin"), path.join(root, "a-again.bin"));
    const sparse = path.join(root, "sparse.bin");
    await writeFile(sparse, "");
    const { truncate } = await import("node:fs/promises");
    await truncate(sparse, 1024 * 1024 * 1024); // 1 GiB apparent, nothing allocated
    const dir = SafeDir.open(root);
    try {
      const usage = await diskUsage([dir], 100);
      expect(usage.bytes).toBeGreaterThanOrEqual(256 * 1024);
      expect(usage.bytes).toBeLessThan(1024 * 1024); // not 512 KiB for the link, not 1 GiB for the sparse file
      expect(usage.entries).toBe(3);
      expect(usage.truncated).toBe(false);
      expect((await diskUsage([dir], 2)).truncated).toBe(true);
    } finally {
      dir.close();
    }
  });
});

describe("removal", () => {
  it("removes a tree without following symlinks out of it, however deep it is nested", async () => {
    const outside = path.join(root, "outside");
    await mkdir(outside);
    await writeFile(path.join(outside, "keep.txt"), "keep");
    const session = path.join(root, "session");
    let deep = session;
    for (let i = 0; i < 100; i++) deep = path.join(deep, `d${i}`);
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(deep, "f.txt"), "x");
    await symlink(outside, path.join(session, "link"));
    await symlink(outside, path.join(deep, "link"));
    const parent = SafeDir.open(root);
    try {
      removeTree(parent, "session", 8);
    } finally {
      parent.close();
    }
    expect(await readdir(root)).toEqual(["outside"]);
    expect(await readdir(outside)).toEqual(["keep.txt"]);
  });
});
