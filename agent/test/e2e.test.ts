import type { AgentEvent, EventOf } from "agentcore-vpc-platform-contract";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EXECUTOR_MAIN,
  freePort,
  startExecutorProcess,
  type ExecutorProcess,
} from "../src/local/executor-process.js";
import type { Script } from "../src/workflow/scripted-model.js";
import { invoke, startAgent } from "./helpers/agent.js";
import { writeScript } from "./helpers/scripts.js";

/**
 * The real agent server and the REAL executor (executor/dist/main.js, real Python with pandas/matplotlib) on
 * 127.0.0.1, the shipped scripted model for the sales request, and the generated sales CSV.
 */
const SALES_SCRIPT = fileURLToPath(new URL("../scripted/sales-ko.json", import.meta.url));
const PROMPT = "총 매출액을 계산하고, 카테고리별 매출 비중도 함께 보여줘. pdf 보고서 생성해줘";
const built = existsSync(EXECUTOR_MAIN);
if (!built) {
  console.warn(`SKIPPED agent end-to-end tests: ${EXECUTOR_MAIN} is missing (run npm run build -w executor)`);
}

type SalesModule = {
  salesCsv(): string;
  generateSalesRows(): { Category: string | number; Amount: string | number }[];
};

describe.skipIf(!built)("end to end with the real executor", () => {
  let executor: ExecutorProcess;
  let localS3: string;
  let sales: SalesModule;
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    // The dataset generator lives in the executor package (one generator for both test suites).
    const mod = (await import("executor")) as SalesModule & { default?: SalesModule };
    sales = typeof mod.salesCsv === "function" ? mod : (mod.default as SalesModule);
    const work = mkdtempSync(path.join(os.tmpdir(), "agent-e2e-"));
    // mkdtemp makes 0700 directories; when the tests run as root the executor drops each session's worker to
    // its own uid, which must be able to reach the work directory below this one.
    chmodSync(work, 0o755);
    localS3 = path.join(work, "s3");
    mkdirSync(path.join(localS3, "local", "data"), { recursive: true });
    writeFileSync(path.join(localS3, "local", "data", "sales.csv"), sales.salesCsv());
    executor = await startExecutorProcess({
      port: await freePort(),
      workDir: path.join(work, "executor"),
      stdio: "ignore",
      // As root, workers run under per-session uids: this executor gets a range no other test uses.
      ...(process.getuid?.() === 0
        ? { env: { EXECUTOR_WORKER_UID_BASE: String(500_000 + (process.pid % 1000) * 120) } }
        : {}),
    });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await executor?.stop();
  });

  async function agent(scriptFile: string, env: Record<string, string> = {}) {
    const started = await startAgent({
      EXECUTOR_URL: executor.url,
      AGENT_LOCAL_S3_DIR: localS3,
      AGENT_SCRIPTED_MODEL: scriptFile,
      AGENT_HEARTBEAT_MS: "1000",
      ...env,
    });
    servers.push(started.server);
    return started.url;
  }

  const executorSessions = async () => {
    const res = await fetch(`${executor.url}/info`);
    const body = (await res.json()) as { sessions: { count: number } };
    return body.sessions.count;
  };
  const last = (events: AgentEvent[]) => events[events.length - 1] as AgentEvent;

  it("answers the sales request with a verified report whose numbers match the data", async () => {
    const url = await agent(SALES_SCRIPT);
    const events = await invoke(url, { prompt: PROMPT, data: { s3Uri: "s3://local/data/sales.csv" } });

    // Expected values, computed here from the generator's rows.
    const rows = sales.generateSalesRows();
    const total = rows.reduce((sum, r) => sum + Number(r.Amount), 0);
    const byCategory = new Map<string, number>();
    for (const r of rows)
      byCategory.set(String(r.Category), (byCategory.get(String(r.Category)) ?? 0) + Number(r.Amount));

    const done = last(events);
    expect(
      done.type,
      JSON.stringify(
        events.filter((e) => e.type === "error" || e.type === "tool_result"),
        null,
        1,
      ),
    ).toBe("done");
    const plan = events.find((e): e is EventOf<"plan"> => e.type === "plan");
    expect(plan?.steps.map((s) => `${s.n} ${s.agent}`)).toEqual([
      ...["1 coder", "2 coder", "3 coder", "4 validator", "5 validator"],
    ]);
    const progress = events.filter((e): e is EventOf<"progress"> => e.type === "progress");
    expect(progress.map((p) => `${p.step} ${p.status}`)).toEqual(
      [1, 2, 3, 4, 5].flatMap((n) => [`${n} running`, `${n} done`]),
    );
    const validation = events.find((e): e is EventOf<"validation"> => e.type === "validation");
    expect(validation?.verdict).toBe("pass");
    expect(validation?.checks).toHaveLength(1 + 2 * byCategory.size);
    expect(validation?.checks.find((c) => c.id === "total_amount")?.validatorValue).toBe(total);

    const { artifacts, verified } = done as EventOf<"done">;
    expect(verified).toBe(true);
    expect(artifacts.map((a) => a.path).sort()).toEqual([
      "artifacts/calculations.json",
      "artifacts/category_sales.png",
      "artifacts/report.docx",
      "artifacts/report.html",
      "artifacts/report.md",
      "artifacts/report.pdf",
      "artifacts/validation.json",
    ]);
    expect(events.find((e) => e.type === "render")).toMatchObject({ status: "ok" });
    const local = (uri: string) => path.join(localS3, "local", uri.replace("s3://local/", ""));
    const file = (name: string) =>
      readFileSync(local(artifacts.find((a) => a.path === `artifacts/${name}`)?.uri ?? ""));

    const report = file("report.md").toString("utf8");
    expect(report).toContain(`총 매출액은 **${total.toLocaleString("en-US")}원**입니다 [total_amount]`);
    for (const [category, amount] of byCategory) {
      const share = ((amount / total) * 100).toFixed(1);
      expect(report).toMatch(
        new RegExp(
          `\\| ${category} \\| ${amount.toLocaleString("en-US")} \\[amount_\\w+\\] \\| ${share} \\[share_pct_\\w+\\] \\| ✓ \\|`,
        ),
      );
    }
    // The platform rendered the PDF: searchable Korean, every citation, the table as a table.
    const pdf = local(artifacts.find((a) => a.path === "artifacts/report.pdf")?.uri ?? "");
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("신선식품 판매 데이터 분석 보고서");
    for (const check of validation?.checks ?? []) expect(text).toContain(`[${check.id}]`);
    expect(text).not.toContain("|---");
    expect(file("category_sales.png").subarray(1, 4).toString()).toBe("PNG");

    const sessions = events.filter((e): e is EventOf<"session"> => e.type === "session").map((e) => e.action);
    expect(sessions).toEqual(["created", "data_loaded", "deleted"]);
    expect(await executorSessions()).toBe(0);
  });

  it("answers a simple question on the direct route: one Coder step, a short report, no Validator", async () => {
    const rows: Script = {
      version: 1,
      agents: {
        planner: [
          {
            toolUses: [
              {
                name: "submit_plan",
                input: {
                  route: "direct",
                  reason: "행 수를 묻는 단순한 질문입니다.",
                  steps: [{ kind: "analysis", title: "행 수 세기" }],
                },
              },
            ],
          },
          { text: "바로 답합니다.", toolUses: [] },
        ],
        coder: [
          {
            toolUses: [
              {
                name: "run_python",
                input: { code: 'import pandas as pd\nprint(len(pd.read_csv("data/sales.csv")))' },
              },
            ],
          },
          { text: "data/sales.csv에는 2,726행이 있습니다.", toolUses: [] },
        ],
        validator: [],
        reporter: [],
      },
    };
    const url = await agent(writeScript(rows));
    const events = await invoke(url, { prompt: "몇 행이야?", data: { s3Uri: "s3://local/data/sales.csv" } });
    const result = events.find(
      (e): e is EventOf<"tool_result"> => e.type === "tool_result" && e.name === "run_python",
    );
    expect(result?.output).toContain(`stdout:\n${sales.generateSalesRows().length}\n`);
    expect(
      events.filter((e) => e.type === "agent_start").map((e) => (e as EventOf<"agent_start">).agent),
    ).toEqual(["planner", "coder"]);
    const done = last(events) as EventOf<"done">;
    expect(done).toMatchObject({ type: "done", route: "direct", verified: false });
    // The short report is rendered like the Reporter's.
    expect(events.find((e) => e.type === "render")).toMatchObject({ status: "ok" });
    expect(done.artifacts.map((a) => a.path)).toContain("artifacts/report.pdf");
    const report = done.artifacts.find((a) => a.path === "artifacts/report.md");
    const text = readFileSync(
      path.join(localS3, "local", (report?.uri ?? "").replace("s3://local/", "")),
      "utf8",
    );
    expect(text).toMatch(
      /^# 몇 행이야\?\n\ndata\/sales\.csv에는 2,726행이 있습니다\.\n\n---\n\n데이터에서 한 단계로/,
    );
    expect(await executorSessions()).toBe(0);
  });

  it("cancels a run at once: the executing cell stops and the executor session is deleted", async () => {
    const sleeping: Script = {
      version: 1,
      agents: {
        coder: [{ toolUses: [{ name: "run_python", input: { code: "import time\ntime.sleep(120)" } }] }],
        validator: [],
        reporter: [],
      },
    };
    const url = await agent(writeScript(sleeping));
    const sessionId = `test-${randomUUID()}`;
    let cancelledAt = 0;
    const events = await invoke(
      url,
      { prompt: "sleep", language: "en" },
      {
        sessionId,
        onEvent: (e) => {
          // Once the cell is running (the session exists and the execute request is out), cancel.
          if (e.type === "session" && e.action === "created") {
            setTimeout(() => {
              cancelledAt = Date.now();
              void invoke(url, { cancel: true }, { sessionId });
            }, 1500);
          }
        },
      },
    );
    expect(last(events)).toMatchObject({ type: "error", code: "CANCELLED" });
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    expect(events.filter((e) => e.type === "session").map((e) => (e as EventOf<"session">).action)).toEqual([
      "created",
      "deleted",
    ]);
    expect(await executorSessions()).toBe(0);
  });

  it("feeds a failing tool back to the model and deletes the session", async () => {
    const failing: Script = {
      version: 1,
      agents: {
        coder: [
          { toolUses: [{ name: "run_python", input: { code: "import pandas as pd\n1 / 0" } }] },
          { text: "The code failed.", toolUses: [] },
        ],
        validator: [{ text: "Nothing to check.", toolUses: [] }],
        reporter: [{ text: "No verified results.", toolUses: [] }],
      },
    };
    const url2 = await agent(writeScript(failing), { AGENT_MAX_REVISIONS: "0" });
    const run = await invoke(url2, { prompt: "divide", language: "en" });
    const result = run.find(
      (e): e is EventOf<"tool_result"> => e.type === "tool_result" && e.name === "run_python",
    );
    expect(result?.status).toBe("error");
    expect(result?.output).toContain("ZeroDivisionError");
    expect(last(run)).toMatchObject({ type: "done", verified: false });
    expect(run.find((e) => e.type === "validation")).toMatchObject({ verdict: "fail" });
    expect(await executorSessions()).toBe(0);
  });
});
