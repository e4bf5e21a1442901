import { SseDecoder, type AgentEvent, SESSION_HEADER } from "agentcore-vpc-platform-contract";
import { randomUUID } from "node:crypto";
import { loadConfig, type AgentConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { createAgentServer, type AgentServer } from "../../src/server.js";

/** The real agent server (the runtime SDK's Fastify app) in this process, on 127.0.0.1 and a free port. */
export async function startAgent(
  env: Record<string, string>,
): Promise<{ server: AgentServer; url: string; config: AgentConfig }> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env });
  const server = createAgentServer(config, { log: silentLogger });
  const { url } = await server.listen();
  return { server, url, config };
}

export function newSessionId(): string {
  // AgentCore session ids are at least 33 characters.
  return `test-${randomUUID()}`;
}

export interface InvokeOptions {
  sessionId?: string;
  signal?: AbortSignal;
  /** Called for each event as it arrives (e.g. to disconnect at a chosen point). */
  onEvent?: (event: AgentEvent) => void;
}

/** POST /invocations as AgentCore does (SSE accepted, session header) and collect the decoded events. */
export async function invoke(url: string, payload: unknown, opts: InvokeOptions = {}): Promise<AgentEvent[]> {
  const res = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      [SESSION_HEADER]: opts.sessionId ?? newSessionId(),
    },
    body: JSON.stringify(payload),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!res.ok || !res.body) throw new Error(`invoke failed: ${res.status} ${await res.text()}`);
  const decoder = new SseDecoder();
  const events: AgentEvent[] = [];
  const text = new TextDecoder();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const event of decoder.push(text.decode(chunk, { stream: true }))) {
        events.push(event);
        opts.onEvent?.(event);
      }
    }
  } catch (err) {
    if (!opts.signal?.aborted) throw err;
  }
  return events;
}

export async function ping(url: string): Promise<{ status: string; time_of_last_update: number }> {
  const res = await fetch(`${url}/ping`);
  return (await res.json()) as { status: string; time_of_last_update: number };
}

/** Polls until `check` is true (for effects that complete after the response, such as a session delete). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 20_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const types = (events: AgentEvent[]) => events.map((e) => e.type);
