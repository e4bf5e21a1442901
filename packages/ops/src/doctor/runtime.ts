/**
 * Checks on the AgentCore runtime itself: its status and version, its recent log lines, and (on request)
 * a real invocation round trip — READY does not mean the container ever started.
 */
import { InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import type { BedrockAgentCoreClient } from "@aws-sdk/client-bedrock-agentcore";
import { GetAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore-control";
import type { BedrockAgentCoreControlClient } from "@aws-sdk/client-bedrock-agentcore-control";
import { DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { PORTS, RUNTIME_ENV, agentEvent } from "agentcore-vpc-platform-contract";
import type { EventOf, HealthCheckPayload } from "agentcore-vpc-platform-contract";
import { errorName, errorText } from "../errors";
import { runtimeIdOf, skipIfMissing, stringOutput, textOutput } from "./outputs";
import type { CheckResult, DoctorContext } from "./types";

const up = (ctx: DoctorContext) => `npm run deploy -- ${ctx.stack} --up`;
const refresh = (ctx: DoctorContext) => `npm run deploy -- ${ctx.stack} --refresh`;

export async function checkRuntimeStatus(
  ctx: DoctorContext,
  control: BedrockAgentCoreControlClient,
): Promise<CheckResult> {
  const id = "runtime-status";
  const title = "Runtime status";
  const runtimeId = runtimeIdOf(ctx.outputs);
  if (!runtimeId) return skipIfMissing(id, title, ctx.outputs, ["runtimeId"]) as CheckResult;

  let rt;
  try {
    rt = await control.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtimeId }));
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") {
      return {
        id,
        title,
        status: "fail",
        detail: `runtime ${runtimeId} does not exist in ${ctx.region}`,
        fix: `it was deleted outside Pulumi: run \`${refresh(ctx)}\` to drop it from the state, then \`${up(ctx)}\` to recreate it`,
      };
    }
    throw err;
  }

  const name = `${rt.agentRuntimeName ?? runtimeId} (${runtimeId})`;
  const status = rt.status ?? "UNKNOWN";
  const version = rt.agentRuntimeVersion;
  if (status === "CREATING" || status === "UPDATING") {
    return {
      id,
      title,
      status: "warn",
      detail: `${name} is ${status}, version ${version ?? "?"}`,
      fix: "a change is rolling out: re-run doctor in a minute",
    };
  }
  if (status !== "READY") {
    const reason = rt.failureReason ? `: ${rt.failureReason}` : "";
    const azHint = /unsupported availability zones?/i.test(rt.failureReason ?? "")
      ? "choose supported AZ IDs (network.availabilityZoneIds; see the runtime-enis check), then "
      : "fix the cause above, then ";
    return {
      id,
      title,
      status: "fail",
      detail: `${name} is ${status}${reason}`,
      fix: `${azHint}run \`${up(ctx)}\` (it creates a new runtime version)`,
    };
  }

  const mode = rt.networkConfiguration?.networkMode;
  if (mode !== undefined && mode !== "VPC") {
    return {
      id,
      title,
      status: "fail",
      detail: `${name} is READY but in ${mode} network mode, not VPC`,
      fix: `the platform always creates VPC-mode runtimes: the runtime was changed outside Pulumi; run \`${up(ctx)}\``,
    };
  }

  const expected = textOutput(ctx.outputs, "runtimeVersion");
  if (expected !== undefined && version !== undefined && expected !== version) {
    return {
      id,
      title,
      status: "fail",
      detail: `${name} is READY at version ${version}, but the stack recorded version ${expected}`,
      fix: `the runtime was updated outside this stack: run \`${refresh(ctx)}\`, then \`${up(ctx)}\``,
    };
  }
  const match = expected !== undefined ? " (matches the stack)" : "";
  return { id, title, status: "pass", detail: `${name} is READY, version ${version ?? "?"}${match}` };
}

export function runtimeLogGroup(runtimeId: string): string {
  return `/aws/bedrock-agentcore/runtimes/${runtimeId}-DEFAULT`;
}

const LOG_LINES = 5;
const LOG_LINE_WIDTH = 160;

/**
 * The runtime's log group appears when the first session starts, so "no logs" is only a failure after an
 * invocation (`invoked`); before that it is a warning with the way to find out.
 */
