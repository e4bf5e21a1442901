import { readFileSync } from "node:fs";

/** CAP_SYS_PTRACE: reading smaps_rollup of another uid's (or a non-dumpable) process needs it. */
export const CAP_SYS_PTRACE = 19;

/** The effective capability set of this process, from /proc/self/status. */
export function effectiveCapabilities(status = readFileSync("/proc/self/status", "utf8")): bigint {
  const match = /^CapEff:\s+([0-9a-f]+)/m.exec(status);
  return match ? BigInt(`0x${match[1]}`) : 0n;
}

/**
 * Whether session memory can be measured by PSS. Session processes are not dumpable (and, as root, run under
 * other uids), so reading their smaps_rollup needs CAP_SYS_PTRACE whatever uid the server runs as.
 */
export function canReadSessionPss(capabilities = effectiveCapabilities()): boolean {
  return (capabilities & (1n << BigInt(CAP_SYS_PTRACE))) !== 0n;
}
