import { describe, expect, it } from "vitest";
import { budgetProblem, largestOverTask, type MeasuredSession } from "./rules";

const MB = 1024 * 1024;
const entry = (id: string, pss: number | undefined, rss = pss ?? 0): MeasuredSession => ({
  session: { id, busy: true, usage: { memoryBytes: 0, diskBytes: 0 } },
  pids: [1],
  rss,
  ...(pss === undefined ? {} : { pss }),
});

describe("memory budget rules", () => {
  it("stops a session whose PSS is above its budget, with the figures and the setting", () => {
    expect(budgetProblem(entry("a", 300 * MB), { memoryBytes: 512 * MB })).toBeUndefined();
    expect(budgetProblem(entry("a", undefined, 900 * MB), { memoryBytes: 512 * MB })).toBeUndefined();
    expect(budgetProblem(entry("a", 600 * MB), { memoryBytes: 512 * MB })).toBe(
      "the session's processes used 600 MB of memory, above its budget of 512 MB (EXECUTOR_SESSION_MEMORY_MB)",
    );
  });

  it("stops the largest session when the task is above 90 % of its memory", () => {
    const measured = [entry("small", 100 * MB), entry("large", 700 * MB), entry("mid", 300 * MB)];
    expect(largestOverTask(measured, 0.9 * 1024 * MB, 1024 * MB)).toBeUndefined();
    const victim = largestOverTask(measured, 0.95 * 1024 * MB, 1024 * MB);
    expect(victim?.session.id).toBe("large");
    expect(victim?.reason).toMatch(
      /task is using 95 % of its 1024 MB of memory and this session used the most \(700 MB\)/,
    );
    expect(largestOverTask([], 2048 * MB, 1024 * MB)).toBeUndefined();
  });
});
