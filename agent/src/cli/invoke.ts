import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SseDecoder, type AgentEvent, type ArtifactRef } from "../events.js";
import { renderEvent } from "./render.js";

const USAGE = `Usage:
  npm run invoke -- --stack <name> [--data <file.csv | s3://…>] [--language ko|en] [--out <dir>] "prompt"
  npm run invoke -- --url http://127.0.0.1:8080 [--data <file.csv | s3://…>] [--out <dir>] "prompt"

  --stack <name>         a deployed stack: its outputs (runtimeArn, dataBucketName) via \`pulumi stack output\`
  --outputs-file <file>  the same outputs from \`pulumi stack output --json > file\` (no Pulumi CLI needed)
  --arn <arn> --bucket <name> [--region <r>]   or name the runtime and the data bucket directly
  --url <url>            local mode (npm run dev): POST /invocations, the S3 stand-in is --local-s3
  --local-s3 <dir>       the local stand-in directory (default agent/.local-s3)
  --data <file|s3 uri>   a local CSV is uploaded to s3://<bucket>/data/<session id>/<name> first
  --verbose              also print heartbeats`;

const AGENT_DIR = fileURLToPath(new URL("../../", import.meta.url));

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stack: { type: "string" },
    "outputs-file": { type: "string" },
    arn: { type: "string" },
    bucket: { type: "string" },
    region: { type: "string" },
    url: { type: "string" },
    "local-s3": { type: "string" },
    data: { type: "string" },
    language: { type: "string" },
    out: { type: "string" },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const prompt = positionals.join(" ").trim();
if (!prompt) fail("a prompt is required");
if (values.language && values.language !== "ko" && values.language !== "en")
  fail("--language must be ko or en");

const sessionId = `cli-${randomUUID()}`; // a fresh AgentCore session (ids are 33+ characters)
const outDir = path.resolve(values.out ?? path.join("downloads", sessionId));

interface Target {
  events(payload: Uint8Array): Promise<AsyncIterable<Uint8Array>>;
  upload(file: string): Promise<string>;
  download(artifact: ArtifactRef, to: string): Promise<void>;
}

function stackOutputs(): Record<string, unknown> {
  if (values["outputs-file"])
    return JSON.parse(readFileSync(values["outputs-file"], "utf8")) as Record<string, unknown>;
  if (!values.stack) return {};
  const text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", values.stack], {
    encoding: "utf8",
  });
  return JSON.parse(text) as Record<string, unknown>;
}

function awsTarget(): Target {
  const outputs = stackOutputs();
  const arn = values.arn ?? (outputs.runtimeArn as string | undefined);
  const bucket = values.bucket ?? (outputs.dataBucketName as string | undefined);
  if (!arn) fail("no runtime: give --stack, --outputs-file or --arn");
  const region =
    values.region ?? /^arn:aws[\w-]*:bedrock-agentcore:([\w-]+):/.exec(arn)?.[1] ?? process.env.AWS_REGION;
  const agentcore = new BedrockAgentCoreClient({ ...(region ? { region } : {}) });
  const s3 = new S3Client({ ...(region ? { region } : {}) });
  return {
    async events(payload) {
      const res = await agentcore.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: arn,
          runtimeSessionId: sessionId,
          payload,
          contentType: "application/json",
          accept: "text/event-stream",
        }),
      );
      if (!res.response) throw new Error("InvokeAgentRuntime returned no response stream");
      return res.response as AsyncIterable<Uint8Array>;
    },
    async upload(file) {
      if (!bucket) fail("no data bucket: give --stack, --outputs-file or --bucket");
      const key = `data/${sessionId}/${path.basename(file)}`;
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file), ContentType: "text/csv" }),
      );
      return `s3://${bucket}/${key}`;
    },
    async download(artifact, to) {
      const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(artifact.uri);
      if (!m) throw new Error(`not an s3 uri: ${artifact.uri}`);
      const res = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
      writeFileSync(
        to,
        await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
    },
  };
}

function localTarget(url: string): Target {
  const root = path.resolve(values["local-s3"] ?? path.join(AGENT_DIR, ".local-s3"));
  const local = (uri: string) => path.join(root, ...uri.replace(/^s3:\/\//, "").split("/"));
  return {
    async events(payload) {
      const res = await fetch(`${url.replace(/\/+$/, "")}/invocations`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          "x-amzn-bedrock-agentcore-runtime-session-id": sessionId,
        },
        body: payload,
      });
      if (!res.ok || !res.body) throw new Error(`invoke failed: ${res.status} ${await res.text()}`);
      return res.body as unknown as AsyncIterable<Uint8Array>;
    },
    async upload(file) {
      const uri = `s3://local/data/${sessionId}/${path.basename(file)}`;
      mkdirSync(path.dirname(local(uri)), { recursive: true });
      copyFileSync(file, local(uri));
      return uri;
    },
    async download(artifact, to) {
      copyFileSync(local(artifact.uri), to);
    },
  };
}

const target = values.url ? localTarget(values.url) : awsTarget();
let dataUri: string | undefined;
if (values.data) {
  if (values.data.startsWith("s3://")) dataUri = values.data;
  else if (existsSync(values.data)) dataUri = await target.upload(values.data);
  else fail(`--data ${values.data}: no such file`);
  console.log(`data: ${dataUri}`);
}

const payload = {
  prompt,
  ...(dataUri ? { data: { s3Uri: dataUri } } : {}),
  ...(values.language ? { language: values.language } : {}),
};
const stream = await target.events(new TextEncoder().encode(JSON.stringify(payload)));
const decoder = new SseDecoder();
const text = new TextDecoder();
let final: AgentEvent | undefined;
for await (const chunk of stream) {
  for (const event of decoder.push(
    typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }),
  )) {
    process.stdout.write(renderEvent(event, values.verbose));
    if (event.type === "done" || event.type === "error") final = event;
  }
}

if (final?.type === "done" && final.artifacts.length) {
  mkdirSync(outDir, { recursive: true });
  for (const artifact of final.artifacts) {
    const to = path.join(outDir, artifact.path.replace(/^artifacts\//, ""));
    mkdirSync(path.dirname(to), { recursive: true });
    await target.download(artifact, to);
  }
  console.log(`\nartifacts downloaded to ${outDir}`);
}
process.exit(final?.type === "done" ? 0 : 1);
