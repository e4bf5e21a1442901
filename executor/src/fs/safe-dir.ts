import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { HttpError } from "../errors";

// libuv opens every descriptor close-on-exec: none of these reaches a process the server starts.
const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;

/**
 * A directory held open by descriptor, with every operation relative to it and no symlink followed: the
 * server runs as root and session code can rename, replace and symlink anything inside its folders while
 * the server works there, so a path is never walked twice.
 *
 * Node has no openat(2). `/proc/self/fd/<fd>/<name>` is the same lookup: the kernel resolves the
 * `/proc/self/fd/<fd>` link to the open directory itself (not to a path that could have changed), then
 * looks up `name` inside it. Every name is one path component, and every open of it uses O_NOFOLLOW, so
 * a symlink planted anywhere fails the operation (ELOOP/ENOTDIR) instead of leading out of the session.
 */
export class SafeDir {
  private constructor(
    readonly fd: number,
    /** For messages only. */
    readonly label: string,
  ) {}

  /** Opens a directory whose parents only root can change (the work folder's own directories). */
  static open(absolutePath: string): SafeDir {
    return new SafeDir(openSync(absolutePath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), absolutePath);
  }

  private at(name: string): string {
    if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
      throw new Error(`not a single path component: ${JSON.stringify(name)}`);
    }
    return `/proc/self/fd/${this.fd}/${name}`;
  }

  /** The directory `name` inside this one; throws if it is a symlink or not a directory. */
  child(name: string): SafeDir {
    return new SafeDir(openSync(this.at(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW), `${this.label}/${name}`);
  }

  /** lstat of `name` (symlinks not followed), or undefined when there is none. */
  lstat(name: string): Stats | undefined {
    return lstatSync(this.at(name), { throwIfNoEntry: false });
  }

  stat(): Stats {
    return fstatSync(this.fd);
  }

  entries(): Dirent[] {
    return readdirSync(`/proc/self/fd/${this.fd}`, { withFileTypes: true });
  }

  mkdir(name: string, mode: number): void {
    mkdirSync(this.at(name), { mode });
  }

  /** Opens `name` with `flags` (O_NOFOLLOW is always added) and returns the descriptor. */
  openFile(name: string, flags: number, mode = 0o600): number {
    return openSync(this.at(name), flags | O_NOFOLLOW, mode);
  }

  /** Renames within this directory; neither name is followed if it is a symlink. */
  rename(from: string, to: string): void {
    renameSync(this.at(from), this.at(to));
  }

  /** Moves `name` into another held directory as `newName` (renameat between the two descriptors). */
  moveTo(name: string, target: SafeDir, newName: string): void {
    renameSync(this.at(name), target.at(newName));
  }

  unlink(name: string): void {
    unlinkSync(this.at(name));
  }

  rmdir(name: string): void {
    rmdirSync(this.at(name));
  }

  chown(uid: number, gid: number): void {
    fchownSync(this.fd, uid, gid);
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

export function symlinkRefused(relPath: string): HttpError {
  return new HttpError(
    403,
    "PATH_ESCAPES_SESSION",
    `${relPath} passes through a symlink or a file the server does not follow: only plain folders of the ` +
      "session are used",
  );
}

/** An errno of a refused lookup (a symlink or a non-directory where a directory was expected). */
export function isRefusedLookup(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ELOOP" || code === "ENOTDIR";
}
