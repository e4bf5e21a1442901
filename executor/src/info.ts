import os from "node:os";

export interface TaskIdentity {
  privateIp: string | null;
  hostname: string;
  taskArn: string | null;
  availabilityZone: string | null;
}

export function privateIp(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === "IPv4" && !address.internal) return address.address;
    }
  }
  return null;
}

let cached: Promise<Pick<TaskIdentity, "taskArn" | "availabilityZone">> | null = null;

/** Task ARN and AZ from the ECS task metadata endpoint (v4), when running on ECS; cached. */
function ecsMetadata(env: NodeJS.ProcessEnv): Promise<Pick<TaskIdentity, "taskArn" | "availabilityZone">> {
  const base = env.ECS_CONTAINER_METADATA_URI_V4;
  if (!base) return Promise.resolve({ taskArn: null, availabilityZone: null });
  cached ??= fetch(`${base}/task`, { signal: AbortSignal.timeout(1000) })
    .then((r) => r.json() as Promise<{ TaskARN?: string; AvailabilityZone?: string }>)
    .then((task) => ({ taskArn: task.TaskARN ?? null, availabilityZone: task.AvailabilityZone ?? null }))
    .catch(() => {
      cached = null; // try again next time
      return { taskArn: null, availabilityZone: null };
    });
  return cached;
}

export async function taskIdentity(env: NodeJS.ProcessEnv = process.env): Promise<TaskIdentity> {
  return { privateIp: privateIp(), hostname: os.hostname(), ...(await ecsMetadata(env)) };
}
