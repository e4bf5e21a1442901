import {
  type AgentEvent,
  agentEvent,
  runKeys,
  runRecord,
  type RunRecord,
} from "agentcore-vpc-platform-contract";
import type { ObjectStore } from "./store.js";

/** Parses a JSON-lines event log; a torn last line (a log cut mid-write) is dropped, anything else throws. */
export function parseEventLines(text: string): AgentEvent[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const events: AgentEvent[] = [];
  for (const [i, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      if (i === lines.length - 1) break;
      throw err;
    }
    events.push(agentEvent.parse(json));
  }
  return events;
}

/**
 * A run's events as logged: the whole log once the run has ended, else the segments written so far, in seq
 * order and without duplicates.
 */
export async function readRunEvents(
  store: ObjectStore,
  sessionId: string,
  runId: string,
): Promise<AgentEvent[]> {
  const complete = await store.get(runKeys.completeLog(sessionId, runId));
  if (complete) return parseEventLines(complete.toString("utf8"));
  const events = new Map<number, AgentEvent>();
  for (const segment of await store.list(runKeys.eventsPrefix(sessionId, runId))) {
    const body = await store.get(segment.key);
    for (const event of parseEventLines(body?.toString("utf8") ?? "")) events.set(event.seq, event);
  }
  return [...events.values()].sort((a, b) => a.seq - b.seq);
}

/** The run ids of a session, oldest first (run ids sort by start time). */
export async function listRunIds(store: ObjectStore, sessionId: string): Promise<string[]> {
  const prefix = runKeys.runsPrefix(sessionId);
  return (await store.folders(prefix)).map((folder) => folder.slice(prefix.length, -1));
}

export async function readRunRecord(
  store: ObjectStore,
  sessionId: string,
  runId: string,
): Promise<RunRecord | undefined> {
  const body = await store.get(runKeys.record(sessionId, runId));
  if (!body) return undefined;
  const parsed = runRecord.safeParse(JSON.parse(body.toString("utf8")));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Every run record in the store, newest first, at most `limit`. Sessions are folders under `sessions/`; each
 * run writes `run.json`, so listing reads one small object per run.
 */
export async function listRuns(store: ObjectStore, limit = 100): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (const session of await store.folders("sessions/")) {
    for (const run of await store.folders(`${session}runs/`)) {
      const body = await store.get(`${run}run.json`);
      if (!body) continue;
      const parsed = runRecord.safeParse(JSON.parse(body.toString("utf8")));
      if (parsed.success) records.push(parsed.data);
    }
  }
  records.sort((a, b) => (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
  return records.slice(0, limit);
}
