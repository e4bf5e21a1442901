import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteAll, startExecutor, UID_RANGES, type Harness } from "../helpers";

/** POST /sessions/{id}/render through the server: the renderer as a helper process of the session. */
let ex: Harness;
beforeAll(async () => {
  ex = await startExecutor(UID_RANGES.render);
});
afterAll(async () => ex?.close());
afterEach(async () => deleteAll(ex));

const REPORT = "# 보고서 (Report)\n\n| a | b |\n|---|--:|\n| 총 | 6 [total] |\n\n![chart](chart.png)\n";

async function put(id: string, path: string, body: string | Buffer) {
  const res = await ex.fetch(`/sessions/${id}/files/${path}`, { method: "PUT", body });
  expect(res.status).toBe(201);
}

describe("the render route", () => {
  it("renders the session's report.md to HTML, PDF and DOCX beside it, with the session's token only", async () => {
    const id = await ex.createSession();
    await ex.exec(
      id,
      "import json, matplotlib.pyplot as plt\n" +
        "fig, ax = plt.subplots(); ax.bar(['a'], [6]); fig.savefig('artifacts/chart.png'); plt.close(fig)\n" +
        "json.dump({'calculations': [{'id': 'total', 'value': 6, 'code': 'df.a.sum()'}]}, open('artifacts/calculations.json', 'w'))\n" +
        "json.dump({'checks': [{'id': 'total', 'value': 6, 'code': 'sum(df.a)'}]}, open('artifacts/validation.json', 'w'))",
    );
    await put(id, "artifacts/report.md", REPORT);

    expect((await ex.call("POST", `/sessions/${id}/render`, {}, { token: null })).status).toBe(401);

    const { status, json } = await ex.call("POST", `/sessions/${id}/render`, {});
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "ok", citations: 1, warnings: [] });
    expect(json.files.map((f: { path: string }) => f.path)).toEqual([
      "artifacts/report.html",
      "artifacts/report.pdf",
      "artifacts/report.docx",
    ]);
    const pdf = Buffer.from(
      await (await ex.fetch(`/sessions/${id}/files/artifacts/report.pdf`)).arrayBuffer(),
    );
    const text = execFileSync("pdftotext", ["-", "-"], { input: pdf, encoding: "utf8" });
    expect(text).toContain("보고서 (Report)");
    expect(text).toContain("[total]");
    // The rendered files are the renderer's, not the next execution's artifacts.
    const next = await ex.exec(id, "print('ok')");
    expect(next.artifacts).toEqual([]);
  });

  it("answers failed, with the reason, when there is no report.md", async () => {
    const id = await ex.createSession();
    const { status, json } = await ex.call("POST", `/sessions/${id}/render`, {});
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "failed", files: [] });
    expect(json.error).toMatch(/report\.md was not written/);
  });

  it("refuses a source outside artifacts/", async () => {
    const id = await ex.createSession();
    const { status } = await ex.call("POST", `/sessions/${id}/render`, { source: "../data/x.md" });
    expect(status).toBe(400);
  });
});
