import type { AgentEvent, EventOf } from "agentcore-vpc-platform-contract";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { directReport } from "../src/workflow/direct-report.js";
import type { Script, ScriptTurn } from "../src/workflow/scripted-model.js";
import { invoke, types } from "./helpers/agent.js";
import { fakeWorkflowScript } from "./helpers/scripts.js";
import { useScriptedAgents } from "./helpers/scripted-agents.js";

/** Planning and routing: scripted planner decisions against the fake executor. */
const agents = useScriptedAgents("agent-plan-");
beforeAll(() => {
  mkdirSync(path.join(agents.localS3, "local", "data"), { recursive: true });
  writeFileSync(path.join(agents.localS3, "local", "data", "input.csv"), "a\n1\n2\n3\n");
});
async function run(script: Script, payload: object, env: Record<string, string> = {}) {
  return invoke(await agents.start(script, env), payload);
}

const turn = (t: Partial<ScriptTurn>): ScriptTurn => ({ toolUses: [], ...t });
const submit = (input: Record<string, unknown>) => turn({ toolUses: [{ name: "submit_plan", input }] });
const of = <T extends AgentEvent["type"]>(events: AgentEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);
const stored = (uri: string | undefined) =>
  readFileSync(path.join(agents.localS3, "local", (uri ?? "").replace("s3://local/", "")), "utf8");

describe("the full route", () => {
  const plan = {
    route: "full",
    reason: "Totals and shares the user will rely on.",
    steps: [
      { kind: "analysis", title: "Total of column a" },
      { kind: "check", title: "Re-compute the total" },
      { kind: "chart", title: "Bar chart of a" },
      { kind: "analysis", title: "Share of each row" },
      { kind: "check", title: "Shares add up to 100 %" },
    ],
  };
  const script = (): Script => {
    const base = fakeWorkflowScript();
    const [inspect, record, summary] = base.agents.coder as [ScriptTurn, ScriptTurn, ScriptTurn];
    const [write, recomputed] = base.agents.validator as [ScriptTurn, ScriptTurn];
    return {
      ...base,
      agents: {
        planner: [submit(plan), turn({ text: "Planned five steps." })],
        coder: [
          inspect,
          record,
          summary,
          turn({ toolUses: [{ name: "run_python", input: { code: "plot()" } }] }),
          turn({ text: "Chart saved." }),
          turn({ text: "Shares: 1/6, 2/6, 3/6." }),
        ],
        validator: [write, recomputed, turn({ text: "Shares sum to 100 %." })],
        reporter: base.agents.reporter,
      },
    };
  };

  it("streams the plan before the Coder starts, then says which step runs, in plan order", async () => {
    const events = await run(script(), { prompt: "Sum column a and chart it", language: "en" });
    const seen = types(events);
    const planEvent = of(events, "plan")[0];
    expect(planEvent).toMatchObject({ route: "full", reason: "Totals and shares the user will rely on." });
    // Numbered in run order: the Coder's steps in the planner's order, then the checks.
    expect(planEvent?.steps).toEqual([
      { n: 1, kind: "analysis", title: "Total of column a", agent: "coder" },
      { n: 2, kind: "chart", title: "Bar chart of a", agent: "coder" },
      { n: 3, kind: "analysis", title: "Share of each row", agent: "coder" },
      { n: 4, kind: "check", title: "Re-compute the total", agent: "validator" },
      { n: 5, kind: "check", title: "Shares add up to 100 %", agent: "validator" },
    ]);
    const coderStart = events.findIndex((e) => e.type === "agent_start" && e.agent === "coder");
    expect(seen.indexOf("plan")).toBeLessThan(coderStart);
    expect(seen.indexOf("plan")).toBeGreaterThan(seen.indexOf("agent_end")); // after the planner's stage

    const progress = of(events, "progress").map((p) => `${p.agent} ${p.step}/${p.of} ${p.status}`);
    expect(progress).toEqual([
      ...["coder 1/5 running", "coder 1/5 done", "coder 2/5 running", "coder 2/5 done"],
      ...["coder 3/5 running", "coder 3/5 done", "validator 4/5 running", "validator 4/5 done"],
      ...["validator 5/5 running", "validator 5/5 done"],
    ]);
    // Every tool call of a step happens between its running and done events.
    const chart = events.findIndex((e) => e.type === "tool_call" && e.input.includes("plot()"));
    const step2 = events.findIndex((e) => e.type === "progress" && e.step === 2 && e.status === "running");
    const step2done = events.findIndex((e) => e.type === "progress" && e.step === 2 && e.status === "done");
    expect(step2 < chart && chart < step2done).toBe(true);
    expect(of(events, "agent_start").map((e) => e.agent)).toEqual([
      "planner",
      "coder",
      "validator",
      "reporter",
    ]);
    expect(events.at(-1)).toMatchObject({ type: "done", route: "full", verified: true });
  });
});

