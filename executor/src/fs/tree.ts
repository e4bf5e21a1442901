import type { Dirent, Stats } from "node:fs";
import { randomBytes } from "node:crypto";
import type { FileEntry } from "agentcore-vpc-platform-contract";
import type { SafeDir } from "./safe-dir";

/**
 * Walks of a session folder as root, through SafeDir (no symlink is ever followed). Synchronous syscalls in
 * batches, yielding to the event loop between batches: a few microseconds each on a small session, against a
 * thread-pool round trip per call for the promise API, and a session with a huge tree cannot stall the server.
 */

export interface WalkOptions {
  /** Stop after this many entries (the result says truncated). */
  maxEntries: number;
  /** Syscalls between turns of the event loop. @default 256 */
  batch?: number;
  /** Folders not descended into (listed, not walked). */
  skipDirs?: ReadonlySet<string>;
  /** Deeper folders are not descended into (each level holds a descriptor open). @default 64 */
  maxDepth?: number;
  /** Which entries the visitor needs stats of (an lstat each). @default every entry */
  stat?: (type: FileEntry["type"]) => boolean;
}

export interface WalkVisit {
  path: string;
  type: FileEntry["type"];
  /** Present when `stat` asked for it. */
  stats: Stats | undefined;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function typeOf(entry: Stats | Dirent): FileEntry["type"] | undefined {
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice())
    return "other";
  return undefined; // the filesystem did not say (DT_UNKNOWN): lstat tells
}

/** Visits every entry below `root` (not `root` itself); `root` stays open (the caller closes it). */
export async function walk(
  root: SafeDir,
  visit: (entry: WalkVisit) => void,
  options: WalkOptions,
): Promise<{ truncated: boolean }> {
  const batch = options.batch ?? 256;
  const maxDepth = options.maxDepth ?? 64;
  let seen = 0;
  let calls = 0;
  let truncated = false;
  const wants = options.stat ?? (() => true);
  const frames: { dir: SafeDir; rel: string; names: Dirent[]; next: number }[] = [];
  const open = (dir: SafeDir, rel: string) => {
    calls += 1;
    let names: Dirent[] = [];
    try {
      names = dir.entries().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      // vanished or unreadable while walking
    }
    frames.push({ dir, rel, names, next: 0 });
  };
  open(root, "");
  try {
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.next >= frame.names.length) {
        frames.pop();
        if (frame.dir !== root) frame.dir.close();
        continue;
      }
      const dirent = frame.names[frame.next++] as Dirent;
      const name = dirent.name;
      if (++seen > options.maxEntries) {
        truncated = true;
        break;
      }
      const rel = frame.rel === "" ? name : `${frame.rel}/${name}`;
      let type = typeOf(dirent);
      let stats: Stats | undefined;
      if (type === undefined || wants(type)) {
        calls += 1;
        stats = frame.dir.lstat(name);
        if (!stats) continue;
        type = typeOf(stats) ?? "other";
      }
      visit({ path: rel, type, stats });
      if (type === "directory" && !options.skipDirs?.has(name)) {
        if (frames.length > maxDepth) truncated = true;
        else {
          try {
            open(frame.dir.child(name), rel);
          } catch {
            // replaced by a symlink or removed since the lstat: not followed
          }
        }
      }
      if (calls >= batch) {
        calls = 0;
        await yieldToEventLoop();
      }
    }
  } finally {
    for (const frame of frames) if (frame.dir !== root) frame.dir.close();
  }
  return { truncated };
}

/** Regular files (session-relative path → "size:mtimeMs"), for spotting what an execution wrote. */
export type Snapshot = Map<string, string>;

const PYCACHE = new Set(["__pycache__"]);
const onlyFiles = (type: FileEntry["type"]) => type === "file";

/**
 * The regular files under root, and the bytes they occupy (hard links once; folders not counted, nor files
 * below `__pycache__`): the walk after every execution gives the disk check its figure for free.
 */
