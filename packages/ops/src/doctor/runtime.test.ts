import { InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { GetAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore-control";
import { DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { Readable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import {
  HEALTH_EVENT_OK,
  HEALTHY_OUTPUTS,
  INVOKE_LATENCY_MS,
  RUNTIME_ARN,
  RUNTIME_ID,
  fakeAccount,
} from "../testing/fake-aws-account";
import {
  HEALTH_PAYLOAD,
  checkInvoke,
  healthEventOf,
  checkRuntimeLogs,
  checkRuntimeStatus,
  formatAge,
  runtimeLogGroup,
} from "./runtime";

const account = fakeAccount();
beforeEach(() => account.healthy());
const { mocks } = account;

describe("checkRuntimeStatus", () => {
  it("passes a READY runtime whose version matches the stack", async () => {
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r).toEqual({
      id: "runtime-status",
      title: "Runtime status",
      status: "pass",
      detail: `deep_insight (${RUNTIME_ID}) is READY, version 3 (matches the stack)`,
    });
    expect(mocks.control.commandCalls(GetAgentRuntimeCommand)[0]?.args[0].input).toEqual({
      agentRuntimeId: RUNTIME_ID,
    });
  });

  it("derives the runtime id from the ARN when runtimeId is missing", async () => {
    const { runtimeId: _unused, ...outputs } = HEALTHY_OUTPUTS;
    const r = await checkRuntimeStatus(account.ctx(outputs), account.clients().control);
    expect(r.status).toBe("pass");
    expect(mocks.control.commandCalls(GetAgentRuntimeCommand)[0]?.args[0].input.agentRuntimeId).toBe(
      RUNTIME_ID,
    );
  });

  it("fails a failed runtime with AWS's reason and points at supported AZ IDs", async () => {
    mocks.control.on(GetAgentRuntimeCommand).resolves({
      agentRuntimeName: "deep_insight",
      status: "UPDATE_FAILED",
      agentRuntimeVersion: "4",
      failureReason:
        "The following subnets are in unsupported availability zones in region us-east-1: subnet-0ccc in us-east-1d (ID: use1-az6).",
    });
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(
      `deep_insight (${RUNTIME_ID}) is UPDATE_FAILED: The following subnets are in unsupported availability zones in region us-east-1: subnet-0ccc in us-east-1d (ID: use1-az6).`,
    );
    expect(r.fix).toMatch(/^choose supported AZ IDs.*npm run deploy -- dev --up/);
  });

  it("fails a runtime deleted out of band and says to refresh", async () => {
    mocks.control
      .on(GetAgentRuntimeCommand)
      .rejects(account.awsError("ResourceNotFoundException", "Runtime not found"));
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r).toMatchObject({ status: "fail", detail: `runtime ${RUNTIME_ID} does not exist in us-east-1` });
    expect(r.fix).toMatch(/npm run deploy -- dev --refresh/);
  });

  it("fails when AWS has another version than the stack recorded", async () => {
    mocks.control
      .on(GetAgentRuntimeCommand)
      .resolves({ status: "READY", agentRuntimeVersion: "5", agentRuntimeName: "deep_insight" });
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/READY at version 5, but the stack recorded version 3/);
  });

  it("fails a runtime that is not in VPC mode", async () => {
    mocks.control.on(GetAgentRuntimeCommand).resolves({
      status: "READY",
      agentRuntimeVersion: "3",
      networkConfiguration: { networkMode: "PUBLIC" },
    });
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r).toMatchObject({ status: "fail" });
    expect(r.detail).toMatch(/PUBLIC network mode, not VPC/);
  });

  it("warns while an update rolls out", async () => {
    mocks.control.on(GetAgentRuntimeCommand).resolves({ status: "UPDATING", agentRuntimeVersion: "4" });
    const r = await checkRuntimeStatus(account.ctx(), account.clients().control);
    expect(r.status).toBe("warn");
    expect(r.fix).toMatch(/re-run doctor/);
  });

  it("skips without runtime outputs and calls nothing", async () => {
    const r = await checkRuntimeStatus(account.ctx({ vpcId: "vpc-1" }), account.clients().control);
    expect(r).toEqual({
      id: "runtime-status",
      title: "Runtime status",
      status: "skip",
      detail: "skipped: output runtimeId not in this stack yet",
    });
    expect(mocks.control.calls()).toHaveLength(0);
  });
});

