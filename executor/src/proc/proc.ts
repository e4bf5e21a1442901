import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";

/**
 * Small synchronous readers of /proc. They run on the server's event loop several times a second, so each
 * is one or two syscalls; a process that is gone meanwhile reads as undefined (or empty), never throws.
 */

const PAGE_SIZE = 4096;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return undefined;
  }
}

export function allPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    const code = name.charCodeAt(0);
    if (code >= 48 && code <= 57) pids.push(Number(name));
  }
  return pids;
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

export interface ProcessState {
  /** One letter: R, S, D, Z (zombie), ... */
  state: string;
  ppid: number;
  /** The session id (setsid), not the executor's. */
  sid: number;
  threads: number;
}

export function processState(pid: number): ProcessState | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  return {
    state: fields[0] ?? "?",
    ppid: Number(fields[1]),
    sid: Number(fields[3]),
    threads: Number(fields[17]),
  };
}

/**
 * The real uid of a process. /proc/<pid> is owned by the process's uid unless the process is not dumpable
 * (session processes are not): then it shows root, and the Uid line of status (readable by anyone) says.
 */
export function uidOf(pid: number): number | undefined {
  let owner: number;
  try {
    owner = statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
  if (owner !== 0) return owner;
  const status = read(`/proc/${pid}/status`);
  const match = status === undefined ? null : /^Uid:\s+(\d+)/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** Live (not zombie) processes of each of `uids`; one pass over /proc. */
export function processesOfUids(uids: ReadonlySet<number>): Map<number, number[]> {
  const found = new Map<number, number[]>();
  if (uids.size === 0) return found;
  for (const pid of allPids()) {
    const uid = uidOf(pid);
    if (uid === undefined || !uids.has(uid)) continue;
    if (processState(pid)?.state === "Z") continue;
    const list = found.get(uid);
    if (list) list.push(pid);
    else found.set(uid, [pid]);
  }
  return found;
}

/** The thread ids of a process (a directory listing: callers that run often pass known ones instead). */
export function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/**
 * Children of the given threads of a process, by default all of its threads (needs CONFIG_PROC_CHILDREN;
 * undefined when unavailable). A child belongs to the thread that forked it, so every thread is read.
 */
export function childrenOf(pid: number, tids: readonly number[] = threadIds(pid)): number[] | undefined {
  const children: number[] = [];
  for (const tid of tids) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text === undefined) return existsSync(`/proc/${pid}`) ? undefined : [];
    for (const part of text.split(" ")) if (part.trim() !== "") children.push(Number(part));
  }
  return children;
}

/** Every descendant of a process (children files, breadth first); undefined when unavailable. */
export function descendantsOf(pid: number, limit = 100_000): number[] | undefined {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && out.length < limit) {
    const children = childrenOf(queue.shift() as number);
    if (children === undefined) return undefined;
    out.push(...children);
    queue.push(...children);
  }
  return out;
}

/** Resident set size from statm: cheap, and never below the PSS (so a sum under a budget is conclusive). */
export function rssBytes(pid: number): number {
  const text = read(`/proc/${pid}/statm`);
  return text === undefined ? 0 : Number(text.split(" ")[1] ?? 0) * PAGE_SIZE;
}

/**
 * Proportional set size from smaps_rollup: shared pages (the zygote's, a fork's parent's) count once across
 * the processes sharing them. Reading it walks every mapping of the process, and for a process of another
 * uid needs CAP_SYS_PTRACE; without access it falls back to the RSS, which over-counts.
 */
export function pssBytes(pid: number): number {
  const text = read(`/proc/${pid}/smaps_rollup`);
  const match = text === undefined ? null : /^Pss:\s+(\d+) kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : rssBytes(pid);
}
