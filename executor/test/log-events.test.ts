import {
  EXECUTOR_LOG_EVENTS,
  executorLogEvent,
  type ExecutorLogEvent,
} from "agentcore-vpc-platform-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExecutor, UID_RANGES, type Harness } from "./helpers";

/**
 * The lines the component's CloudWatch metric filters count: one per session created and one per budget kill,
 * each a JSON object the contract's `executorLogEvent` schema accepts.
 */

const MiB = 1024 * 1024;
const lines: string[] = [];
let ex: Harness;

beforeAll(async () => {
  ex = await startExecutor(
    UID_RANGES.logEvents,
    { logLevel: "info", budgets: { diskBytes: 20 * MiB } },
    { logDestination: { write: (line) => void lines.push(line) } },
  );
});
afterAll(async () => ex?.close());

/** The event lines logged so far (other log lines have no `event` field). */
function events(): ExecutorLogEvent[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => "event" in entry)
    .map((entry) => executorLogEvent.parse(entry));
}

describe("executor log events", () => {
  it("logs one session_created line per session", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    const created = events().filter((e) => e.event === EXECUTOR_LOG_EVENTS.sessionCreated);
    expect(created.map((e) => e.sessionId)).toEqual([a, b]);
  });

  it("logs a budget_kill line naming the time budget when an execution times out", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(id, "while True: pass", { timeoutSeconds: 1 });
    expect(res).toMatchObject({ status: "timeout", stateLost: true });
    expect(events()).toContainEqual({ event: EXECUTOR_LOG_EVENTS.budgetKill, sessionId: id, budget: "time" });
  });

  it("logs a budget_kill line naming the disk budget when a session's files outgrow it", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      [
        "import time",
        "for i in range(4):",
        "    open(f'data/fill-{i}.bin', 'wb').write(b'x' * (8 * 1024 * 1024))",
        "    time.sleep(0.5)",
      ].join("\n"),
      { timeoutSeconds: 30 },
    );
    expect(res).toMatchObject({ status: "error", stateLost: true });
    expect(events()).toContainEqual({ event: EXECUTOR_LOG_EVENTS.budgetKill, sessionId: id, budget: "disk" });
  });

  it("logs nothing of the kind for an execution within its budgets", async () => {
    const id = await ex.createSession();
    const before = events().length;
    expect((await ex.exec(id, "print(sum(range(10)))")).stdout).toBe("45\n");
    expect(events().slice(before)).toEqual([]);
  });
});
