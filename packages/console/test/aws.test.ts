import { runKeys } from "agentcore-vpc-platform-contract";
import { Readable } from "node:stream";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsBackend } from "../src/backend.js";
import { newToken } from "../src/security.js";
import { createConsoleServer, listen } from "../src/server.js";
import { freePort } from "./ports.js";

/**
 * The console against a deployed stack, tested with SDK-level fakes (aws-sdk-client-mock): no AWS account
 * here. They check the requests the console makes with the user's credentials (runtime ARN, session id,
 * payload, bucket keys, multipart upload) and how it reads the answers.
 */
const ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/deep_insight_dev-Ab12Cd34Ef";
const BUCKET = "deep-insight-dev-data-123456789012";
const RUN = "20261129T120000000Z-0a1b";
const agentcore = mockClient(BedrockAgentCoreClient);
const s3 = mockClient(S3Client);
let base: string;
let token: string;
let close: () => Promise<void>;

const sse = (...events: object[]) =>
  Readable.from([Buffer.from(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(""))]);
const ts = "2026-11-29T12:00:00.000Z";

beforeAll(async () => {
  token = newToken();
  const port = await freePort();
  const backend = awsBackend(
    { arn: ARN, bucket: BUCKET, label: "stack dev" },
    {
      agentcore: new BedrockAgentCoreClient({ region: "us-east-1" }),
      s3: new S3Client({ region: "us-east-1" }),
    },
  );
  const app = createConsoleServer({ backend, token, port });
  await listen(app, port, token);
  base = `http://127.0.0.1:${port}`;
  close = () => app.close();
});
afterAll(() => close());
beforeEach(() => {
  agentcore.reset();
  s3.reset();
});

const api = (route: string, init: RequestInit = {}) =>
  fetch(base + route, {
    ...init,
    headers: { "x-console-token": token, ...(init.headers as Record<string, string>) },
  });

describe("the console against a deployed stack (SDK-level fakes)", () => {
  it("says which stack it drives", async () => {
    expect(await (await api("/api/info")).json()).toEqual({ mode: "aws", label: "stack dev" });
  });

  it("uploads a large CSV to data/<session>/ with S3 multipart upload, streaming", async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "up-1" });
    s3.on(UploadPartCommand).callsFake(async (input: { PartNumber: number }) => ({
      ETag: `"etag-${input.PartNumber}"`,
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const body = Buffer.alloc(20 * 1024 * 1024, "a,1\n"); // more than one 16 MiB part
    const res = await api("/api/inputs?name=big.csv", {
      method: "POST",
      body,
      headers: { "content-type": "text/csv" },
    });
    expect(res.status).toBe(201);
    const { sessionId, dataUri, size } = (await res.json()) as {
      sessionId: string;
      dataUri: string;
      size: number;
    };
    expect(size).toBe(body.length);
    const key = runKeys.input(sessionId, "big.csv");
    expect(dataUri).toBe(`s3://${BUCKET}/${key}`);
    expect(key.startsWith("data/")).toBe(true);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: key,
      ContentType: "text/csv",
    });
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => p.PartNumber)).toEqual([1, 2]);
    expect(
      s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload?.Parts,
    ).toHaveLength(2);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("starts a run through InvokeAgentRuntime with the session id and the uploaded data", async () => {
    const sessionId = "console-0f8c2a8e-7d4b-4c1e-9a53-2b1f0e6d7c88";
    agentcore.on(InvokeAgentRuntimeCommand).resolves({
      response: sse({
        type: "start",
        seq: 0,
        ts,
        sessionId,
        runId: RUN,
        requestId: "r",
        language: "ko",
      }) as never,
    });
    const res = await api("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        prompt: "총 매출",
        sessionId,
        dataUri: `s3://${BUCKET}/data/${sessionId}/sales.csv`,
      }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sessionId, runId: RUN });
    const input = agentcore.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      agentRuntimeArn: ARN,
      runtimeSessionId: sessionId,
      accept: "text/event-stream",
    });
    expect(JSON.parse(new TextDecoder().decode(input?.payload as Uint8Array))).toEqual({
      prompt: "총 매출",
      data: { s3Uri: `s3://${BUCKET}/data/${sessionId}/sales.csv` },
    });
  });

  it("follows a run by invoking attach, and lists past runs from the bucket", async () => {
    const sessionId = "console-run-in-s3-0000000000000000000000000000";
    agentcore.on(InvokeAgentRuntimeCommand).resolves({
      response: sse(
        { type: "start", seq: 0, ts, sessionId, runId: RUN, requestId: "r", language: "en" },
        {
          type: "heartbeat",
          seq: 1,
          ts,
          elapsedMs: 10000,
          agent: "coder",
          activity: "waiting for the model",
        },
      ) as never,
    });
    const events = await (await api(`/api/runs/${sessionId}/events`)).text();
    expect(events).toContain('"activity":"waiting for the model"');
    const payload = agentcore.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input.payload as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ attach: true });

    s3.on(ListObjectsV2Command, { Prefix: "sessions/", Delimiter: "/" }).resolves({
      CommonPrefixes: [{ Prefix: `sessions/${sessionId}/` }],
    });
    s3.on(ListObjectsV2Command, { Prefix: `sessions/${sessionId}/runs/`, Delimiter: "/" }).resolves({
      CommonPrefixes: [{ Prefix: `sessions/${sessionId}/runs/${RUN}/` }],
    });
    const record = {
      sessionId,
      runId: RUN,
      prompt: "p",
      language: "en",
      status: "running",
      startedAt: ts,
      artifacts: [],
    };
    s3.on(GetObjectCommand, { Key: runKeys.record(sessionId, RUN) }).resolves({
      Body: Readable.from([Buffer.from(JSON.stringify(record))]) as never,
    });
    const { runs } = (await (await api("/api/runs")).json()) as { runs: unknown[] };
    expect(runs).toEqual([record]);
    expect(s3.commandCalls(ListObjectsV2Command).every((c) => c.args[0].input.Bucket === BUCKET)).toBe(true);
  });

  it("serves a report from the bucket by a ticketed link", async () => {
    const sessionId = "console-dl-000000000000000000000000000000000";
    const prefix = runKeys.artifactsPrefix(sessionId, RUN);
    s3.on(ListObjectsV2Command, { Prefix: prefix }).resolves({
      Contents: [{ Key: `${prefix}report.docx`, Size: 4 }],
    });
    s3.on(GetObjectCommand, { Key: `${prefix}report.docx` }).resolves({
      Body: Readable.from([Buffer.from("PK..")]) as never,
      ContentLength: 4,
    });
    const { files } = (await (await api(`/api/runs/${sessionId}/${RUN}/artifacts`)).json()) as {
      files: { path: string; url: string }[];
    };
    expect(files.map((f) => f.path)).toEqual(["report.docx"]);
    const res = await fetch(`${base}${files[0]?.url}&download=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(await res.text()).toBe("PK..");
  });
});
