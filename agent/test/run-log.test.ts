import {
  type AgentEvent,
  newRunId,
  RUN_ID_PATTERN,
  runKeys,
  sessionKeySegment,
} from "agentcore-vpc-platform-contract";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listRunIds, parseEventLines, readRunEvents } from "../src/client/runs.js";
import { LocalDirStore } from "../src/client/store.js";
import { silentLogger } from "../src/log.js";
import { EventLogWriter } from "../src/runs/event-log.js";

const store = () => new LocalDirStore(mkdtempSync(path.join(os.tmpdir(), "run-log-")), "local");
const ts = "2026-01-01T00:00:00.000Z";
const beat = (seq: number): AgentEvent => ({ type: "heartbeat", seq, ts, elapsedMs: seq, activity: "x" });

describe("run keys", () => {
  it("give every run its own folder, sorted by start time", () => {
    const a = newRunId(new Date("2026-11-29T21:17:00.123Z"), () => 0.5);
    const b = newRunId(new Date("2026-11-29T21:17:01.000Z"), () => 0);
    expect(a).toBe("20261129T211700123Z-8000");
    expect(a).toMatch(RUN_ID_PATTERN);
    expect([b, a].sort()).toEqual([a, b]);
    expect(runKeys.artifactsPrefix("cli-1", a)).toBe(`sessions/cli-1/runs/${a}/artifacts/`);
    expect(runKeys.eventSegment("cli-1", a, 42)).toBe(`sessions/cli-1/runs/${a}/events/0000000042.jsonl`);
    expect(runKeys.input("cli-1", "sales.csv")).toBe("data/cli-1/sales.csv");
    expect(sessionKeySegment("a/b c")).toBe("a_b_c");
  });
});

describe("the local store", () => {
  it("refuses keys that leave its bucket folder", async () => {
    const s = store();
    await expect(s.put("../../etc/x", "no")).rejects.toThrow(/escapes/);
    expect(() => s.file("sessions/../../x")).toThrow(/escapes/);
    await s.put("sessions/a/runs/r/run.json", "{}");
    expect(await s.folders("sessions/")).toEqual(["sessions/a/"]);
    expect((await s.list("sessions/a/")).map((o) => o.key)).toEqual(["sessions/a/runs/r/run.json"]);
  });
});

describe("the event log", () => {
  it("appends segments as events come, in seq order, and writes the whole log at the end", async () => {
    const s = store();
    const writer = new EventLogWriter(s, "sess", "run", silentLogger, { flushMs: 10 });
    const events = [beat(0), beat(1), beat(2)];
    writer.append(events[0] as AgentEvent);
    writer.append(events[1] as AgentEvent);
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.append(events[2] as AgentEvent);
    await writer.flush();
    expect((await s.list(runKeys.eventsPrefix("sess", "run"))).map((o) => o.key.split("/").pop())).toEqual([
      "0000000000.jsonl",
      "0000000002.jsonl",
    ]);
    expect(await readRunEvents(s, "sess", "run")).toEqual(events);
    await writer.close(events);
    expect((await s.get(runKeys.completeLog("sess", "run")))?.toString()).toBe(
      events.map((e) => JSON.stringify(e)).join("\n") + "\n",
    );
    expect(await listRunIds(s, "sess")).toEqual(["run"]);
  });

  it("drops a torn last line (a log cut mid-write) and rejects a corrupt line elsewhere", () => {
    const line = JSON.stringify(beat(0));
    expect(parseEventLines(`${line}\n{"type":"heart`)).toEqual([beat(0)]);
    expect(() => parseEventLines(`{"type":"heart\n${line}`)).toThrow();
  });

  it("keeps events whose write failed and writes them with the next flush", async () => {
    const s = store();
    let fail = true;
    const flaky = Object.assign(Object.create(s) as LocalDirStore, {
      put: async (key: string, body: string) => {
        if (fail) throw new Error("S3 is down");
        return s.put(key, body);
      },
    });
    const writer = new EventLogWriter(flaky, "sess", "run", silentLogger, { flushMs: 10_000 });
    writer.append(beat(0));
    await writer.flush();
    expect(await readRunEvents(s, "sess", "run")).toEqual([]);
    fail = false;
    writer.append(beat(1));
    await writer.flush();
    expect(await readRunEvents(s, "sess", "run")).toEqual([beat(0), beat(1)]);
  });
});
