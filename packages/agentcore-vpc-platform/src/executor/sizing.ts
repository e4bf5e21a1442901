/** Pure validation of the executor's plain-valued arguments, so bad values fail `pulumi preview`. */
import type { ArgumentProblem } from "../errors";

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** Valid Fargate task memory (MiB) per task CPU (units), from the AWS task-size table (Linux, 1.4.0). */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

/** Fargate task ephemeral storage bounds (GiB): `EphemeralStorage.sizeInGiB` accepts 21 to 200. */
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;

function describeMemory(values: readonly number[]): string {
  if (values.length <= 3) return values.join(", ");
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  return `${values[0]}–${values[values.length - 1]} in steps of ${step}`;
}

/** @returns the problems with a Fargate cpu/memory pair, naming the valid values. */
export function fargateSizeProblems(cpu: number, memory: number, pathPrefix = ""): ArgumentProblem[] {
  const valid = FARGATE_MEMORY_BY_CPU[cpu];
  if (!valid) {
    const cpus = Object.keys(FARGATE_MEMORY_BY_CPU).join(", ");
    return [
      { propertyPath: `${pathPrefix}cpu`, reason: `must be one of ${cpus} (Fargate CPU units), got ${cpu}.` },
    ];
  }
  if (valid.includes(memory)) return [];
  return [
    {
      propertyPath: `${pathPrefix}memory`,
      reason: `${memory} MiB is not valid with cpu ${cpu}; Fargate accepts ${describeMemory(valid)} MiB.`,
    },
  ];
}

/** The executor arguments a user sets (the rest of the tier's settings are fixed defaults). */
export interface ExecutorSizing {
  readonly cpu: number;
  readonly memory: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly ephemeralStorageGiB: number;
}

/**
 * Checks every plain-valued executor argument. `minTasks` may be 0 to park the tier (no task cost), but
 * then nothing serves requests and target tracking cannot scale out from zero (there is no running task to
 * produce a metric); raise `minTasks` to resume.
 */
export function executorSizingProblems(s: ExecutorSizing, pathPrefix = ""): ArgumentProblem[] {
  const problems = fargateSizeProblems(s.cpu, s.memory, pathPrefix);
  const at = (field: string, reason: string) =>
    problems.push({ propertyPath: `${pathPrefix}${field}`, reason });
  if (!Number.isInteger(s.minTasks) || s.minTasks < 0) {
    at("minTasks", `must be a whole number of 0 or more, got ${s.minTasks}.`);
  }
  if (
    !Number.isInteger(s.maxTasks) ||
    s.maxTasks < Math.max(1, Number.isInteger(s.minTasks) ? s.minTasks : 0)
  ) {
    at(
      "maxTasks",
      `must be a whole number of at least 1 and at least minTasks (${s.minTasks}), got ${s.maxTasks}.`,
    );
  }
  const { min, max } = EPHEMERAL_STORAGE_GIB;
  if (
    !Number.isInteger(s.ephemeralStorageGiB) ||
    s.ephemeralStorageGiB < min ||
    s.ephemeralStorageGiB > max
  ) {
    at(
      "ephemeralStorageGiB",
      `must be a whole number of GiB from ${min} to ${max} (Fargate's range), got ${s.ephemeralStorageGiB}.`,
    );
  }
  return problems;
}
