import { type AgentEvent, type EventOf, SESSION_HEADER } from "agentcore-vpc-platform-contract";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, invoke, newSessionId, ping, types } from "./helpers/agent.js";
import { fakeWorkflowScript } from "./helpers/scripts.js";
import { useScriptedAgents } from "./helpers/scripted-agents.js";

/** The real agent server with the scripted model against the fake executor: contract, stream, lifecycle. */
const agents = useScriptedAgents("agent-local-s3-", { AGENT_HEARTBEAT_MS: "5000" });
const agentWith = agents.start;

const last = (events: AgentEvent[]) => events[events.length - 1] as AgentEvent;
const sessionEvents = (events: AgentEvent[]) =>
  events.filter((e): e is EventOf<"session"> => e.type === "session").map((e) => e.action);

describe("a scripted run against the fake executor", () => {
  it("streams the workflow in order and ends with done after the session is deleted", async () => {
    const url = await agentWith(fakeWorkflowScript());
    const events = await invoke(url, { prompt: "Sum column a", language: "en" });
    const seen = types(events);

    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(seen[0]).toBe("start");
    expect(last(events)).toMatchObject({ type: "done", verified: true });
    const stages = events
      .filter((e): e is EventOf<"agent_start"> => e.type === "agent_start")
      .map((e) => e.agent);
    expect(stages).toEqual(["planner", "coder", "validator", "reporter"]);
    // Consecutive duplicates collapsed (text deltas), heartbeats dropped: the exact shape of the run.
    const shape = seen.filter((t, i) => t !== "heartbeat" && t !== seen[i - 1]);
    expect(shape).toEqual([
      "start",
      ...["agent_start", "tool_call", "tool_result", "text", "usage", "agent_end", "plan"],
      ...["agent_start", "progress", "text", "tool_call", "session", "tool_result"],
      ...["tool_call", "artifact", "tool_result", "text", "progress", "usage", "agent_end"],
      ...["agent_start", "progress", "tool_call", "artifact", "tool_result", "text", "progress", "usage"],
      ...["agent_end", "validation"],
      ...["agent_start", "tool_call", "artifact", "tool_result", "text", "usage", "agent_end"],
      ...["artifact", "render", "session", "done"],
    ]);
    expect(sessionEvents(events)).toEqual(["created", "deleted"]);
    expect(seen.lastIndexOf("session")).toBe(seen.length - 2);

    const done = last(events) as EventOf<"done">;
    expect(done.artifacts.map((a) => a.path).sort()).toEqual([
      "artifacts/calculations.json",
      "artifacts/report.docx",
      "artifacts/report.html",
      "artifacts/report.md",
      "artifacts/report.pdf",
      "artifacts/validation.json",
    ]);
    const render = events.find((e): e is EventOf<"render"> => e.type === "render");
    expect(render).toMatchObject({ status: "ok" });
    expect(render?.files.map((f) => f.path)).toEqual([
      "artifacts/report.html",
      "artifacts/report.pdf",
      "artifacts/report.docx",
    ]);
    const report = done.artifacts.find((a) => a.path === "artifacts/report.md");
    expect(report?.uri).toMatch(
      /^s3:\/\/local\/sessions\/test-[\w-]+\/runs\/\d{8}T\d{9}Z-[0-9a-f]{4}\/artifacts\/report\.md$/,
    );
    const stored = path.join(agents.localS3, "local", report?.uri.replace("s3://local/", "") ?? "");
    expect(readFileSync(stored, "utf8")).toContain("Total: 6 [total]");
    expect(Object.keys(done.usage).sort()).toEqual(["coder", "planner", "reporter", "validator"]);
    expect(agents.fake.sessions.size).toBe(0);
  });

  it("sends heartbeats while the model pauses, and reports HealthyBusy on /ping while running", async () => {
    const url = await agentWith(fakeWorkflowScript({ coderPauseMs: 1500 }), { AGENT_HEARTBEAT_MS: "50" });
    expect((await ping(url)).status).toBe("Healthy");
    const pings: string[] = [];
    const events = await invoke(
      url,
      { prompt: "Sum column a" },
      {
        onEvent: (e) => {
          if (e.type === "tool_result") void ping(url).then((p) => pings.push(p.status));
        },
      },
    );
    const seen = types(events);
    const firstResult = events.findIndex((e) => e.type === "tool_result" && e.name === "run_python");
    const nextCall = seen.indexOf("tool_call", firstResult);
    const during = seen.slice(firstResult, nextCall).filter((t) => t === "heartbeat");
    expect(during.length).toBeGreaterThanOrEqual(2);
    const beat = events.find((e) => e.type === "heartbeat") as EventOf<"heartbeat">;
    expect(beat.agent).toBe("coder");
    expect(last(events).type).toBe("done");
    expect(pings).toContain("HealthyBusy");
    await eventually(async () => (await ping(url)).status === "Healthy", "ping back to Healthy");
  });

  it("feeds a failed execution back to the model and still finishes", async () => {
    const url = await agentWith(fakeWorkflowScript({ coderCode: "1/0" }));
    agents.fake.onExecute = (_s, code) =>
      code === "1/0"
        ? { status: "error", error: "ZeroDivisionError: division by zero", stderr: "Traceback …" }
        : { status: "ok", stdout: "" };
    try {
      const events = await invoke(url, { prompt: "Sum column a" });
      const result = events.find(
        (e): e is EventOf<"tool_result"> => e.type === "tool_result" && e.name === "run_python",
      );
      expect(result).toMatchObject({ status: "error" });
      expect(result?.output).toContain("ZeroDivisionError");
      expect(last(events).type).toBe("done");
      expect(sessionEvents(events)).toEqual(["created", "deleted"]);
    } finally {
      agents.fake.onExecute = () => ({ status: "ok", stdout: "" });
    }
  });

  it("ends with an error event naming the agent when the executor fails, and deletes the session", async () => {
    const url = await agentWith(fakeWorkflowScript());
    agents.fake.failExecuteWith = 500;
    try {
      const events = await invoke(url, { prompt: "Sum column a" });
      expect(last(events)).toMatchObject({ type: "error", agent: "coder", code: "EXECUTOR_ERROR" });
      expect(sessionEvents(events)).toEqual(["created", "deleted"]);
      expect(agents.fake.sessions.size).toBe(0);
    } finally {
      agents.fake.failExecuteWith = undefined;
    }
  });

  it("reports a lost executor session and recreates it once; a second loss ends the run", async () => {
    const url = await agentWith(fakeWorkflowScript());
    let calls = 0;
    agents.fake.onExecute = () => ({ gone: ++calls === 1, status: "ok", stdout: "" });
    try {
      const once = await invoke(url, { prompt: "Sum column a" });
      expect(sessionEvents(once)).toEqual(["created", "lost", "recreated", "deleted"]);
      const lost = once.find((e): e is EventOf<"session"> => e.type === "session" && e.action === "lost");
      expect(lost?.message).toMatch(/404/);
      expect(last(once).type).toBe("done");

      agents.fake.onExecute = () => ({ gone: true, status: "ok", stdout: "" });
      const twice = await invoke(url, { prompt: "Sum column a" });
      expect(sessionEvents(twice)).toEqual(["created", "lost", "recreated", "lost"]);
      expect(last(twice)).toMatchObject({
        type: "error",
        agent: "coder",
        code: "EXECUTOR_SESSION_UNAVAILABLE",
      });
    } finally {
      agents.fake.onExecute = () => ({ status: "ok", stdout: "" });
    }
  });
});

