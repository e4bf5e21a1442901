import type { EventOf } from "agentcore-vpc-platform-contract";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTR, SPAN } from "../src/telemetry/tracing.js";
import { invoke, newSessionId, startAgent } from "./helpers/agent.js";
import { startFakeExecutor, type FakeExecutor } from "./helpers/fake-executor.js";
import { fakeWorkflowScript, writeScript } from "./helpers/scripts.js";
import { recordSpans, renderTree, spanTrees } from "./helpers/spans.js";

/** A scripted run against the fake executor with an in-memory span exporter registered globally, as ADOT does. */
let fake: FakeExecutor;
let spans: ReturnType<typeof recordSpans>;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  spans = recordSpans();
  fake = await startFakeExecutor();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await fake.close();
  await spans.stop();
});

describe("the run's spans", () => {
  it("form one tree: invocation → stage → step → the SDK's agent, model-call and tool-call spans", async () => {
    const started = await startAgent({
      EXECUTOR_URL: fake.url,
      AGENT_LOCAL_S3_DIR: mkdtempSync(path.join(os.tmpdir(), "agent-traces-")),
      AGENT_SCRIPTED_MODEL: writeScript(fakeWorkflowScript()),
    });
    servers.push(started.server);
    spans.exporter.reset();
    const sessionId = newSessionId();
    const events = await invoke(started.url, { prompt: "Sum column a", language: "en" }, { sessionId });
    const done = events.at(-1) as EventOf<"done">;
    expect(done.type).toBe("done");

    const roots = spanTrees(spans.exporter.getFinishedSpans()).filter((r) => r.span.name === SPAN.invocation);
    expect(roots).toHaveLength(1);
    const root = roots[0] as (typeof roots)[number];
    const tree = renderTree(root).join("\n");
    console.log(`span tree of a scripted run:\n${tree}`);
    expect(tree).toBe(
      [
        "invocation",
        "  stage planner",
        "    invoke_agent planner",
        "      execute_agent_loop_cycle",
        "        chat",
        "        execute_tool submit_plan",
        "      execute_agent_loop_cycle",
        "        chat",
        "  stage coder",
        "    step 1",
        "      invoke_agent coder",
        "        execute_agent_loop_cycle",
        "          chat",
        "          execute_tool run_python",
        "        execute_agent_loop_cycle",
        "          chat",
        "          execute_tool write_file",
        "        execute_agent_loop_cycle",
        "          chat",
        "  stage validator",
        "    step 2",
        "      invoke_agent validator",
        "        execute_agent_loop_cycle",
        "          chat",
        "          execute_tool write_file",
        "        execute_agent_loop_cycle",
        "          chat",
        "  stage reporter",
        "    invoke_agent reporter",
        "      execute_agent_loop_cycle",
        "        chat",
        "        execute_tool write_file",
        "      execute_agent_loop_cycle",
        "        chat",
      ].join("\n"),
    );

    // One model-call span per model turn and one tool-call span per tool call the stream reported.
    const all = spans.exporter.getFinishedSpans();
    const toolCalls = events.filter((e) => e.type === "tool_call").length;
    expect(all.filter((s) => s.name.startsWith("execute_tool ")).length).toBe(toolCalls);

    expect(root.span.attributes).toMatchObject({
      [ATTR.sessionId]: sessionId,
      [ATTR.route]: "full",
      [ATTR.language]: "en",
      [ATTR.costUsd]: done.cost?.totalUsd,
    });
    // Each stage span carries its agent's tokens, the same numbers as its usage event.
    for (const usage of events.filter((e): e is EventOf<"usage"> => e.type === "usage")) {
      const stage = all.find((s) => s.name === SPAN.stage(usage.agent));
      expect(stage?.attributes).toMatchObject({
        [ATTR.agentName]: usage.agent,
        [ATTR.inputTokens]: usage.inputTokens,
        [ATTR.outputTokens]: usage.outputTokens,
        [ATTR.cacheReadTokens]: usage.cacheReadInputTokens,
        [ATTR.cacheWriteTokens]: usage.cacheWriteInputTokens,
      });
    }
    const step = all.find((s) => s.name === SPAN.step(1));
    expect(step?.attributes).toMatchObject({ [ATTR.stepKind]: "analysis", [ATTR.stepTitle]: "Sum column a" });
  });

  it("mark a failed stage and the invocation with an error status and the exception", async () => {
    const started = await startAgent({
      EXECUTOR_URL: fake.url,
      AGENT_LOCAL_S3_DIR: mkdtempSync(path.join(os.tmpdir(), "agent-traces-")),
      AGENT_SCRIPTED_MODEL: writeScript(fakeWorkflowScript()),
    });
    servers.push(started.server);
    spans.exporter.reset();
    fake.failExecuteWith = 500;
    try {
      const events = await invoke(started.url, { prompt: "Sum column a", language: "en" });
      expect(events.at(-1)).toMatchObject({ type: "error", agent: "coder" });
    } finally {
      fake.failExecuteWith = undefined;
    }
    const all = spans.exporter.getFinishedSpans();
    for (const name of [SPAN.invocation, SPAN.stage("coder"), SPAN.step(1)]) {
      const span = all.find((s) => s.name === name);
      expect(span?.status.code, name).toBe(2); // SpanStatusCode.ERROR
      expect(
        span?.events.some((e) => e.name === "exception"),
        name,
      ).toBe(true);
    }
    expect(all.some((s) => s.name === SPAN.stage("validator"))).toBe(false);
  });
});