describe("the direct route", () => {
  const direct = (prompt: string, answer: string): Script => ({
    version: 1,
    agents: {
      planner: [
        submit({
          route: "direct",
          reason: "A row count.",
          steps: [{ kind: "analysis", title: "Count rows" }],
        }),
        turn({ text: "Direct answer." }),
      ],
      coder: [
        turn({ toolUses: [{ name: "run_python", input: { code: "print(len(df))" } }] }),
        turn({ text: answer }),
      ],
      validator: [],
      reporter: [],
    },
    description: prompt,
  });

  it("answers a simple question from one Coder step, without Validator or Reporter, as a short report", async () => {
    agents.fake.onExecute = () => ({ status: "ok", stdout: "3\n" });
    try {
      const prompt = "How many rows are there?";
      const answer = "The file has 3 rows.";
      const events = await run(direct(prompt, answer), {
        prompt,
        language: "en",
        data: { s3Uri: "s3://local/data/input.csv" },
      });
      expect(of(events, "plan")[0]).toMatchObject({ route: "direct", steps: [{ n: 1, agent: "coder" }] });
      expect(of(events, "agent_start").map((e) => e.agent)).toEqual(["planner", "coder"]);
      expect(of(events, "progress").map((p) => `${p.step}/${p.of} ${p.status}`)).toEqual([
        "1/1 running",
        "1/1 done",
      ]);
      expect(types(events)).not.toContain("validation");

      const done = events.at(-1) as EventOf<"done">;
      expect(done).toMatchObject({ type: "done", route: "direct", verified: false, summary: answer });
      expect(Object.keys(done.usage).sort()).toEqual(["coder", "planner"]);
      const report = done.artifacts.find((a) => a.path === "artifacts/report.md");
      expect(stored(report?.uri)).toBe(directReport(prompt, answer, "en"));
      expect(stored(report?.uri)).toMatch(
        /^# How many rows are there\?\n\nThe file has 3 rows\.\n\n---\n\nAnswered directly/,
      );
      // the short report, then what the platform rendered from it
      expect(of(events, "artifact").map((a) => a.path)).toEqual([
        "artifacts/report.md",
        "artifacts/report.html",
        "artifacts/report.pdf",
        "artifacts/report.docx",
      ]);
      expect(of(events, "render")[0]).toMatchObject({ status: "ok" });
    } finally {
      agents.fake.onExecute = () => ({ status: "ok", stdout: "" });
    }
  });

  it("writes the short report in the user's language, headed by the question's first line", () => {
    const report = directReport("열 이름이 뭐야?\n자세히 알려줘", "열은 a, b입니다.", "ko");
    expect(report).toBe(
      "# 열 이름이 뭐야?\n\n열은 a, b입니다.\n\n---\n\n데이터에서 한 단계로 바로 답한 결과입니다. 별도의 독립 검증과 보고서 작성 단계는 거치지 않았습니다.\n",
    );
    expect(directReport(`## ${"x".repeat(300)}`, "", "en").split("\n")[0]).toBe(`# ${"x".repeat(119)}…`);
  });
});

describe("a planner that does not plan", () => {
  it("is asked once more, then the run falls back to the full pipeline and says so", async () => {
    const script = fakeWorkflowScript();
    script.agents.planner = [
      turn({ text: "I would compute the total." }),
      turn({ text: "The total, then a check." }),
    ];
    const events = await run(script, { prompt: "Sum column a", language: "en" });
    expect(of(events, "agent_start").map((e) => `${e.agent} ${e.round}`)).toEqual([
      ...["planner 1", "planner 2", "coder 1", "validator 1", "reporter 1"],
    ]);
    expect(of(events, "plan")[0]).toMatchObject({
      route: "full",
      reason: expect.stringContaining("did not call submit_plan"),
    });
    expect(events.at(-1)).toMatchObject({ type: "done", route: "full", verified: true });
  });

  it("gets an invalid plan back as a tool error and the corrected plan is the one that runs", async () => {
    const script = fakeWorkflowScript();
    const twoStepDirect = {
      route: "direct",
      reason: "simple",
      steps: [
        { kind: "analysis", title: "a" },
        { kind: "analysis", title: "b" },
      ],
    };
    const fixed = {
      route: "full",
      reason: "fixed",
      steps: [
        { kind: "analysis", title: "Sum" },
        { kind: "check", title: "Re-sum" },
      ],
    };
    script.agents.planner = [submit(twoStepDirect), submit(fixed), turn({ text: "Resubmitted." })];
    const events = await run(script, { prompt: "Sum column a", language: "en" });
    const results = of(events, "tool_result").filter((r) => r.name === "submit_plan");
    expect(results.map((r) => r.status)).toEqual(["error", "success"]);
    expect(results[0]?.output).toContain("a direct plan has exactly one analysis step");
    expect(of(events, "plan")).toHaveLength(1);
    expect(of(events, "plan")[0]?.reason).toBe("fixed");
  });
});
