import { z } from "zod";

/**
 * Messages between the server and its Python processes. A worker runs session code, so everything it sends
 * is checked against these schemas: a frame that does not match ends that worker, never the server.
 */

/** The largest frame a worker may send: two capped output streams plus room for the other fields. */
export function workerFrameLimit(outputBytes: number): number {
  return 2 * outputBytes + 64 * 1024;
}

export const workerHello = z.object({
  type: z.literal("hello"),
  token: z.string().max(128),
  pid: z.number().int().positive(),
});

export const workerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }).strict(),
  z
    .object({
      type: z.literal("result"),
      id: z.number().int().positive(),
      status: z.enum(["ok", "error"]),
      error: z.string().nullable(),
      stdout: z.string(),
      stderr: z.string(),
      truncated: z.boolean(),
    })
    .strict(),
]);
export type WorkerMessage = z.infer<typeof workerMessage>;
export type WorkerResult = Omit<Extract<WorkerMessage, { type: "result" }>, "type" | "id">;

/** The zygote runs only the server's code; its events are still checked, so a bug there cannot crash us. */
export const zygoteEvent = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("ready"),
    pid: z.number().int(),
    python: z.string(),
    executable: z.string(),
    preloaded: z.array(z.string()),
    failed: z.array(z.object({ module: z.string(), error: z.string() })),
    preloadMs: z.number(),
  }),
  z.object({ event: z.literal("spawned"), reqId: z.number().int(), pid: z.number().int().positive() }),
  z.object({ event: z.literal("uidkilled"), reqId: z.number().int() }),
  z.object({
    event: z.literal("exit"),
    pid: z.number().int(),
    sessionId: z.string().nullable(),
    code: z.number().int().nullable(),
    signal: z.number().int().nullable(),
  }),
  z.object({
    event: z.enum(["spawn_failed", "error"]),
    reqId: z.number().int().nullable().optional(),
    message: z.string(),
    traceback: z.string().optional(),
  }),
]);
export type ZygoteEvent = z.infer<typeof zygoteEvent>;
export type ZygoteInfo = Omit<Extract<ZygoteEvent, { event: "ready" }>, "event">;
