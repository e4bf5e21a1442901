import { readFileSync } from "node:fs";

/** One process as /proc/<pid>/stat and cmdline describe it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

/** The parent pid from a /proc/<pid>/stat line (the command may contain spaces and parentheses). */
export function parentOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

/** Reads a process from /proc; undefined when it is gone or /proc is not there. */
export function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0+$/, "").replace(/\0/g, " ");
    return { pid, ppid: parentOfStat(stat), command };
  } catch {
    return undefined;
  }
}

/** True for an npm process (`npm run …`, or node running npm-cli.js). */
export function isNpm(command: string): boolean {
  return /(^|[\s/])npm(-cli\.js)?(\s|$)/.test(command);
}

/** The processes npm puts between the user's shell and a script: npm itself, `sh -c`, node (tsx). */
export function isScriptRunner(command: string): boolean {
  return isNpm(command) || /^(\S*\/)?sh -c /.test(command) || /^(\S*\/)?node(\s|$)/.test(command);
}

/**
 * The processes between us and the outermost `npm run` that started us (parent first), or [] when npm did not
 * start us. `npm run dev` is several processes deep (npm, sh, tsx, node); when any of them is killed, SIGKILL
 * included, the command the user ran has ended and so should everything under it. The walk stops at the
 * first process that is not one of those (the user's shell).
 */
export function npmAncestry(
  start: number,
  read: (pid: number) => ProcessInfo | undefined = readProcess,
): ProcessInfo[] {
  const chain: ProcessInfo[] = [];
  for (let pid = start; pid > 1 && chain.length < 32;) {
    const info = read(pid);
    if (!info || !isScriptRunner(info.command)) break;
    chain.push(info);
    pid = info.ppid;
  }
  const outermost = chain.map((p) => isNpm(p.command)).lastIndexOf(true);
  return outermost === -1 ? [] : chain.slice(0, outermost + 1);
}

/** The state letter of /proc/<pid>/stat ("R", "S", "Z" for a zombie …), or undefined. */
export function stateOfStat(stat: string): string | undefined {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
}

/** True while the process exists and has not exited (a zombie, exited but not yet reaped, counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return stateOfStat(readFileSync(`/proc/${pid}/stat`, "utf8")) !== "Z";
  } catch {
    return true; // no /proc: signal 0 is all there is
  }
}
