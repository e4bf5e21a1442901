import { z } from "zod";

/**
 * Where a run keeps its record, event log and artifacts in the data bucket (or the local folder standing in
 * for it). Every run of a session gets its own folder, so a second run with the same session id never
 * overwrites the first one's artifacts:
 *
 * ```
 * sessions/<session>/runs/<run id>/run.json                  the run record (runRecord)
 * sessions/<session>/runs/<run id>/events/<first seq>.jsonl  event log segments, appended as the run goes
 * sessions/<session>/runs/<run id>/events.jsonl              the whole log, written when the run ends
 * sessions/<session>/runs/<run id>/artifacts/<path>          deliverables, uploaded as they appear
 * ```
 *
 * Inputs that clients upload go under `data/<session>/`.
 */

/** A session id as a key segment: anything outside a conservative set becomes "_". */
export function sessionKeySegment(sessionId: string): string {
  return sessionId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
}

/** Run ids sort by start time: `20261129T211700123Z-a1b2`. */
export const RUN_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{4}$/;

export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, "0");
  return `${stamp}-${suffix}`;
}

export const runKeys = {
  /** `sessions/<session>/runs/` */
  runsPrefix: (sessionId: string) => `sessions/${sessionKeySegment(sessionId)}/runs/`,
  /** `sessions/<session>/runs/<run>/` */
  runPrefix: (sessionId: string, runId: string) => `${runKeys.runsPrefix(sessionId)}${runId}/`,
  record: (sessionId: string, runId: string) => `${runKeys.runPrefix(sessionId, runId)}run.json`,
  eventsPrefix: (sessionId: string, runId: string) => `${runKeys.runPrefix(sessionId, runId)}events/`,
  /** A log segment is named by the seq of its first event, zero-padded so names sort by seq. */
  eventSegment: (sessionId: string, runId: string, firstSeq: number) =>
    `${runKeys.eventsPrefix(sessionId, runId)}${String(firstSeq).padStart(10, "0")}.jsonl`,
  completeLog: (sessionId: string, runId: string) => `${runKeys.runPrefix(sessionId, runId)}events.jsonl`,
  artifactsPrefix: (sessionId: string, runId: string) => `${runKeys.runPrefix(sessionId, runId)}artifacts/`,
  /** Where a client puts a file it uploads for a run. */
  input: (sessionId: string, fileName: string) => `data/${sessionKeySegment(sessionId)}/${fileName}`,
} as const;

export const RUN_STATUSES = ["running", "done", "error", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** `run.json`: written when a run starts and again when it ends. */
export const runRecord = z.object({
  sessionId: z.string(),
  runId: z.string().regex(RUN_ID_PATTERN),
  prompt: z.string(),
  dataUri: z.string().optional(),
  language: z.enum(["ko", "en"]),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  verified: z.boolean().optional(),
  summary: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  artifacts: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), uri: z.string() })),
});
export type RunRecord = z.infer<typeof runRecord>;