export async function checkRuntimeLogs(
  ctx: DoctorContext,
  logs: CloudWatchLogsClient,
  invoked: boolean,
): Promise<CheckResult> {
  const id = "runtime-logs";
  const title = "Runtime logs";
  const runtimeId = runtimeIdOf(ctx.outputs);
  if (!runtimeId) return skipIfMissing(id, title, ctx.outputs, ["runtimeId"]) as CheckResult;
  const group = runtimeLogGroup(runtimeId);
  const noLogs = (what: string): CheckResult =>
    invoked
      ? {
          id,
          title,
          status: "fail",
          detail: `${what} after an invocation: the container never started or cannot ship logs`,
          fix: "the runtime's subnets must reach ECR (ecr.api, ecr.dkr), S3 (gateway) and CloudWatch Logs: see the vpc-endpoints check; the image must be linux/arm64",
        }
      : {
          id,
          title,
          status: "warn",
          detail: `${what}: normal before the first session`,
          fix: `run \`npm run doctor -- ${ctx.stack} --invoke\` to start one and check again`,
        };

  let stream: string | undefined;
  try {
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: group,
        orderBy: "LastEventTime",
        descending: true,
        limit: 1,
      }),
    );
    stream = streams.logStreams?.[0]?.logStreamName;
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") return noLogs(`log group ${group} does not exist`);
    throw err;
  }
  if (!stream) return noLogs(`log group ${group} has no streams`);

  const events = await logs.send(
    new GetLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      startFromHead: false,
      limit: LOG_LINES,
    }),
  );
  const lines = (events.events ?? [])
    .filter((e) => e.message !== undefined)
    .map((e) => `${e.timestamp ? new Date(e.timestamp).toISOString() : "?"}  ${oneLine(e.message ?? "")}`);
  if (lines.length === 0) return noLogs(`log stream ${stream} is empty`);
  const last = events.events?.[events.events.length - 1]?.timestamp;
  const age = last ? `, last line ${formatAge(ctx.now() - last)} ago` : "";
  return { id, title, status: "pass", detail: `${group} [${stream}]${age}`, lines };
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  return flat.length > LOG_LINE_WIDTH ? `${flat.slice(0, LOG_LINE_WIDTH - 1)}…` : flat;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/** What doctor sends with --invoke: the agent answers it without calling a model. */
export const HEALTH_PAYLOAD: HealthCheckPayload = { healthCheck: true };

const INVOKE_TIMEOUT_MS = 90_000;
const RESPONSE_PREVIEW = 120;

export async function checkInvoke(ctx: DoctorContext, data: BedrockAgentCoreClient): Promise<CheckResult> {
  const id = "invoke";
  const title = "Invoke round trip";
  const arn = stringOutput(ctx.outputs, "runtimeArn");
  if (!arn) return skipIfMissing(id, title, ctx.outputs, ["runtimeArn"]) as CheckResult;
  const sessionId = ctx.newSessionId();
  const started = ctx.now();
  try {
    const res = await data.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: arn,
        runtimeSessionId: sessionId,
        contentType: "application/json",
        accept: "application/json, text/event-stream",
        payload: new TextEncoder().encode(JSON.stringify(HEALTH_PAYLOAD)),
      }),
      { abortSignal: AbortSignal.timeout(INVOKE_TIMEOUT_MS) },
    );
    const first = await firstChunk(res.response);
    const elapsed = ctx.now() - started;
    const preview = oneLine(first).slice(0, RESPONSE_PREVIEW);
    const health = healthEventOf(first);
    if (health?.status === "degraded") {
      return {
        id,
        title,
        status: "fail",
        detail: `the runtime answered in ${elapsed} ms but cannot reach the executor: ${health.executor?.error ?? "no detail"}`,
        lines: [`response: ${preview}`],
        fix: `the runtime reaches the executor at ${RUNTIME_ENV.executorUrl} through the internal ALB: check the executor-target-health and executor-tasks results, and that the ALB security group admits port ${PORTS.albListener} from the runtime security group`,
      };
    }
    return {
      id,
      title,
      status: "pass",
      detail: `answered in ${elapsed} ms (status ${res.statusCode ?? 200}, session ${sessionId})`,
      lines: preview ? [`response: ${preview}`] : [],
    };
  } catch (err) {
    const elapsed = ctx.now() - started;
    const name = errorName(err);
    const message = oneLine(errorText(err));
    return {
      id,
      title,
      status: "fail",
      detail: `${name} after ${elapsed} ms: ${message}`,
      fix: invokeFix(name, message),
    };
  }
}

function invokeFix(name: string, message: string): string {
  if (/health check failed|timed out/i.test(message)) {
    return `the container never became healthy: the runtime's subnets must reach ECR, S3 and CloudWatch Logs (see vpc-endpoints), the image must be linux/arm64 and answer GET /ping on ${PORTS.agent}; read the runtime log group`;
  }
  if (/initialization time exceeded/i.test(message)) {
    return "the agent must answer /ping within 60 s of starting: move slow work out of startup";
  }
  if (name === "AccessDeniedException") {
    return "the caller needs bedrock-agentcore:InvokeAgentRuntime on this runtime";
  }
  if (name === "ThrottlingException" || name === "ServiceQuotaExceededException") {
    return "AgentCore throttled the call: wait and retry, or raise the session quota";
  }
  if (name === "TimeoutError" || name === "AbortError") {
    return `no answer within ${INVOKE_TIMEOUT_MS / 1000} s: check the runtime log group and the model endpoint (bedrock-runtime)`;
  }
  return "see the message above and the runtime log group";
}

/** The agent's `health` event in a response's first chunk (SSE `data:` line or plain JSON), if there is one. */
export function healthEventOf(text: string): EventOf<"health"> | undefined {
  const json = text.replace(/^\s*data:\s*/, "").split("\n")[0] ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const event = agentEvent.safeParse(parsed);
  return event.success && event.data.type === "health" ? event.data : undefined;
}

/** Reads only the first chunk of a streamed response (an SSE stream may run for minutes), then closes it. */
async function firstChunk(body: unknown): Promise<string> {
  if (body && typeof body === "object" && Symbol.asyncIterator in body) {
    const iterable = body as AsyncIterable<Uint8Array | string> & { destroy?: () => void };
    for await (const chunk of iterable) {
      iterable.destroy?.();
      return typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    }
    return "";
  }
  if (body && typeof body === "object" && "transformToString" in body) {
    return (body as { transformToString: () => Promise<string> }).transformToString();
  }
  return "";
}