export async function snapshot(
  root: SafeDir,
  maxEntries = 20_000,
  batch = 256,
): Promise<{ files: Snapshot; bytes: number; truncated: boolean }> {
  const files: Snapshot = new Map();
  const links = new Set<string>();
  let bytes = 0;
  const { truncated } = await walk(
    root,
    ({ path, type, stats }) => {
      if (type !== "file" || !stats) return;
      files.set(path, `${stats.size}:${stats.mtimeMs}`);
      if (stats.nlink > 1) {
        const key = `${stats.dev}:${stats.ino}`;
        if (links.has(key)) return;
        links.add(key);
      }
      bytes += stats.blocks * 512;
    },
    { maxEntries, batch, skipDirs: PYCACHE, stat: onlyFiles },
  );
  return { files, bytes, truncated };
}

/** Files of `after` that are new or changed since `before`, with their sizes, sorted by path. */
export function diffSnapshots(before: Snapshot, after: Snapshot): { path: string; size: number }[] {
  const changed: { path: string; size: number }[] = [];
  for (const [file, signature] of after) {
    if (before.get(file) !== signature) {
      changed.push({ path: file, size: Number(signature.slice(0, signature.indexOf(":"))) });
    }
  }
  return changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function listTree(
  root: SafeDir,
  maxEntries = 10_000,
): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const entries: FileEntry[] = [];
  const { truncated } = await walk(
    root,
    ({ path, type, stats }) => {
      if (stats) entries.push({ path, type, size: stats.size, modified: stats.mtime.toISOString() });
    },
    { maxEntries, skipDirs: PYCACHE },
  );
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, truncated };
}

export interface DiskUsage {
  /** Allocated bytes (st_blocks × 512: a sparse file counts what it occupies), hard links counted once. */
  bytes: number;
  entries: number;
  /** More entries than `maxEntries`: bytes is a lower bound. */
  truncated: boolean;
}

export async function diskUsage(roots: SafeDir[], maxEntries: number): Promise<DiskUsage> {
  const seen = new Set<string>();
  let bytes = 0;
  let entries = 0;
  let truncated = false;
  for (const root of roots) {
    bytes += root.stat().blocks * 512;
    const result = await walk(
      root,
      ({ stats }) => {
        entries += 1;
        if (!stats) return;
        if (stats.nlink > 1) {
          const key = `${stats.dev}:${stats.ino}`;
          if (seen.has(key)) return;
          seen.add(key);
        }
        bytes += stats.blocks * 512;
      },
      { maxEntries: maxEntries - entries },
    );
    truncated ||= result.truncated;
  }
  return { bytes, entries, truncated };
}

/**
 * Removes `name` inside `parent` and everything below it, without following symlinks. Folders nested deeper
 * than `maxDepth` are first moved up into the folder being removed (a rename between descriptors), so the
 * descriptors held stay few however deep a session nested its folders.
 */
export function removeTree(parent: SafeDir, name: string, maxDepth = 32): void {
  const stats = parent.lstat(name);
  if (!stats) return;
  if (!stats.isDirectory()) {
    parent.unlink(name);
    return;
  }
  const top = parent.child(name);
  const frames: { dir: SafeDir; parent: SafeDir; name: string }[] = [{ dir: top, parent, name }];
  try {
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      const entries = frame.dir.entries();
      for (const entry of entries) if (!entry.isDirectory()) frame.dir.unlink(entry.name);
      const sub = entries.find((entry) => entry.isDirectory());
      if (sub) {
        if (frames.length >= maxDepth)
          frame.dir.moveTo(sub.name, top, `.removing-${randomBytes(6).toString("hex")}`);
        else frames.push({ dir: frame.dir.child(sub.name), parent: frame.dir, name: sub.name });
        continue;
      }
      frames.pop();
      if (frame.dir !== top) frame.dir.close();
      frame.parent.rmdir(frame.name);
    }
  } finally {
    for (const frame of frames) if (frame.dir !== top) frame.dir.close();
    top.close();
  }
}
