import { encodeSse, type EventInput } from "agentcore-vpc-platform-contract";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalDirStore } from "../src/client/store.js";
import type { InvocationBody, Target } from "../src/client/targets.js";
import { attachInvoke, cancelInvoke, INTERRUPTED, runInvoke } from "../src/cli/run-invoke.js";
import { EventSealer } from "../src/events.js";

/** The invoke CLI's follow, attach, cancel and Ctrl-C behaviour against a scripted target. */
const SESSION = "cli-00000000-0000-0000-0000-000000000000";
const RUN = "20260101T000000000Z-abcd";

function fakeTarget(answer: (body: InvocationBody, signal?: AbortSignal) => AsyncIterable<string>): Target & {
  bodies: InvocationBody[];
} {
  const root = mkdtempSync(path.join(os.tmpdir(), "follow-"));
  const store = new LocalDirStore(root, "local");
  const bodies: InvocationBody[] = [];
  return {
    sessionId: SESSION,
    store,
    bodies,
    async invoke(body, signal) {
      bodies.push(body);
      return answer(body, signal);
    },
    async upload() {
      return "s3://local/data/x.csv";
    },
    async download(artifact, to) {
      const { writeFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, `bytes of ${artifact.path}`);
    },
  };
}

const sse = (events: EventInput[]) => {
  const sealer = new EventSealer();
  return events.map((e) => encodeSse(sealer.seal(e)));
};
const START: EventInput = { type: "start", sessionId: SESSION, runId: RUN, requestId: "r", language: "en" };
const DONE: EventInput = {
  type: "done",
  artifacts: [
    {
      path: "artifacts/report.pdf",
      size: 3,
      uri: `s3://local/sessions/${SESSION}/runs/${RUN}/artifacts/report.pdf`,
    },
  ],
  summary: "ok",
  verified: true,
  usage: {},
  durationMs: 1000,
};

async function* slowStream(frames: string[], signal?: AbortSignal): AsyncIterable<string> {
  for (const frame of frames) yield frame;
  // Then nothing more until the client gives up: a long model pause.
  await new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
  throw Object.assign(new Error("aborted"), { name: "AbortError" });
}

describe("following a run from the command line", () => {
  it("attaches: replays the run and downloads its artifacts into the run's own folder", async () => {
    const target = fakeTarget(async function* () {
      yield* sse([START, DONE]);
    });
    let out = "";
    const outDir = mkdtempSync(path.join(os.tmpdir(), "attach-out-"));
    const code = await attachInvoke(target, { write: (t) => void (out += t) }, { outDir });
    expect(code).toBe(0);
    expect(target.bodies).toEqual([{ attach: true }]);
    expect(out).toContain(`attaching to session ${SESSION}`);
    expect(out).toContain(`▶ session ${SESSION} · run ${RUN}`);
    expect(readFileSync(path.join(outDir, RUN, "report.pdf"), "utf8")).toBe("bytes of artifacts/report.pdf");
  });

  it("on Ctrl-C leaves the run running and says how to come back", async () => {
    const target = fakeTarget((_body, signal) => slowStream(sse([START]), signal));
    let out = "";
    const interrupt = new AbortController();
    const running = runInvoke({ prompt: "x", outDir: os.tmpdir() }, target, {
      write: (t) => void (out += t),
      interrupt: interrupt.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    interrupt.abort();
    expect(await running).toBe(INTERRUPTED);
    expect(out).toContain(
      `detached: the run goes on. Follow it again with: npm run invoke -- --attach ${SESSION}`,
    );
    expect(target.bodies).toEqual([{ prompt: "x" }]);
  });

  it("with --cancel-on-exit, Ctrl-C cancels the run and waits until it has stopped", async () => {
    const target = fakeTarget((body, signal) =>
      "cancel" in body
        ? (async function* () {
            yield* sse([
              { type: "cancel", sessionId: SESSION, runId: RUN, state: "requested", message: "cancelling" },
              { type: "cancel", sessionId: SESSION, runId: RUN, state: "stopped", message: "stopped" },
            ]);
          })()
        : slowStream(sse([START]), signal),
    );
    let out = "";
    const interrupt = new AbortController();
    const running = runInvoke({ prompt: "x", outDir: os.tmpdir(), cancelOnExit: true }, target, {
      write: (t) => void (out += t),
      interrupt: interrupt.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    interrupt.abort();
    expect(await running).toBe(INTERRUPTED);
    expect(target.bodies).toEqual([{ prompt: "x" }, { cancel: true }]);
    expect(out).toContain("■ cancel stopped: stopped");
  });

  it("cancel exits 0 once the run stopped, or when nothing was running", async () => {
    const none = fakeTarget(async function* () {
      yield* sse([{ type: "cancel", sessionId: SESSION, state: "not_running", message: "no run" }]);
    });
    let out = "";
    expect(await cancelInvoke(none, { write: (t) => void (out += t) })).toBe(0);
    expect(out).toContain("■ cancel not_running: no run");
  });
});
