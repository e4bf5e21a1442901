import { randomBytes } from "node:crypto";
import { closeSync, constants, fchownSync, fstatSync, type Stats } from "node:fs";
import { HttpError } from "../errors";
import { safeSegments } from "./paths";
import { isRefusedLookup, SafeDir, symlinkRefused } from "./safe-dir";
import { removeTree } from "./tree";

const { O_WRONLY, O_CREAT, O_EXCL, O_RDONLY, O_NONBLOCK } = constants;

/** The uid and gid that own a session's files (per-session uids); undefined when sessions share the server's. */
export interface Owner {
  uid: number;
  gid: number;
}

/** The folders every session starts with. */
export const SESSION_SUBFOLDERS = ["data", "artifacts"] as const;

function notFound(relPath: string): HttpError {
  return new HttpError(404, "FILE_NOT_FOUND", `no such file in the session: ${relPath}`);
}

function notADirectory(relPath: string, segment: string): HttpError {
  return new HttpError(409, "NOT_A_DIRECTORY", `${segment} in ${relPath} is not a directory`);
}

/** Creates `<parent>/<name>` (mode 0700) with the given subfolders and hands them to the owner. */
export function createOwnedFolder(
  parentPath: string,
  name: string,
  owner: Owner | undefined,
  subfolders: readonly string[] = [],
): void {
  const parent = SafeDir.open(parentPath);
  try {
    parent.mkdir(name, 0o700);
    const dir = parent.child(name);
    try {
      for (const sub of subfolders) {
        dir.mkdir(sub, 0o700);
        const child = dir.child(sub);
        if (owner) child.chown(owner.uid, owner.gid);
        child.close();
      }
      if (owner) dir.chown(owner.uid, owner.gid); // last: until here the session could not write in it
    } finally {
      dir.close();
    }
  } finally {
    parent.close();
  }
}

/** Removes `<parent>/<name>` and everything in it (the session's processes must be gone). */
export function removeFolder(parentPath: string, name: string): void {
  const parent = SafeDir.open(parentPath);
  try {
    removeTree(parent, name);
  } finally {
    parent.close();
  }
}

/** Opens the folder holding `segments`' last element, creating missing folders (owned by `owner`). */
function parentFolder(
  root: SafeDir,
  relPath: string,
  segments: string[],
  create: Owner | undefined | false,
): SafeDir {
  let dir = root;
  try {
    for (const segment of segments.slice(0, -1)) {
      const stats = dir.lstat(segment);
      let next: SafeDir;
      if (!stats) {
        if (create === false) throw notFound(relPath);
        dir.mkdir(segment, 0o700);
        next = dir.child(segment);
        if (create) next.chown(create.uid, create.gid);
      } else if (stats.isDirectory()) {
        next = dir.child(segment);
      } else if (stats.isSymbolicLink()) {
        throw symlinkRefused(relPath);
      } else {
        throw notADirectory(relPath, segment);
      }
      if (dir !== root) dir.close();
      dir = next;
    }
    return dir;
  } catch (err) {
    if (dir !== root) dir.close();
    if (isRefusedLookup(err)) throw symlinkRefused(relPath);
    throw err;
  }
}

/** A file being written under a temporary name; `commit` renames it into place. */
export interface PendingWrite {
  fd: number;
  /** The session-relative path, normalised. */
  path: string;
  commit(): void;
  abort(): void;
}

/**
 * Starts writing `relPath` in the session folder: a new file (O_EXCL, so never an existing file or symlink)
 * with a temporary name, owned by the session, renamed onto the target on commit (which replaces a symlink
 * at the target rather than following it).
 */
export function openForWrite(root: SafeDir, relPath: string, owner: Owner | undefined): PendingWrite {
  const segments = safeSegments(relPath);
  const name = segments[segments.length - 1] as string;
  const dir = parentFolder(root, relPath, segments, owner);
  const temp = `.upload-${randomBytes(8).toString("hex")}`;
  let fd: number;
  try {
    if (dir.lstat(name)?.isDirectory())
      throw new HttpError(409, "IS_A_DIRECTORY", `${relPath} is a directory`);
    fd = dir.openFile(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600);
    if (owner) fchownSync(fd, owner.uid, owner.gid);
  } catch (err) {
    if (dir !== root) dir.close();
    throw err;
  }
  const release = () => {
    if (dir !== root) dir.close();
  };
  return {
    fd,
    path: segments.join("/"),
    commit() {
      try {
        dir.rename(temp, name);
      } finally {
        release();
      }
    },
    abort() {
      try {
        closeSync(fd);
      } catch {
        // closed by its stream already
      }
      try {
        dir.unlink(temp);
      } catch {
        // already gone
      }
      release();
    },
  };
}

/**
 * Opens an existing regular file of the session for reading: no symlink anywhere on the way, exactly one
 * link, owned by the session (when sessions have their own uids).
 */
export function openForRead(
  root: SafeDir,
  relPath: string,
  owner: Owner | undefined,
): { fd: number; stats: Stats } {
  const segments = safeSegments(relPath);
  const name = segments[segments.length - 1] as string;
  const dir = parentFolder(root, relPath, segments, false);
  try {
    const found = dir.lstat(name);
    if (!found) throw notFound(relPath);
    if (found.isSymbolicLink()) throw symlinkRefused(relPath);
    if (found.isDirectory()) throw new HttpError(400, "IS_A_DIRECTORY", `${relPath} is a directory`);
    if (!found.isFile()) throw new HttpError(400, "NOT_A_FILE", `${relPath} is not a regular file`);
    let fd: number;
    try {
      // O_NONBLOCK: if a FIFO was swapped in since the lstat, the open must not wait for a writer
      fd = dir.openFile(name, O_RDONLY | O_NONBLOCK);
    } catch (err) {
      if (isRefusedLookup(err)) throw symlinkRefused(relPath);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw notFound(relPath);
      throw err;
    }
    const stats = fstatSync(fd);
    const problem = !stats.isFile()
      ? new HttpError(400, "NOT_A_FILE", `${relPath} is not a regular file`)
      : stats.nlink > 1
        ? new HttpError(403, "HARD_LINK", `${relPath} is a hard link; it is not served`)
        : owner && stats.uid !== owner.uid
          ? new HttpError(403, "PATH_ESCAPES_SESSION", `${relPath} is not the session's own file`)
          : undefined;
    if (problem) {
      closeSync(fd);
      throw problem;
    }
    return { fd, stats };
  } finally {
    if (dir !== root) dir.close();
  }
}
