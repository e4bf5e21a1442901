import { type AgentEvent, type EventOf, runKeys, SESSION_HEADER } from "agentcore-vpc-platform-contract";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunEvents, readRunRecord } from "../src/client/runs.js";
import { LocalDirStore } from "../src/client/store.js";
import { eventually, invoke, newSessionId, ping, types } from "./helpers/agent.js";
import { fakeWorkflowScript } from "./helpers/scripts.js";
import { useScriptedAgents } from "./helpers/scripted-agents.js";

/** Runs outlive their connections: detach, attach, replay from the log, one run per session, cancel. */
const agents = useScriptedAgents("agent-runs-", { AGENT_HEARTBEAT_MS: "50" });
let store: LocalDirStore;
beforeAll(() => {
  store = new LocalDirStore(agents.localS3, "local");
});
const agentWith = agents.start;

const last = (events: AgentEvent[]) => events[events.length - 1] as AgentEvent;
const startOf = (events: AgentEvent[]) => events.find((e): e is EventOf<"start"> => e.type === "start");
const post = (url: string, sessionId: string, body: unknown) =>
  fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", [SESSION_HEADER]: sessionId },
    body: JSON.stringify(body),
  });

describe("a run whose client goes away", () => {
  it("keeps running to done, logs every event and uploads artifacts as they appear; attach replays it", async () => {
    const url = await agentWith(fakeWorkflowScript({ pauseAfterRecordMs: 3000 }));
    const sessionId = newSessionId();
    const controller = new AbortController();
    const seen = await invoke(
      url,
      { prompt: "Sum column a" },
      {
        sessionId,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "artifact") controller.abort(); // calculations.json was just written
        },
      },
    );
    const start = startOf(seen);
    expect(start).toBeDefined();
    const runId = start?.runId as string;
    expect(types(seen)).not.toContain("done");

    // While the Coder's model pauses, nobody is connected: the run is alive, /ping keeps the session busy,
    // the log already holds the events so far and the artifact is already stored.
    expect((await ping(url)).status).toBe("HealthyBusy");
    expect((await readRunRecord(store, sessionId, runId))?.status).toBe("running");
    await eventually(
      async () =>
        (await store.get(`${runKeys.artifactsPrefix(sessionId, runId)}calculations.json`)) !== undefined,
      "calculations.json uploaded while the run is still going",
    );
    await eventually(
      async () => (await readRunEvents(store, sessionId, runId)).some((e) => e.type === "artifact"),
      "the artifact event in the log within a second",
    );
    const partial = await readRunEvents(store, sessionId, runId);
    expect(partial.map((e) => e.seq)).toEqual(partial.map((_, i) => i));
    expect(types(partial)).not.toContain("done");

    await eventually(
      async () => (await readRunRecord(store, sessionId, runId))?.status === "done",
      "run done",
    );
    await eventually(async () => (await ping(url)).status === "Healthy", "ping back to Healthy");
    const record = await readRunRecord(store, sessionId, runId);
    expect(record).toMatchObject({ sessionId, runId, prompt: "Sum column a", verified: true });
    expect(record?.artifacts.map((a) => a.path).sort()).toEqual([
      "artifacts/calculations.json",
      "artifacts/report.docx",
      "artifacts/report.html",
      "artifacts/report.md",
      "artifacts/report.pdf",
      "artifacts/validation.json",
    ]);
    expect(agents.fake.sessions.size).toBe(0);

    const replay = await invoke(url, { attach: true }, { sessionId });
    const logged = await readRunEvents(store, sessionId, runId);
    expect(replay).toEqual(logged);
    expect(replay.slice(0, seen.length)).toEqual(seen);
    expect(last(replay)).toMatchObject({ type: "done", verified: true });
  });

  it("lets a second client attach mid-run: it gets every event from the first and follows to the end", async () => {
    const url = await agentWith(fakeWorkflowScript({ coderPauseMs: 800 }));
    const sessionId = newSessionId();
    let attached: Promise<AgentEvent[]> | undefined;
    const original = await invoke(
      url,
      { prompt: "Sum column a" },
      {
        sessionId,
        onEvent: (e) => {
          if (e.type === "tool_result" && !attached) attached = invoke(url, { attach: true }, { sessionId });
        },
      },
    );
    const follower = await (attached as Promise<AgentEvent[]>);
    expect(follower).toEqual(original);
    expect(last(follower).type).toBe("done");
  });
});

