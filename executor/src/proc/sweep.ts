import { childrenOf, descendantsOf, processesOfUids, processState, uidOf } from "./proc";

export function killPid(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Kill a process and everything in its process group. */
export function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Whether a session may have processes besides its worker: the worker (any thread of it) has a child, or
 * the zygote (the subreaper every detached session process is re-parented to) has a child that is not a
 * known worker and (with per-session uids) runs under the session's uid. A few small reads, so it runs
 * after every execution; true when the kernel lacks the children files (then the full sweep always runs).
 */
export function mayHaveStrays(
  worker: { pid: number; threads: readonly number[] },
  zygotePid: number | undefined,
  known: ReadonlySet<number>,
  uid?: number,
): boolean {
  // The worker's threads as of its assignment, unless session code started more (then list them again).
  const sameThreads = processState(worker.pid)?.threads === worker.threads.length;
  const own = childrenOf(worker.pid, sameThreads ? worker.threads : undefined);
  if (own === undefined || own.length > 0) return true;
  if (zygotePid === undefined) return true;
  const adopted = childrenOf(zygotePid, [zygotePid]); // the zygote is single-threaded
  if (adopted === undefined) return true;
  return adopted.some((pid) => !known.has(pid) && (uid === undefined || uidOf(pid) === uid));
}

/**
 * Kills every live process of `uid` except `keep`, scanning /proc until none is left (a process that forks
 * while it is being killed shows up in the next pass; a process with a pending SIGKILL cannot complete a
 * fork, so this ends). Returns how many were killed.
 */
export function killUidExcept(uid: number, keep: ReadonlySet<number>, maxPasses = 50): number {
  let killed = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const pids = (processesOfUids(new Set([uid])).get(uid) ?? []).filter((pid) => !keep.has(pid));
    if (pids.length === 0) return killed;
    for (const pid of pids) killPid(pid);
    killed += pids.length;
  }
  return killed;
}

/**
 * Without per-session uids: kills the worker's descendants, and the zygote's adopted children that are not
 * known workers (detached processes; they cannot be told apart by session, so all of them go).
 */
export function killDescendantsExcept(
  workerPid: number,
  zygotePid: number | undefined,
  known: ReadonlySet<number>,
): number {
  let killed = 0;
  for (let pass = 0; pass < 50; pass++) {
    const strays = [
      ...(descendantsOf(workerPid) ?? []),
      ...(zygotePid === undefined
        ? []
        : (childrenOf(zygotePid, [zygotePid]) ?? []).filter((pid) => !known.has(pid))),
    ].filter((pid) => processState(pid)?.state !== "Z");
    if (strays.length === 0) return killed;
    for (const pid of strays) killGroup(pid);
    killed += strays.length;
  }
  return killed;
}