describe("the runtime contract", () => {
  let url: string;
  beforeAll(async () => {
    url = await agentWith(fakeWorkflowScript());
  });

  const post = (body: unknown, headers: Record<string, string> = { [SESSION_HEADER]: newSessionId() }) =>
    fetch(`${url}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it.each([
    [{}, "prompt"],
    [{ prompt: "" }, "prompt"],
    [{ prompt: 42 }, "prompt"],
    [{ prompt: "x", data: { s3Uri: "https://example.com/a.csv" } }, "data.s3Uri"],
    [{ prompt: "x", data: "s3://b/a.csv" }, "data"],
    [{ prompt: "x", language: "fr" }, "language"],
  ])("rejects %j with a 400 naming %s", async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { details: { path: string[]; message: string }[] };
    expect(json.details[0]?.path.join(".")).toBe(field);
    expect(json.details[0]?.message).toContain(field);
  });

  it("rejects unknown fields and a request without a session id", async () => {
    const unknown = await post({ prompt: "x", extra: true });
    expect(unknown.status).toBe(400);
    const noSession = await post({ prompt: "x" }, {});
    expect(noSession.status).toBe(400);
    expect(((await noSession.json()) as { error: string }).error).toMatch(/sessionId/);
    expect(agents.fake.created.length).toBeGreaterThan(0); // earlier runs created sessions; these created none
    const before = agents.fake.created.length;
    await post({ prompt: "" });
    expect(agents.fake.created.length).toBe(before);
  });

  it("answers a health check at once, without a model or an executor session, through the executor's /health", async () => {
    const before = agents.fake.created.length;
    const events = await invoke(url, { healthCheck: true });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "health",
      status: "ok",
      seq: 0,
      executor: { url: agents.fake.url, httpStatus: 200 },
    });
    expect(agents.fake.created.length).toBe(before);
    const bad = await post({ healthCheck: false });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("healthCheck must be true");
  });

  it("reports a health check as degraded when the executor does not answer", async () => {
    const unreachable = await agentWith(fakeWorkflowScript(), { EXECUTOR_URL: "http://127.0.0.1:9" });
    const events = await invoke(unreachable, { healthCheck: true });
    expect(events).toEqual([
      expect.objectContaining({
        type: "health",
        status: "degraded",
        executor: expect.objectContaining({
          httpStatus: null,
          error: expect.stringMatching(/executor unreachable/),
        }),
      }),
    ]);
  });

  it("answers /ping with the contract's shape", async () => {
    const body = await ping(url);
    expect(body.status).toBe("Healthy");
    expect(Number.isInteger(body.time_of_last_update)).toBe(true);
  });
});
