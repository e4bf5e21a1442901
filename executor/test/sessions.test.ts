import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateSalesRows, SALES_CATEGORIES, salesCsv } from "../src/data/sales";
import { deleteAll, startExecutor, UID_RANGES, type Harness } from "./helpers";

let ex: Harness;

beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.sessions, {
    maxSessions: 6,
    maxTimeoutSeconds: 120,
    bodyLimitBytes: 64 * 1024,
  });
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

describe("health and info", () => {
  it("reports healthy and describes the task and the warm interpreter", async () => {
    const health = await ex.call("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.json.status).toBe("ok");
    const info = await ex.call("GET", "/info");
    expect(info.status).toBe(200);
    expect(info.json.version).toMatch(/\d+\.\d+\.\d+/);
    expect(info.json.python.preloaded).toEqual(expect.arrayContaining(["pandas", "numpy", "matplotlib"]));
    expect(info.json).toHaveProperty("privateIp");
    expect(info.json.taskArn).toBeNull();
  });
});

describe("notebook sessions", () => {
  it("keeps variables between executions and echoes the last expression", async () => {
    const id = await ex.createSession();
    const first = await ex.exec(
      id,
      "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3]})\ntotal = int(df.a.sum())",
    );
    expect(first).toMatchObject({
      status: "ok",
      stdout: "",
      truncated: false,
      stateLost: false,
      executionCount: 1,
    });
    const second = await ex.exec(id, "print('sum', total)\ntotal * 2");
    expect(second.status).toBe("ok");
    expect(second.stdout).toBe("sum 6\n12\n");
    expect(second.executionCount).toBe(2);
    expect(typeof second.durationMs).toBe("number");
  });

  it("reports Python errors with the traceback and keeps the session usable", async () => {
    const id = await ex.createSession();
    const bad = await ex.exec(id, "x = 1\n1 / 0");
    expect(bad.status).toBe("error");
    expect(bad.error).toBe("ZeroDivisionError: division by zero");
    expect(bad.stderr).toContain("<cell-1>");
    expect(bad.stateLost).toBe(false);
    const syntax = await ex.exec(id, "def (:");
    expect(syntax.status).toBe("error");
    expect(syntax.error).toMatch(/^SyntaxError/);
    expect((await ex.exec(id, "x + 1")).stdout).toBe("2\n");
    const exit = await ex.exec(id, "import sys\nsys.exit(0)");
    expect(exit.status).toBe("ok");
    expect((await ex.exec(id, "x")).stdout).toBe("1\n");
  });

  it("detects a matplotlib PNG (Korean title, Agg backend) as an artifact", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      [
        "import matplotlib",
        "import matplotlib.pyplot as plt",
        "fig, ax = plt.subplots()",
        "ax.bar(['과일', '채소'], [3, 5])",
        "ax.set_title('카테고리별 매출')",
        "fig.savefig('artifacts/chart.png')",
        "plt.close(fig)",
        "print(matplotlib.get_backend())",
      ].join("\n"),
    );
    expect(res.status).toBe("ok");
    expect(res.stdout.trim().toLowerCase()).toBe("agg");
    expect(res.stderr).toBe("");
    expect(res.artifacts).toEqual([{ path: "artifacts/chart.png", size: expect.any(Number) }]);
    const png = await ex.fetch(`/sessions/${id}/files/artifacts/chart.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    const again = await ex.exec(id, "print('no new files')");
    expect(again.artifacts).toEqual([]);
  });

  it("runs bash in the session directory and reports its exit status", async () => {
    const id = await ex.createSession();
    const ok = await ex.exec(id, "pwd; ls; echo note > artifacts/note.txt; echo warn >&2", {
      language: "bash",
    });
    expect(ok.status).toBe("ok");
    expect(ok.stdout).toContain(`${id}\n`);
    expect(ok.stdout).toContain("artifacts\ndata\n");
    expect(ok.stderr).toBe("warn\n");
    expect(ok.artifacts).toEqual([{ path: "artifacts/note.txt", size: 5 }]);
    const failed = await ex.exec(id, "exit 3", { language: "bash" });
    expect(failed).toMatchObject({ status: "error", error: "bash exited with status 3", stateLost: false });
    const py = await ex.exec(id, "print(open('artifacts/note.txt').read().strip())");
    expect(py.stdout).toBe("note\n");
  });

  it("works like a notebook on the generated sales CSV: totals, category shares and a chart artifact", async () => {
    // independently, in TypeScript, from the same generated rows
    const rows = generateSalesRows();
    const total = rows.reduce((sum, row) => sum + Number(row.Amount), 0);
    const byCategory = new Map<string, number>();
    for (const row of rows) {
      const category = String(row.Category);
      byCategory.set(category, (byCategory.get(category) ?? 0) + Number(row.Amount));
    }

    const id = await ex.createSession();
    const put = await ex.fetch(`/sessions/${id}/files/data/sales.csv`, {
      method: "PUT",
      body: salesCsv(),
    });
    expect(put.status).toBe(201);

    const load = await ex.exec(
      id,
      [
        "import pandas as pd",
        "df = pd.read_csv('data/sales.csv', dtype={'ship-postal-code': str})",
        "print(sorted(df.Category.unique()))",
        "print(df['promotion-ids'].isna().sum() > 0, df['ship-postal-code'].str.len().eq(5).all())",
        "len(df)",
      ].join("\n"),
    );
    expect(load.status).toBe("ok");
    expect(load.stdout).toBe("['과일', '수산물', '유제품', '육류', '채소']\nTrue True\n2726\n");
    expect(load.artifacts).toEqual([]); // the upload is not an artifact of the execution

    const computed = await ex.exec(
      id,
      [
        "import json",
        "total = int(df['Amount'].sum())",
        "by_category = df.groupby('Category')['Amount'].sum()",
        "shares = (by_category / total).to_dict()",
        "print(json.dumps({'total': total, 'shares': shares}, ensure_ascii=False))",
      ].join("\n"),
    );
    expect(computed.status).toBe("ok");
    const result = JSON.parse(computed.stdout) as { total: number; shares: Record<string, number> };
    expect(result.total).toBe(total);
    expect(Object.keys(result.shares).sort()).toEqual([...SALES_CATEGORIES].sort());
    for (const [category, amount] of byCategory) {
      expect(result.shares[category], category).toBeCloseTo(amount / total, 12);
    }

    const chart = await ex.exec(
      id,
      [
        "import matplotlib.pyplot as plt",
        "fig, ax = plt.subplots(figsize=(6, 4))",
        "(by_category / total * 100).sort_values().plot.barh(ax=ax)",
        "ax.set_title('카테고리별 매출 비중 (%)')",
        "fig.tight_layout()",
        "fig.savefig('artifacts/category_share.png', dpi=80)",
        "plt.close(fig)",
      ].join("\n"),
    );
    expect(chart.status).toBe("ok");
    expect(chart.stderr).toBe(""); // no missing-glyph warnings: the CJK font is found
    expect(chart.artifacts).toEqual([{ path: "artifacts/category_share.png", size: expect.any(Number) }]);
    const listing = await ex.call("GET", `/sessions/${id}/files`);
    expect(listing.json.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "artifacts/category_share.png", type: "file" }),
        expect.objectContaining({ path: "data/sales.csv", size: Buffer.byteLength(salesCsv()) }),
      ]),
    );
    const png = Buffer.from(
      await (await ex.fetch(`/sessions/${id}/files/artifacts/category_share.png`)).arrayBuffer(),
    );
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBe(chart.artifacts[0].size);
  });
});

describe("isolation between sessions", () => {
  it("does not share variables or working directories", async () => {
    const [a, b] = await Promise.all([ex.createSession(), ex.createSession()]);
    await ex.exec(a as string, "secret = 42\nopen('mine.txt', 'w').write('a')");
    const probe = await ex.exec(
      b as string,
      "import os\nprint('secret' in globals(), 'x' in globals(), os.path.exists('mine.txt'))",
    );
    expect(probe.stdout).toBe("False False False\n"); // nothing from another session or a warm-up
    const uids = await Promise.all(
      [a, b].map(async (id) => Number((await ex.exec(id as string, "import os\nos.getuid()")).stdout)),
    );
    if (ex.config.workerUidBase === null) {
      expect(uids).toEqual([process.getuid?.(), process.getuid?.()]);
    } else {
      // root server: each worker runs as its own unprivileged uid and cannot read the other's files
      expect(uids[0]).not.toBe(uids[1]);
      for (const uid of uids) expect(uid).toBeGreaterThanOrEqual(ex.config.workerUidBase);
      const other = path.join(ex.config.workDir, "sessions", a as string, "mine.txt");
      const denied = await ex.exec(b as string, `open(${JSON.stringify(other)}).read()`);
      expect(denied.error).toMatch(/PermissionError/);
    }
    await Promise.all([ex.call("DELETE", `/sessions/${a}`), ex.call("DELETE", `/sessions/${b}`)]);
  });

  it("lets concurrent sessions run while one of them crashes", async () => {
    const [a, b, c] = await Promise.all([ex.createSession(), ex.createSession(), ex.createSession()]);
    await ex.exec(b as string, "kept = 'still here'");
    const [crash, busy, other] = await Promise.all([
      ex.exec(a as string, "import os\nos._exit(9)"),
      ex.exec(b as string, "s = sum(range(3_000_000))\nprint(kept, s)"),
      ex.exec(c as string, "import numpy as np\nprint(int(np.arange(10).sum()))"),
    ]);
    expect(crash.status).toBe("error");
    expect(crash.stateLost).toBe(true);
    expect(busy).toMatchObject({ status: "ok", stdout: "still here 4499998500000\n" });
    expect(other.stdout).toBe("45\n");
    for (const id of [a, b, c]) await ex.call("DELETE", `/sessions/${id}`);
  });
});

describe("session lifecycle and validation", () => {
  it("deletes a session, frees its directory, and answers 404 with a clear message afterwards", async () => {
    const id = await ex.createSession();
    const dir = path.join(ex.config.workDir, "sessions", id);
    await ex.exec(id, "open('artifacts/x.txt','w').write('x')");
    const del = await ex.call("DELETE", `/sessions/${id}`);
    expect(del.status).toBe(200);
    await expect(readFile(path.join(dir, "artifacts/x.txt"))).rejects.toThrow();
    for (const [method, route] of [
      ["POST", `/sessions/${id}/execute`],
      ["GET", `/sessions/${id}/files`],
      ["DELETE", `/sessions/${id}`],
      ["GET", `/sessions/nope/files/data/a.csv`],
    ] as const) {
      const res = await ex.call(method, route, method === "POST" ? { code: "1" } : undefined);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe("SESSION_NOT_FOUND");
      expect(res.json.error).toMatch(/does not exist.*expired.*replaced.*Create a new session/s);
    }
  });

  it("validates request bodies with clear 4xx errors", async () => {
    const id = await ex.createSession();
    const cases: [unknown, RegExp][] = [
      [{}, /code: /],
      [{ code: "" }, /code must not be empty/],
      [{ code: "1", language: "ruby" }, /language/],
      [{ code: "1", timeoutSeconds: 500 }, /timeoutSeconds must be at most 120/],
      [{ code: "1", timeoutSeconds: -1 }, /timeoutSeconds must be positive/],
      [{ code: "1", extra: true }, /extra/],
      [{ code: 1 }, /code/],
    ];
    for (const [body, message] of cases) {
      const res = await ex.call("POST", `/sessions/${id}/execute`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatch(message);
    }
    expect((await ex.call("POST", "/sessions", { sessionId: "../etc" })).status).toBe(400);
    expect((await ex.call("GET", "/nowhere")).json.code).toBe("ROUTE_NOT_FOUND");
  });

  it("accepts a client-chosen session id once and caps the number of sessions", async () => {
    const created = await ex.call("POST", "/sessions", { sessionId: "agent-run-1" });
    expect(created.status).toBe(201);
    expect(created.json.sessionId).toBe("agent-run-1");
    expect((await ex.call("POST", "/sessions", { sessionId: "agent-run-1" })).status).toBe(409);
    const ids: string[] = [];
    let last = 201;
    while (last === 201) {
      const res = await ex.call("POST", "/sessions");
      last = res.status;
      if (res.status === 201) ids.push(res.json.sessionId);
      else expect(res.json.code).toBe("TOO_MANY_SESSIONS");
    }
    expect(last).toBe(429);
    expect(ex.app.executor.count).toBe(6);
    for (const id of [...ids, "agent-run-1"]) await ex.call("DELETE", `/sessions/${id}`);
  });

  it("expires idle sessions, and sessions past their lifetime", async () => {
    const id = await ex.createSession();
    expect(await ex.app.executor.expire(Date.now())).toEqual([]);
    const expired = await ex.app.executor.expire(Date.now() + (ex.config.idleTimeoutSeconds + 1) * 1000);
    expect(expired).toEqual([id]);
    expect((await ex.call("POST", `/sessions/${id}/execute`, { code: "1" })).status).toBe(404);
  });
});
