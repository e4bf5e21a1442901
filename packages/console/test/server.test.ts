import { runKeys } from "agentcore-vpc-platform-contract";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./ports.js";
import { localBackend } from "../src/backend.js";
import { createConsoleServer, listen } from "../src/server.js";
import { newToken } from "../src/security.js";
import { startFakeAgent, type FakeAgent } from "./fake-agent.js";

/** The console's HTTP server against a local backend (a folder and a stand-in agent). */
let agent: FakeAgent;
let base: string;
let token: string;
let localS3: string;
let close: () => Promise<void>;

beforeAll(async () => {
  agent = await startFakeAgent();
  localS3 = mkdtempSync(path.join(os.tmpdir(), "console-s3-"));
  token = newToken();
  const port = await freePort();
  const app = createConsoleServer({ backend: localBackend({ agentUrl: agent.url, localS3 }), token, port });
  const { url } = await listen(app, port, token);
  expect(url).toBe(`http://127.0.0.1:${port}/#token=${token}`);
  base = `http://127.0.0.1:${port}`;
  close = () => app.close();
});
afterAll(async () => {
  await close();
  await agent.close();
});

const api = (route: string, init: RequestInit = {}, withToken = true) =>
  fetch(base + route, {
    ...init,
    headers: {
      ...(withToken ? { "x-console-token": token } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

describe("the console server", () => {
  it("serves the page to anyone on its address, with a strict CSP, and the API only with the token", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect((await api("/api/runs", {}, false)).status).toBe(401);
    expect((await api("/api/runs", { headers: { "x-console-token": "wrong" } }, false)).status).toBe(401);
    expect((await api("/api/runs")).status).toBe(200);
  });

  it("refuses another Host (DNS rebinding) and another Origin, token or not", async () => {
    // fetch() will not set Host; a raw request does.
    const http = await import("node:http");
    const status = await new Promise<number>((resolve) => {
      const req = http.request(
        `${base}/api/runs`,
        { headers: { host: "evil.example", "x-console-token": token } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end();
    });
    expect(status).toBe(403);
    expect((await api("/api/runs", { headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await api("/api/runs", { headers: { origin: base } })).status).toBe(200);
  });

  it("streams an upload into the session's input folder and starts a run with it", async () => {
    const csv = "Category,Amount\nfruit,10\n";
    const up = await api("/api/inputs?name=../../shop.csv", {
      method: "POST",
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(up.status).toBe(201);
    const { sessionId, dataUri, size } = (await up.json()) as {
      sessionId: string;
      dataUri: string;
      size: number;
    };
    expect(sessionId).toMatch(/^console-[\w-]{36}$/);
    expect(size).toBe(csv.length);
    expect(dataUri).toBe(`s3://local/${runKeys.input(sessionId, "_.._shop.csv")}`);
    expect(readFileSync(path.join(localS3, "local", "data", sessionId, "_.._shop.csv"), "utf8")).toBe(csv);

    const started = await api("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "Sum Amount", sessionId, dataUri }),
    });
    expect(started.status, await started.clone().text()).toBe(202);
    expect(await started.json()).toEqual({ sessionId, runId: "20260101T000000000Z-abcd" });
    expect(agent.bodies.at(-1)).toEqual({
      sessionId,
      body: { prompt: "Sum Amount", data: { s3Uri: dataUri } },
    });
  });

  it("passes a 409 for a session that is already running through, naming the running run", async () => {
    agent.refuse = "session s1 is already running run 20260101T000000000Z-abcd";
    const res = await api("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "again", sessionId: "console-s1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toContain(
      "already running run 20260101T000000000Z-abcd",
    );
  });

  it("relays a run's events as SSE (attach), and cancel", async () => {
    const events = await (await api("/api/runs/console-x-0000000000000000000000000000000/events")).text();
    expect(events).toContain('"type":"start"');
    expect(events).toContain('"type":"done"');
    expect(agent.bodies.at(-1)?.body).toEqual({ attach: true });
    const cancel = await api("/api/runs/console-x-0000000000000000000000000000000/cancel", {
      method: "POST",
    });
    expect(((await cancel.json()) as { last: { state: string } }).last.state).toBe("not_running");
  });

  it("lists a run's artifacts with ticketed URLs that open exactly that file, and nothing outside the run", async () => {
    const sessionId = "console-files-00000000000000000000000000000";
    const runId = "20260102T000000000Z-0001";
    const { LocalDirStore } = await import("agent/client");
    const store = new LocalDirStore(localS3, "local");
    await store.put(`${runKeys.artifactsPrefix(sessionId, runId)}report.pdf`, "%PDF-1.7 fake");
    await store.put(`${runKeys.artifactsPrefix(sessionId, runId)}report.html`, "<h1>r</h1>");
    const listing = (await (await api(`/api/runs/${sessionId}/${runId}/artifacts`)).json()) as {
      files: { path: string; url: string }[];
    };
    expect(listing.files.map((f) => f.path)).toEqual(["report.html", "report.pdf"]);
    const pdf = listing.files.find((f) => f.path === "report.pdf")?.url as string;
    const download = await fetch(`${base}${pdf}&download=1`); // no token header: the ticket opens it
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''report.pdf");
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(await download.text()).toBe("%PDF-1.7 fake");
    const html = await fetch(base + (listing.files.find((f) => f.path === "report.html")?.url as string));
    expect(html.headers.get("content-security-policy")).toContain("sandbox");
    // The ticket of one file does not open another.
    const ticket = new URL(pdf, base).searchParams.get("ticket");
    expect(
      (await fetch(`${base}/api/runs/${sessionId}/${runId}/artifacts/report.html?ticket=${ticket}`)).status,
    ).toBe(401);
    expect((await api(`/api/runs/${sessionId}/${runId}/artifacts/..%2F..%2Frun.json`)).status).toBe(400);
    expect((await api(`/api/runs/${sessionId}/not-a-run/artifacts/report.pdf`)).status).toBe(400);
  });

  it("lists past runs from their records, newest first", async () => {
    const { LocalDirStore } = await import("agent/client");
    const store = new LocalDirStore(localS3, "local");
    for (const [runId, status] of [
      ["20260103T000000000Z-0001", "done"],
      ["20260104T000000000Z-0002", "running"],
    ] as const) {
      const record = {
        sessionId: "console-list",
        runId,
        prompt: "p",
        language: "en",
        status,
        startedAt: "2026-01-03T00:00:00.000Z",
        artifacts: [],
      };
      await store.put(runKeys.record("console-list", runId), JSON.stringify(record));
    }
    const { runs } = (await (await api("/api/runs")).json()) as { runs: { runId: string; status: string }[] };
    expect(runs.slice(0, 2).map((r) => [r.runId, r.status])).toEqual([
      ["20260104T000000000Z-0002", "running"],
      ["20260103T000000000Z-0001", "done"],
    ]);
  });
});
