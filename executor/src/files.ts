import { randomBytes } from "node:crypto";
import { promises as fs, lstatSync, readdirSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import { HttpError } from "./errors";

/** Owner applied to files the server creates inside a session (per-session uid mode). */
export interface Owner {
  uid: number;
  gid: number;
}

export interface FileEntry {
  path: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
  modified: string;
  /** Sub-millisecond mtime, used to detect rewritten files. */
  mtimeMs: number;
}

/**
 * Splits a request path into safe segments: relative, no "..", no empty/"." tricks, no NUL or backslash.
 * Throws 400 otherwise. This is the first of two checks; `insideRoot` on the real path is the second.
 */
export function safeSegments(relPath: string): string[] {
  if (typeof relPath !== "string" || relPath.length === 0) {
    throw new HttpError(400, "BAD_PATH", "a file path is required");
  }
  if (relPath.length > 1024) throw new HttpError(400, "BAD_PATH", "file path is longer than 1024 characters");
  if (relPath.includes("\0") || relPath.includes("\\")) {
    throw new HttpError(400, "BAD_PATH", "file path must not contain NUL bytes or backslashes");
  }
  if (relPath.startsWith("/") || /^[a-zA-Z]:/.test(relPath)) {
    throw new HttpError(400, "BAD_PATH", `file path must be relative to the session directory: ${relPath}`);
  }
  const segments = relPath.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === "..")) {
    throw new HttpError(400, "BAD_PATH", `file path must not contain "..": ${relPath}`);
  }
  if (segments.length === 0) throw new HttpError(400, "BAD_PATH", "a file path is required");
  return segments;
}

export function insideRoot(realRoot: string, candidate: string): boolean {
  return candidate === realRoot || candidate.startsWith(realRoot + path.sep);
}

function escapes(relPath: string): HttpError {
  return new HttpError(403, "PATH_ESCAPES_SESSION", `${relPath} resolves outside the session directory`);
}

async function lstatOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Resolves an existing regular file for download, following symlinks only if they stay inside. */
export async function resolveForRead(root: string, relPath: string): Promise<{ file: string; stat: Stats }> {
  const segments = safeSegments(relPath);
  const realRoot = await fs.realpath(root);
  let real: string;
  try {
    real = await fs.realpath(path.join(realRoot, ...segments));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new HttpError(404, "FILE_NOT_FOUND", `no such file in the session: ${relPath}`);
    }
    throw err;
  }
  if (!insideRoot(realRoot, real)) throw escapes(relPath);
  const stat = await fs.stat(real);
  if (stat.isDirectory()) throw new HttpError(400, "IS_A_DIRECTORY", `${relPath} is a directory`);
  if (!stat.isFile()) throw new HttpError(400, "NOT_A_FILE", `${relPath} is not a regular file`);
  if (stat.nlink > 1) throw new HttpError(403, "HARD_LINK", `${relPath} is a hard link; it is not served`);
  return { file: real, stat };
}

/**
 * Creates the parent directories of relPath inside root (refusing symlinks that lead outside) and
 * returns the absolute target path. The caller writes a temp file and renames it onto the target,
 * which replaces a symlink at the target rather than following it.
 */
export async function prepareWrite(root: string, relPath: string, owner?: Owner): Promise<string> {
  const segments = safeSegments(relPath);
  const realRoot = await fs.realpath(root);
  let current = realRoot;
  for (const segment of segments.slice(0, -1)) {
    const next = path.join(current, segment);
    const stat = await lstatOrNull(next);
    if (stat === null) {
      await fs.mkdir(next, { mode: 0o755 });
      if (owner) await fs.chown(next, owner.uid, owner.gid);
      current = next;
    } else if (stat.isSymbolicLink()) {
      const real = await fs.realpath(next).catch(() => null);
      if (real === null || !insideRoot(realRoot, real)) throw escapes(relPath);
      if (!(await fs.stat(real)).isDirectory()) {
        throw new HttpError(409, "NOT_A_DIRECTORY", `${segment} in ${relPath} is not a directory`);
      }
      current = real;
    } else if (stat.isDirectory()) {
      current = next;
    } else {
      throw new HttpError(409, "NOT_A_DIRECTORY", `${segment} in ${relPath} is not a directory`);
    }
  }
  const target = path.join(current, segments[segments.length - 1] as string);
  const stat = await lstatOrNull(target);
  if (stat?.isDirectory()) throw new HttpError(409, "IS_A_DIRECTORY", `${relPath} is a directory`);
  return target;
}

/** A temp name next to the target, for write-then-rename. */
export function tempNameFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.upload-${randomBytes(6).toString("hex")}`,
  );
}

/** Lists the tree under root without following symlinks; stops after maxEntries. */
export async function walk(
  root: string,
  maxEntries = 10_000,
): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const entries: FileEntry[] = [];
  const queue: string[] = [""];
  while (queue.length > 0) {
    const rel = queue.shift() as string;
    let names: string[];
    try {
      names = (await fs.readdir(path.join(root, rel))).sort();
    } catch {
      continue; // vanished or unreadable while walking
    }
    for (const name of names) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const stat = await lstatOrNull(path.join(root, childRel)).catch(() => null);
      if (!stat) continue;
      if (entries.length >= maxEntries) return { entries, truncated: true };
      const type = stat.isSymbolicLink()
        ? "symlink"
        : stat.isDirectory()
          ? "directory"
          : stat.isFile()
            ? "file"
            : "other";
      entries.push({
        path: childRel,
        type,
        size: stat.size,
        modified: stat.mtime.toISOString(),
        mtimeMs: stat.mtimeMs,
      });
      if (type === "directory" && name !== "__pycache__") queue.push(childRel);
    }
  }
  return { entries, truncated: false };
}

/** Regular files (session-relative path → "size:mtimeMs"), for spotting what an execution wrote. */
export type Snapshot = Map<string, string>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Regular files under root and their size/mtime, without following symlinks or descending into
 * `__pycache__`. This runs after every execution, so it uses synchronous syscalls (a few microseconds
 * each on a small session, against a thread-pool round trip per call for the promise API) in batches of
 * `batch` calls, yielding to the event loop between batches so a session with a huge tree cannot stall
 * the server. Stops after maxEntries entries.
 */
export async function snapshot(root: string, maxEntries = 20_000, batch = 256): Promise<Snapshot> {
  const files: Snapshot = new Map();
  const queue: string[] = [""];
  let entries = 0;
  let calls = 0;
  while (queue.length > 0) {
    const rel = queue.pop() as string;
    let dirents: Dirent[];
    try {
      dirents = readdirSync(rel === "" ? root : path.join(root, rel), { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable while scanning
    }
    calls += 1;
    for (const dirent of dirents) {
      if (++entries > maxEntries) return files;
      const childRel = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
      if (dirent.isDirectory()) {
        if (dirent.name !== "__pycache__") queue.push(childRel);
      } else if (dirent.isFile()) {
        const stat = lstatSync(path.join(root, childRel), { throwIfNoEntry: false });
        calls += 1;
        if (stat?.isFile()) files.set(childRel, `${stat.size}:${stat.mtimeMs}`);
      }
      if (calls >= batch) {
        calls = 0;
        await yieldToEventLoop();
      }
    }
  }
  return files;
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
