import { describe, it, expect } from "vitest";
import { EXECUTOR_DEFAULTS } from "../defaults";
import { FARGATE_MEMORY_BY_CPU, executorSizingProblems, fargateSizeProblems } from "./sizing";

const sizing = {
  cpu: 2048,
  memory: 4096,
  minTasks: 1,
  maxTasks: 4,
  ephemeralStorageGiB: 50,
};

describe("FARGATE_MEMORY_BY_CPU", () => {
  it("matches the AWS task-size table at its edges and steps", () => {
    expect(FARGATE_MEMORY_BY_CPU[256]).toEqual([512, 1024, 2048]);
    const edges = Object.fromEntries(
      Object.entries(FARGATE_MEMORY_BY_CPU).map(([cpu, m]) => [cpu, [m[0], m[m.length - 1], m.length]]),
    );
    expect(edges).toEqual({
      256: [512, 2048, 3],
      512: [1024, 4096, 4],
      1024: [2048, 8192, 7],
      2048: [4096, 16384, 13],
      4096: [8192, 30720, 23],
      8192: [16384, 61440, 12],
      16384: [32768, 122880, 12],
    });
  });
});

describe("fargateSizeProblems", () => {
  it("property: accepts exactly the table's pairs over a grid of cpu and memory values", () => {
    const cpus = [128, 256, 512, 768, 1024, 2048, 3072, 4096, 8192, 16384, 32768];
    for (const cpu of cpus) {
      for (let memory = 256; memory <= 131072; memory += 256) {
        const valid = FARGATE_MEMORY_BY_CPU[cpu]?.includes(memory) ?? false;
        expect(fargateSizeProblems(cpu, memory).length === 0, `${cpu}/${memory}`).toBe(valid);
      }
    }
  });

  it("names the valid memory values for the chosen cpu", () => {
    expect(fargateSizeProblems(1024, 1024, "executor.")).toEqual([
      {
        propertyPath: "executor.memory",
        reason: "1024 MiB is not valid with cpu 1024; Fargate accepts 2048–8192 in steps of 1024 MiB.",
      },
    ]);
    expect(fargateSizeProblems(256, 4096)[0]?.reason).toMatch(/accepts 512, 1024, 2048 MiB/);
    expect(fargateSizeProblems(8192, 20000)[0]?.reason).toMatch(/16384–61440 in steps of 4096/);
    expect(fargateSizeProblems(3000, 4096)).toEqual([
      {
        propertyPath: "cpu",
        reason: "must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate CPU units), got 3000.",
      },
    ]);
  });
});

describe("executorSizingProblems", () => {
  it("accepts the defaults and minTasks 0", () => {
    expect(executorSizingProblems({ ...sizing, ...EXECUTOR_DEFAULTS })).toEqual([]);
    expect(executorSizingProblems({ ...sizing, minTasks: 0, maxTasks: 1 })).toEqual([]);
    expect(executorSizingProblems({ ...sizing, ephemeralStorageGiB: 21 })).toEqual([]);
    expect(executorSizingProblems({ ...sizing, ephemeralStorageGiB: 200 })).toEqual([]);
  });

  it.each([
    [{ minTasks: -1 }, "minTasks"],
    [{ minTasks: 1.5 }, "minTasks"],
    [{ maxTasks: 0, minTasks: 0 }, "maxTasks"],
    [{ minTasks: 5, maxTasks: 4 }, "maxTasks"],
    [{ maxTasks: 2.5 }, "maxTasks"],
    // Fargate's EphemeralStorage.sizeInGiB range is 21-200.
    [{ ephemeralStorageGiB: 20 }, "ephemeralStorageGiB"],
    [{ ephemeralStorageGiB: 201 }, "ephemeralStorageGiB"],
    [{ ephemeralStorageGiB: 30.5 }, "ephemeralStorageGiB"],
  ])("rejects %j naming %s", (override, field) => {
    expect(
      executorSizingProblems({ ...sizing, ...override }, "executor.").map((p) => p.propertyPath),
    ).toEqual([`executor.${field}`]);
  });
});
