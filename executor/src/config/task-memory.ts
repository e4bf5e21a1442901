import { readFileSync } from "node:fs";
import os from "node:os";

/** Reads a file's text, or undefined when it does not exist (injected by tests). */
export type ReadText = (file: string) => string | undefined;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/** cgroup v2 and v1 files holding the container's memory limit. */
export const CGROUP_MEMORY_LIMIT_FILES = [
  "/sys/fs/cgroup/memory.max",
  "/sys/fs/cgroup/memory/memory.limit_in_bytes",
] as const;

/**
 * The memory the task may use, when `EXECUTOR_TASK_MEMORY_MB` does not say: the container's cgroup limit if
 * it has one below the machine's memory, else the machine's memory.
 */
export function detectTaskMemory(read: ReadText = readText, machineBytes = os.totalmem()): number {
  for (const file of CGROUP_MEMORY_LIMIT_FILES) {
    const text = read(file)?.trim();
    if (text === undefined || text === "max") continue;
    const limit = Number(text);
    if (Number.isFinite(limit) && limit > 0 && limit < machineBytes) return limit;
  }
  return machineBytes;
}