describe("one run per session", () => {
  it("refuses a second run while one is running (409 naming it); the next run gets its own folder", async () => {
    const url = await agentWith(fakeWorkflowScript({ coderPauseMs: 600 }));
    const sessionId = newSessionId();
    let firstRun: string | undefined;
    let conflict: Response | undefined;
    const first = await invoke(
      url,
      { prompt: "Sum column a" },
      {
        sessionId,
        onEvent: (e) => {
          if (e.type === "start") {
            firstRun = e.runId;
            void post(url, sessionId, { prompt: "again" }).then((res) => (conflict = res));
          }
        },
      },
    );
    expect(last(first).type).toBe("done");
    await eventually(() => conflict !== undefined, "the conflicting request answered");
    expect(conflict?.status).toBe(409);
    const body = (await conflict?.json()) as { error: string; code: string; running: { runId: string } };
    expect(body.code).toBe("RUN_IN_PROGRESS");
    expect(body.running.runId).toBe(firstRun);
    expect(body.error).toContain(firstRun);

    const second = await invoke(url, { prompt: "Sum column a" }, { sessionId });
    const secondRun = startOf(second)?.runId;
    expect(secondRun).not.toBe(firstRun);
    expect(last(second).type).toBe("done");
    // Both runs' reports are kept, each in its own folder.
    for (const runId of [firstRun, secondRun] as string[]) {
      expect(
        (await store.get(`${runKeys.artifactsPrefix(sessionId, runId)}report.md`))?.toString(),
      ).toContain("Total: 6");
    }
    // Attach follows the latest run.
    const replay = await invoke(url, { attach: true }, { sessionId });
    expect(startOf(replay)?.runId).toBe(secondRun);
  });

  it("answers attach for a session without runs with NO_RUN, and a log cut short with RUN_LOST", async () => {
    const url = await agentWith(fakeWorkflowScript());
    const none = await invoke(url, { attach: true }, { sessionId: newSessionId() });
    expect(none).toEqual([expect.objectContaining({ type: "error", code: "NO_RUN", seq: 0 })]);

    const sessionId = newSessionId();
    const runId = "20260101T000000000Z-abcd";
    const started = {
      type: "start",
      seq: 0,
      ts: "2026-01-01T00:00:00.000Z",
      sessionId,
      runId,
      requestId: "r",
      language: "en",
    };
    await store.put(runKeys.eventSegment(sessionId, runId, 0), `${JSON.stringify(started)}\n{"type":"te`);
    const cut = await invoke(url, { attach: true }, { sessionId });
    expect(types(cut)).toEqual(["start", "error"]);
    expect(last(cut)).toMatchObject({ code: "RUN_LOST", seq: 1 });
  });
});

describe("cancelling a run", () => {
  it("stops the executing cell at once, deletes the executor session and ends with CANCELLED", async () => {
    let release: () => void = () => undefined;
    agents.fake.onExecute = () =>
      new Promise((resolve) => {
        release = () => resolve({ status: "ok", stdout: "late" });
        setTimeout(release, 30_000);
      });
    try {
      const url = await agentWith(fakeWorkflowScript());
      const sessionId = newSessionId();
      let cancelled: Promise<AgentEvent[]> | undefined;
      let cancelAt = 0;
      const events = await invoke(
        url,
        { prompt: "Sum column a" },
        {
          sessionId,
          onEvent: (e) => {
            if (e.type === "tool_call" && !cancelled) {
              cancelAt = Date.now();
              cancelled = invoke(url, { cancel: true }, { sessionId });
            }
          },
        },
      );
      const ended = Date.now() - cancelAt;
      expect(last(events)).toMatchObject({ type: "error", code: "CANCELLED" });
      expect(ended).toBeLessThan(5_000); // not the 30 s the cell would have taken
      const created = events.find(
        (e): e is EventOf<"session"> => e.type === "session" && e.action === "created",
      );
      expect(agents.fake.deleted).toContain(created?.executorSessionId);
      const answer = await (cancelled as Promise<AgentEvent[]>);
      expect(answer.map((e) => (e.type === "cancel" ? e.state : e.type))).toEqual(["requested", "stopped"]);
      const runId = startOf(events)?.runId as string;
      expect((await readRunRecord(store, sessionId, runId))?.status).toBe("cancelled");

      const idle = await invoke(url, { cancel: true }, { sessionId });
      expect(idle).toEqual([expect.objectContaining({ type: "cancel", state: "not_running" })]);
    } finally {
      release();
      agents.fake.onExecute = () => ({ status: "ok", stdout: "" });
    }
  });
});