describe("checkRuntimeLogs", () => {
  it("shows the latest lines of the newest stream with their age", async () => {
    const r = await checkRuntimeLogs(account.ctx(), account.clients().logs, false);
    expect(r.status).toBe("pass");
    expect(r.detail).toBe(
      `${runtimeLogGroup(RUNTIME_ID)} [2026/11/21/[runtime-logs]5f0c6a1e], last line 2 min ago`,
    );
    expect(r.lines).toEqual([
      "2026-11-21T11:57:55.000Z  INFO agent listening on 0.0.0.0:8080",
      "2026-11-21T11:57:59.000Z  INFO GET /ping 200",
      "2026-11-21T11:58:00.000Z  INFO POST /invocations 200 (healthCheck) 12 ms",
    ]);
    expect(mocks.logs.commandCalls(DescribeLogStreamsCommand)[0]?.args[0].input).toEqual({
      logGroupName: `/aws/bedrock-agentcore/runtimes/${RUNTIME_ID}-DEFAULT`,
      orderBy: "LastEventTime",
      descending: true,
      limit: 1,
    });
    expect(mocks.logs.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toMatchObject({
      startFromHead: false,
    });
  });

  it("warns about a missing log group before any invocation", async () => {
    mocks.logs
      .on(DescribeLogStreamsCommand)
      .rejects(account.awsError("ResourceNotFoundException", "no group"));
    const r = await checkRuntimeLogs(account.ctx(), account.clients().logs, false);
    expect(r.status).toBe("warn");
    expect(r.fix).toBe("run `npm run doctor -- dev --invoke` to start one and check again");
  });

  it("fails a missing log group after an invocation and names the endpoints", async () => {
    mocks.logs
      .on(DescribeLogStreamsCommand)
      .rejects(account.awsError("ResourceNotFoundException", "no group"));
    const r = await checkRuntimeLogs(account.ctx(), account.clients().logs, true);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/does not exist after an invocation: the container never started/);
    expect(r.fix).toMatch(/ECR.*S3.*CloudWatch Logs/);
  });

  it("treats a group without streams or events as no logs", async () => {
    mocks.logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [] });
    expect((await checkRuntimeLogs(account.ctx(), account.clients().logs, true)).detail).toMatch(
      /has no streams/,
    );
    mocks.logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [{ logStreamName: "s" }] });
    mocks.logs.on(GetLogEventsCommand).resolves({ events: [] });
    expect((await checkRuntimeLogs(account.ctx(), account.clients().logs, false)).detail).toMatch(
      /log stream s is empty/,
    );
  });

  it("rethrows other errors for the runner to report", async () => {
    mocks.logs.on(DescribeLogStreamsCommand).rejects(account.awsError("AccessDeniedException", "denied"));
    await expect(checkRuntimeLogs(account.ctx(), account.clients().logs, false)).rejects.toThrow("denied");
  });
});

describe("checkInvoke", () => {
  it("sends the health payload with a 33+ character session id and reports the round trip", async () => {
    const r = await checkInvoke(account.ctx(), account.clients().data);
    expect(r).toEqual({
      id: "invoke",
      title: "Invoke round trip",
      status: "pass",
      detail: `answered in ${INVOKE_LATENCY_MS} ms (status 200, session doctor-00000000-0000-4000-8000-000000000001)`,
      lines: [`response: ${`data: ${JSON.stringify(HEALTH_EVENT_OK)}`.slice(0, 120)}`],
    });
    const input = mocks.data.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input;
    expect(input?.agentRuntimeArn).toBe(RUNTIME_ARN);
    expect(input?.runtimeSessionId?.length).toBeGreaterThanOrEqual(33);
    expect(JSON.parse(new TextDecoder().decode(input?.payload as Uint8Array))).toEqual(HEALTH_PAYLOAD);
  });

  it("fails when the runtime answers but cannot reach the executor", async () => {
    const degraded = {
      ...HEALTH_EVENT_OK,
      status: "degraded",
      executor: {
        ...HEALTH_EVENT_OK.executor,
        httpStatus: null,
        error: "executor unreachable: fetch failed",
      },
    };
    mocks.data.on(InvokeAgentRuntimeCommand).resolves({
      statusCode: 200,
      response: Readable.from([Buffer.from(`data: ${JSON.stringify(degraded)}\n\n`)]),
    } as never);
    const r = await checkInvoke(account.ctx(), account.clients().data);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/cannot reach the executor: executor unreachable: fetch failed/);
    expect(r.fix).toMatch(/ALB security group admits port 80 from the runtime security group/);
  });

  it("reads the health event from an SSE line or plain JSON, and ignores anything else", () => {
    expect(healthEventOf(`data: ${JSON.stringify(HEALTH_EVENT_OK)}\n\n`)?.status).toBe("ok");
    expect(healthEventOf(JSON.stringify(HEALTH_EVENT_OK))?.status).toBe("ok");
    expect(healthEventOf('{"type":"start"}')).toBeUndefined();
    expect(healthEventOf("not json")).toBeUndefined();
  });

  it("explains a runtime whose container never became healthy", async () => {
    account.broken();
    const r = await checkInvoke(account.ctx(), account.clients().data);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/^RuntimeClientError after 61230 ms: Runtime health check failed or timed out/);
    expect(r.fix).toMatch(/never became healthy.*ECR, S3 and CloudWatch Logs.*arm64/);
  });

  it.each([
    ["AccessDeniedException", "User is not authorized", /bedrock-agentcore:InvokeAgentRuntime/],
    [
      "RuntimeClientError",
      "Runtime initialization time exceeded. Please make sure that initialization completes in 60s.",
      /within 60 s/,
    ],
    ["ThrottlingException", "Rate exceeded", /throttled/],
  ])("names the fix for %s", async (name, message, fix) => {
    mocks.data.on(InvokeAgentRuntimeCommand).rejects(account.awsError(name, message));
    const r = await checkInvoke(account.ctx(), account.clients().data);
    expect(r.status).toBe("fail");
    expect(r.fix).toMatch(fix);
  });

  it("skips without a runtimeArn output", async () => {
    const r = await checkInvoke(account.ctx({}), account.clients().data);
    expect(r.detail).toBe("skipped: output runtimeArn not in this stack yet");
  });
});

describe("formatAge", () => {
  it.each([
    [5_000, "5 s"],
    [180_000, "3 min"],
    [3 * 3_600_000, "3 h"],
    [5 * 86_400_000, "5 days"],
    [-10, "0 s"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
