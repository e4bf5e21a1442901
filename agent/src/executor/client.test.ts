import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecutorClient, ExecutorError, SessionGoneError } from "./client.js";

/** A stand-in executor that checks tokens like the real one and can answer off-contract. */
let server: http.Server;
let url: string;
const seenAuthorization: (string | undefined)[] = [];
let executeBody: unknown = null;

const EXECUTED = {
  status: "ok",
  stdout: "2\n",
  stderr: "",
  durationMs: 3,
  truncated: false,
  artifacts: [],
  stateLost: false,
  restarted: false,
  executionCount: 1,
};

beforeAll(async () => {
  const tokens = new Map<string, string>();
  let counter = 0;
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const parts = (req.url ?? "").split("/").filter(Boolean);
      if (req.method === "POST" && parts.length === 1) {
        const id = `s${++counter}`;
        const token = String(counter).padStart(32, "a");
        tokens.set(id, token);
        return send(201, { sessionId: id, token, createdAt: new Date().toISOString() });
      }
      const id = parts[1] as string;
      seenAuthorization.push(req.headers.authorization);
      if (!tokens.has(id)) return send(404, { error: "gone", code: "SESSION_NOT_FOUND" });
      if (req.headers.authorization !== `Bearer ${tokens.get(id)}`)
        return send(401, { error: "no", code: "UNAUTHORIZED" });
      if (req.method === "DELETE") {
        tokens.delete(id);
        return send(200, { sessionId: id, deleted: true });
      }
      if (parts[2] === "execute") return send(200, executeBody ?? EXECUTED);
      send(404, { error: "no route", code: "ROUTE_NOT_FOUND" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("executor client", () => {
  it("keeps each session's token and sends it with every request for that session", async () => {
    const client = new ExecutorClient(url);
    const a = await client.createSession();
    const b = await client.createSession();
    seenAuthorization.length = 0;
    expect(await client.execute(a, { code: "1 + 1" })).toEqual(EXECUTED);
    await client.execute(b, { code: "1 + 1" });
    expect(seenAuthorization).toEqual([`Bearer ${"1".padStart(32, "a")}`, `Bearer ${"2".padStart(32, "a")}`]);
    // another client (another run) does not hold the token: nothing is sent for a session it did not create
    await expect(new ExecutorClient(url).execute(a, { code: "1" })).rejects.toBeInstanceOf(SessionGoneError);
    expect(await client.deleteSession(a)).toBe(true);
    expect(await client.deleteSession(a)).toBe(false); // token dropped with the session
  });

  it("reads every response through the contract: an answer missing a field is an error that names it", async () => {
    const client = new ExecutorClient(url);
    const id = await client.createSession();
    executeBody = { ...EXECUTED, executionCount: undefined };
    try {
      const failure = await client.execute(id, { code: "1" }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ExecutorError);
      expect((failure as ExecutorError).code).toBe("BAD_RESPONSE");
      expect((failure as Error).message).toMatch(/executionCount/);
    } finally {
      executeBody = null;
    }
  });
});
