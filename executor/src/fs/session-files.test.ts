import { closeSync, writeSync, readFileSync, readSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, link, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { safeSegments } from "./paths";
import { SafeDir } from "./safe-dir";
import { createOwnedFolder, openForRead, openForWrite, removeFolder } from "./session-files";

let work: string;
let root: SafeDir;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "executor-files-"));
  await mkdir(path.join(work, "s"));
  root = SafeDir.open(path.join(work, "s"));
});
afterEach(async () => {
  root.close();
  await rm(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

describe("path checks", () => {
  it("accepts relative paths and rejects traversal, absolute paths and NUL bytes", () => {
    expect(safeSegments("data/./a.csv")).toEqual(["data", "a.csv"]);
    for (const bad of [
      "",
      "/etc/passwd",
      "../x",
      "data/../../x",
      "a\0b",
      "a\\..\\b",
      "C:/x",
      "./",
      "//",
      "x".repeat(300),
    ]) {
      expect(() => safeSegments(bad), bad).toThrow();
    }
  });
});

describe("writing into a session folder", () => {
  it("creates folders, writes under a temporary name and renames into place", () => {
    const writer = openForWrite(root, "data/new/x.csv", undefined);
    writeSync(writer.fd, "a,b\n");
    closeSync(writer.fd);
    writer.commit();
    expect(readFileSync(path.join(work, "s/data/new/x.csv"), "utf8")).toBe("a,b\n");
    expect(writer.path).toBe("data/new/x.csv");
  });

  it("replaces a symlink at the target instead of writing through it", async () => {
    await writeFile(path.join(work, "victim.txt"), "root's file");
    await symlink(path.join(work, "victim.txt"), path.join(work, "s/out.txt"));
    const writer = openForWrite(root, "out.txt", undefined);
    writeSync(writer.fd, "session data");
    closeSync(writer.fd);
    writer.commit();
    expect(await readFile(path.join(work, "victim.txt"), "utf8")).toBe("root's file");
    expect(await readFile(path.join(work, "s/out.txt"), "utf8")).toBe("session data");
  });

  it("refuses a symlinked folder on the way, and a folder swapped for a symlink after the check", async () => {
    await mkdir(path.join(work, "etc-like"));
    await symlink(path.join(work, "etc-like"), path.join(work, "s/data"));
    expect(() => openForWrite(root, "data/passwd", undefined)).toThrow(/symlink/);
    // The folder the writer holds stays the one it opened, whatever the name points to afterwards.
    await rm(path.join(work, "s/data"));
    await mkdir(path.join(work, "s/data"));
    const writer = openForWrite(root, "data/passwd", undefined);
    await rm(path.join(work, "s/data"), { recursive: true });
    await symlink(path.join(work, "etc-like"), path.join(work, "s/data"));
    writeSync(writer.fd, "x");
    closeSync(writer.fd);
    expect(() => writer.commit()).toThrow(); // the held folder is gone: nothing lands in etc-like
    expect(await readFile(path.join(work, "etc-like/passwd")).catch(() => "absent")).toBe("absent");
  });

  it.runIf(isRoot)("hands what it creates to the session's uid (root only)", async () => {
    const owner = { uid: 65_432, gid: 65_432 };
    const writer = openForWrite(root, "deep/er/x.bin", owner);
    closeSync(writer.fd);
    writer.commit();
    for (const p of ["s/deep", "s/deep/er", "s/deep/er/x.bin"]) {
      expect((await stat(path.join(work, p))).uid, p).toBe(owner.uid);
    }
    createOwnedFolder(work, "t", owner, ["data"]);
    expect((await stat(path.join(work, "t"))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(work, "t/data"))).uid).toBe(owner.uid);
    removeFolder(work, "t");
    await expect(stat(path.join(work, "t"))).rejects.toThrow();
  });
});

describe("reading from a session folder", () => {
  it("serves plain files only: no symlink, no hard link, no folder", async () => {
    await writeFile(path.join(work, "secret"), "root only");
    await writeFile(path.join(work, "s/ok.txt"), "fine");
    await symlink(path.join(work, "secret"), path.join(work, "s/link.txt"));
    await link(path.join(work, "secret"), path.join(work, "s/hard.txt"));
    await mkdir(path.join(work, "s/dir"));
    await symlink(work, path.join(work, "s/up"));
    const { fd, stats } = openForRead(root, "ok.txt", undefined);
    const buffer = Buffer.alloc(stats.size);
    readSync(fd, buffer);
    closeSync(fd);
    expect(buffer.toString()).toBe("fine");
    expect(() => openForRead(root, "link.txt", undefined)).toThrow(/symlink/);
    expect(() => openForRead(root, "hard.txt", undefined)).toThrow(/hard link/);
    expect(() => openForRead(root, "dir", undefined)).toThrow(/is a directory/);
    expect(() => openForRead(root, "up/secret", undefined)).toThrow(/symlink/);
    expect(() => openForRead(root, "missing.txt", undefined)).toThrow(/no such file/);
  });

  it.runIf(isRoot)("serves only files the session owns (root only)", async () => {
    await writeFile(path.join(work, "s/root-owned.txt"), "x");
    expect(() => openForRead(root, "root-owned.txt", { uid: 65_432, gid: 65_432 })).toThrow(
      /not the session's own/,
    );
  });
});
