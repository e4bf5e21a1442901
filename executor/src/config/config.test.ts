import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { detectTaskMemory } from "./task-memory";

const MiB = 1024 * 1024;

describe("config", () => {
  it("has sensible defaults and reads overrides", () => {
    const config = loadConfig({}, false);
    expect(config.port).toBe(8080);
    expect(config.preload).toEqual(["numpy", "pandas", "matplotlib", "matplotlib.pyplot"]);
    expect(config.s3.endpoint).toBeUndefined();
    expect(config.s3.bucket).toBeUndefined();
    expect(config.maxSessions).toBeGreaterThanOrEqual(50);
    const custom = loadConfig(
      { PORT: "9000", EXECUTOR_PRELOAD: "numpy, json", EXECUTOR_MAX_SESSIONS: "3", DATA_BUCKET: "b-1" },
      false,
    );
    expect(custom).toMatchObject({
      port: 9000,
      preload: ["numpy", "json"],
      maxSessions: 3,
      s3: { bucket: "b-1" },
    });
  });

  it("gives every session budgets: half the task memory, 5 GiB of disk (a 1 GB input and its work), 8 h", () => {
    const config = loadConfig({ EXECUTOR_TASK_MEMORY_MB: "4096" }, false);
    expect(config.budgets).toMatchObject({
      taskMemoryBytes: 4096 * MiB,
      memoryBytes: 2048 * MiB,
      diskBytes: 5120 * MiB,
      pollMs: 250,
    });
    expect(config.budgets.diskBytes).toBeGreaterThan(1024 * MiB * 2);
    expect(config.limits.fileSizeBytes).toBe(config.budgets.diskBytes); // RLIMIT_FSIZE at the disk budget
    expect(config.maxLifetimeSeconds).toBe(8 * 3600);
    const custom = loadConfig({ EXECUTOR_SESSION_MEMORY_MB: "300", EXECUTOR_SESSION_DISK_MB: "50" }, false);
    expect(custom.budgets).toMatchObject({ memoryBytes: 300 * MiB, diskBytes: 50 * MiB });
    expect(custom.limits.fileSizeBytes).toBe(50 * MiB);
    expect(() => loadConfig({ EXECUTOR_BUDGET_POLL_MS: "2000" }, false)).toThrow(/at most 500/);
  });

  it("reads the task memory from the cgroup limit, else the machine", () => {
    const files = (map: Record<string, string>) => (file: string) => map[file];
    expect(detectTaskMemory(files({ "/sys/fs/cgroup/memory.max": "4294967296\n" }), 8 * 1024 * MiB)).toBe(
      4096 * MiB,
    );
    expect(detectTaskMemory(files({ "/sys/fs/cgroup/memory.max": "max\n" }), 8 * 1024 * MiB)).toBe(
      8192 * MiB,
    );
    const v1 = files({ "/sys/fs/cgroup/memory/memory.limit_in_bytes": String(2048 * MiB) });
    expect(detectTaskMemory(v1, 8 * 1024 * MiB)).toBe(2048 * MiB);
    // v1 reports "no limit" as a huge number: above the machine's memory it means none
    expect(
      detectTaskMemory(files({ "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712" }), 1000),
    ).toBe(1000);
  });

  it("never lets sessions run as root", () => {
    expect(loadConfig({}, true).workerUidBase).toBe(61000);
    expect(() => loadConfig({ EXECUTOR_WORKER_UID_BASE: "off" }, true)).toThrow(
      /refused when the server runs as root/,
    );
    expect(loadConfig({ EXECUTOR_WORKER_UID_BASE: "70000" }, true).workerUidBase).toBe(70000);
    expect(loadConfig({}, false).workerUidBase).toBeNull();
    expect(loadConfig({ EXECUTOR_WORKER_UID_BASE: "off" }, false).workerUidBase).toBeNull();
    expect(() => loadConfig({ EXECUTOR_WORKER_UID_BASE: "70000" }, false)).toThrow(
      /needs the server to run as root/,
    );
  });

  it("rejects bad values with a message naming the variable", () => {
    expect(() => loadConfig({ EXECUTOR_MAX_SESSIONS: "lots" }, false)).toThrow(/EXECUTOR_MAX_SESSIONS/);
    expect(() =>
      loadConfig({ EXECUTOR_DEFAULT_TIMEOUT_SECONDS: "100", EXECUTOR_MAX_TIMEOUT_SECONDS: "10" }, false),
    ).toThrow(/must not exceed/);
    expect(() => loadConfig({ EXECUTOR_S3_FORCE_PATH_STYLE: "maybe" }, false)).toThrow(/true or false/);
  });
});
