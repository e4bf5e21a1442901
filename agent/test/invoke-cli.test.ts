import { encodeSse, type EventInput } from "agentcore-vpc-platform-contract";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { runInvoke } from "../src/cli/run-invoke.js";
import { awsTarget, regionOfArn } from "../src/client/targets.js";
import { EventSealer } from "../src/events.js";

const ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/deep_insight_dev-Ab12Cd34Ef";
const SESSION = "cli-0f8c2a8e-7d4b-4c1e-9a53-2b1f0e6d7c88";
const RUN = "20261129T120000000Z-0a1b";
const RUN_PREFIX = `sessions/${SESSION}/runs/${RUN}/artifacts`;
const agentcore = mockClient(BedrockAgentCoreClient);
const s3 = mockClient(S3Client);

function sseStream(events: EventInput[]): Readable {
  const sealer = new EventSealer();
  // Split mid-event: the decoder must join chunks, as it does for a real network stream.
  const text = events.map((e) => encodeSse(sealer.seal(e))).join("");
  const cut = Math.floor(text.length / 2);
  return Readable.from([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]);
}

const DONE: EventInput = {
  type: "done",
  artifacts: [
    {
      path: "artifacts/report.md",
      size: 12,
      uri: `s3://data-bucket/${RUN_PREFIX}/report.md`,
    },
    {
      path: "artifacts/charts/category.png",
      size: 4,
      uri: `s3://data-bucket/${RUN_PREFIX}/charts/category.png`,
    },
  ],
  summary: "총 매출액은 93,776,810원입니다",
  verified: true,
  usage: {},
  durationMs: 2600,
};

let out: string;
let csv: string;
const io = {
  write: (text: string) => {
    out += text;
  },
};
const target = () =>
  awsTarget(
    { arn: ARN, bucket: "data-bucket", sessionId: SESSION },
    {
      agentcore: new BedrockAgentCoreClient({ region: "us-east-1" }),
      s3: new S3Client({ region: "us-east-1" }),
    },
  );

beforeEach(() => {
  agentcore.reset();
  s3.reset();
  out = "";
  const dir = mkdtempSync(path.join(os.tmpdir(), "invoke-cli-"));
  csv = path.join(dir, "sales.csv");
  writeFileSync(csv, "Date,Amount\n1/1/24,100\n");
});

describe("npm run invoke against a deployed runtime", () => {
  it("uploads the CSV, invokes with the session id and its S3 URI, renders the stream and downloads the artifacts", async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
      const body = Buffer.from(input.Key.endsWith(".md") ? "# 보고서\n총 매출" : "PNG!");
      return { Body: Readable.from([body]), ContentLength: body.length };
    });
    agentcore.on(InvokeAgentRuntimeCommand).resolves({
      response: sseStream([
        {
          type: "start",
          sessionId: SESSION,
          runId: RUN,
          requestId: "r1",
          language: "ko",
          dataUri: `s3://data-bucket/data/${SESSION}/sales.csv`,
        },
        { type: "artifact", path: "artifacts/report.md", size: 12 },
        DONE,
      ]) as never,
    });
    const outDir = mkdtempSync(path.join(os.tmpdir(), "invoke-out-"));

    const code = await runInvoke({ prompt: "총 매출액을 계산해줘", data: csv, outDir }, target(), io);

    expect(code).toBe(0);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: "data-bucket",
      Key: `data/${SESSION}/sales.csv`,
      ContentType: "text/csv",
    });
    const invoke = agentcore.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input;
    expect(invoke?.agentRuntimeArn).toBe(ARN);
    expect(invoke?.runtimeSessionId).toBe(SESSION);
    expect(invoke?.runtimeSessionId?.length).toBeGreaterThanOrEqual(33);
    expect(JSON.parse(new TextDecoder().decode(invoke?.payload as Uint8Array))).toEqual({
      prompt: "총 매출액을 계산해줘",
      data: { s3Uri: `s3://data-bucket/data/${SESSION}/sales.csv` },
    });
    expect(out).toContain(`▶ session ${SESSION} · run ${RUN} · language ko`);
    expect(out).toContain("■ done in 2.6 s · verified");
    // Each run downloads into its own folder: a second run of the session never overwrites the first.
    expect(readFileSync(path.join(outDir, RUN, "report.md"), "utf8")).toBe("# 보고서\n총 매출");
    expect(readFileSync(path.join(outDir, RUN, "charts", "category.png"), "utf8")).toBe("PNG!");
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      `${RUN_PREFIX}/report.md`,
      `${RUN_PREFIX}/charts/category.png`,
    ]);
  });

  it("passes an s3:// data URI through without uploading, and exits 1 on an error event", async () => {
    agentcore.on(InvokeAgentRuntimeCommand).resolves({
      response: sseStream([
        { type: "error", agent: "coder", stage: "coder", code: "MODEL_ERROR", message: "throttled" },
      ]) as never,
    });
    const code = await runInvoke(
      { prompt: "x", data: "s3://data-bucket/data/sales.csv", outDir: os.tmpdir() },
      target(),
      io,
    );
    expect(code).toBe(1);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(out).toContain("✘ MODEL_ERROR in coder: throttled");
  });

  it("exits 1 when the stream ends without done or error, and refuses a missing data file", async () => {
    agentcore.on(InvokeAgentRuntimeCommand).resolves({ response: sseStream([]) as never });
    expect(await runInvoke({ prompt: "x", outDir: os.tmpdir() }, target(), io)).toBe(1);
    expect(out).toContain("the stream ended without a done or error event");
    await expect(
      runInvoke({ prompt: "x", data: "/no/such.csv", outDir: os.tmpdir() }, target(), io),
    ).rejects.toThrow("--data /no/such.csv: no such file");
  });

  it("takes the region from the runtime ARN", () => {
    expect(regionOfArn(ARN)).toBe("us-east-1");
    expect(regionOfArn("arn:aws-cn:bedrock-agentcore:cn-north-1:123456789012:runtime/x")).toBe("cn-north-1");
    expect(regionOfArn("not-an-arn")).toBeUndefined();
  });
});
