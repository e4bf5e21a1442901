import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the agent's /invocations for the console's API tests: a run answers `start` then `done`,
 * attach replays them, cancel answers `not_running`; `refuse` makes the next run a 409.
 */
export interface FakeAgent {
  url: string;
  bodies: { sessionId: string; body: Record<string, unknown> }[];
  refuse: string | undefined;
  close(): Promise<void>;
}

const event = (e: Record<string, unknown>) => `data: ${JSON.stringify(e)}\n\n`;

export async function startFakeAgent(runId = "20260101T000000000Z-abcd"): Promise<FakeAgent> {
  const fake = { bodies: [], refuse: undefined } as unknown as FakeAgent;
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const sessionId = String(req.headers["x-amzn-bedrock-agentcore-runtime-session-id"] ?? "");
      const body = JSON.parse(text) as Record<string, unknown>;
      fake.bodies.push({ sessionId, body });
      if (fake.refuse && !("attach" in body) && !("cancel" in body)) {
        res.writeHead(409, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: fake.refuse }));
        fake.refuse = undefined;
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const ts = "2026-01-01T00:00:00.000Z";
      if ("cancel" in body) {
        res.end(event({ type: "cancel", seq: 0, ts, sessionId, state: "not_running", message: "no run" }));
        return;
      }
      res.write(event({ type: "start", seq: 0, ts, sessionId, runId, requestId: "r", language: "en" }));
      res.end(
        event({
          type: "done",
          seq: 1,
          ts,
          artifacts: [],
          summary: "ok",
          verified: true,
          usage: {},
          durationMs: 5,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
