import { GetRoleCommand } from "@aws-sdk/client-iam";
import { InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { beforeEach, describe, expect, it } from "vitest";
import { couldNotCheck, runDoctor } from "./doctor";
import { NETWORK_ONLY_OUTPUTS, fakeAccount } from "../testing/fake-aws-account";
import { exitCodeFor, renderReport, summaryLine } from "./report";

const account = fakeAccount();
beforeEach(() => account.healthy());
const header = { stack: "dev", region: "us-east-1", account: "123456789012" };

describe("runDoctor", () => {
  it("passes every check on a healthy account, invoking before reading the logs", async () => {
    const results = await runDoctor(account.ctx(), account.clients(), { invoke: true });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["runtime-status", "pass"],
      ["runtime-enis", "pass"],
      ["vpc-endpoints", "pass"],
      ["service-linked-role", "pass"],
      ["executor-targets", "pass"],
      ["executor-tasks", "pass"],
      ["invoke", "pass"],
      ["runtime-logs", "pass"],
    ]);
    expect(exitCodeFor(results)).toBe(0);
  });

  it("does not invoke without --invoke", async () => {
    const results = await runDoctor(account.ctx(), account.clients(), { invoke: false });
    expect(results.map((r) => r.id)).not.toContain("invoke");
    expect(account.mocks.data.commandCalls(InvokeAgentRuntimeCommand)).toHaveLength(0);
  });

  it("reports the broken account's failures, each with a fix", async () => {
    account.broken();
    const results = await runDoctor(account.ctx(), account.clients(), { invoke: true });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["runtime-status", "pass"],
      ["runtime-enis", "fail"],
      ["vpc-endpoints", "fail"],
      ["service-linked-role", "pass"],
      ["executor-targets", "fail"],
      ["executor-tasks", "fail"],
      ["invoke", "fail"],
      ["runtime-logs", "fail"],
    ]);
    for (const r of results.filter((x) => x.status === "fail")) expect(r.fix).toBeTruthy();
    expect(exitCodeFor(results)).toBe(1);
  });

  it("skips what the stack does not export yet, and still checks the rest", async () => {
    const results = await runDoctor(account.ctx(NETWORK_ONLY_OUTPUTS), account.clients(), { invoke: true });
    expect(results.map((r) => [r.id, r.status, r.status === "skip" ? r.detail : ""])).toEqual([
      ["runtime-status", "skip", "skipped: output runtimeId not in this stack yet"],
      ["runtime-enis", "pass", ""],
      ["vpc-endpoints", "pass", ""],
      ["service-linked-role", "pass", ""],
      ["executor-targets", "skip", "skipped: output executorTargetGroupArn not in this stack yet"],
      ["executor-tasks", "skip", "skipped: output executorClusterName not in this stack yet"],
      ["invoke", "skip", "skipped: output runtimeArn not in this stack yet"],
      ["runtime-logs", "skip", "skipped: output runtimeId not in this stack yet"],
    ]);
    expect(exitCodeFor(results)).toBe(0);
  });

  it("turns an AWS error in one check into a failed result and runs the others", async () => {
    account.mocks.iam
      .on(GetRoleCommand)
      .rejects(account.awsError("AccessDenied", "User is not authorized to perform: iam:GetRole"));
    const results = await runDoctor(account.ctx(), account.clients(), { invoke: false });
    const slr = results.find((r) => r.id === "service-linked-role");
    expect(slr).toMatchObject({
      status: "fail",
      detail: "could not check: AccessDenied: User is not authorized to perform: iam:GetRole",
    });
    expect(slr?.fix).toMatch(/read permission/);
    expect(results.filter((r) => r.status === "pass")).toHaveLength(6);
  });
});

describe("couldNotCheck", () => {
  it("suggests a retry for non-permission errors", () => {
    expect(couldNotCheck("x", "X", new Error("socket hang up")).fix).toMatch(/^retry/);
  });
});

describe("renderReport", () => {
  it("renders a healthy account", async () => {
    const text = renderReport(header, await runDoctor(account.ctx(), account.clients(), { invoke: true }));
    expect(text).toContain("doctor: stack dev (us-east-1, account 123456789012)\n");
    expect(text).toMatch(/ {2}PASS {2}Runtime status {10}deep_insight \(deep_insight-Ab12Cd34Ef\) is READY/);
    expect(text).toContain("8 passed, 0 failed\n");
    expect(text).not.toContain("fix:");
  });

  it("renders failures with evidence and the fix under each", async () => {
    account.broken();
    const text = renderReport(header, await runDoctor(account.ctx(), account.clients(), { invoke: true }));
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.startsWith("  FAIL  Runtime ENIs"));
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toMatch(/^ {32}eni-0aaa/);
    expect(lines.slice(i + 1, i + 5).some((l) => /^ {32}fix: set network\.availabilityZoneIds/.test(l))).toBe(
      true,
    );
    expect(text).toContain("2 passed, 6 failed\n");
  });

  it("counts warnings and skips in the summary", () => {
    expect(
      summaryLine([
        { id: "a", title: "A", status: "warn", detail: "" },
        { id: "b", title: "B", status: "skip", detail: "" },
        { id: "c", title: "C", status: "skip", detail: "" },
      ]),
    ).toBe("0 passed, 0 failed, 1 warning, 2 skipped");
  });
});
