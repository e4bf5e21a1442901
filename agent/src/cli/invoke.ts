import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { runInvoke } from "./run-invoke.js";
import { awsTarget, localTarget, type Target } from "./targets.js";

const USAGE = `Usage:
  npm run invoke -- --stack <name> [--data <file.csv | s3://…>] [--language ko|en] [--out <dir>] "prompt"
  npm run invoke -- --url http://127.0.0.1:8080 [--data <file.csv | s3://…>] [--out <dir>] "prompt"

  --stack <name>         a deployed stack: its outputs (runtimeArn, dataBucketName) via \`pulumi stack output\`
                         (state in PULUMI_BACKEND_URL, by default the deploy driver's file://<repo>/.pulumi-state)
  --outputs-file <file>  the same outputs from \`pulumi stack output --json > file\` (no Pulumi CLI needed)
  --arn <arn> --bucket <name> [--region <r>]   or name the runtime and the data bucket directly
  --url <url>            local mode (npm run dev): POST /invocations, the S3 stand-in is --local-s3
  --local-s3 <dir>       the local stand-in directory (default agent/.local-s3)
  --data <file|s3 uri>   a local CSV is uploaded to s3://<bucket>/data/<session id>/<name> first
  --verbose              also print heartbeats`;

const AGENT_DIR = fileURLToPath(new URL("../../", import.meta.url));
const REPO_ROOT = path.resolve(AGENT_DIR, "..");

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
const language = values.language;
if (language !== undefined && language !== "ko" && language !== "en") fail("--language must be ko or en");

function stackOutputs(): Record<string, unknown> {
  if (values["outputs-file"])
    return JSON.parse(readFileSync(values["outputs-file"], "utf8")) as Record<string, unknown>;
  if (!values.stack) return {};
  const backend = process.env.PULUMI_BACKEND_URL ?? `file://${path.join(REPO_ROOT, ".pulumi-state")}`;
  const text = execFileSync(
    "pulumi",
    ["stack", "output", "--json", "--show-secrets", "--stack", values.stack],
    {
      encoding: "utf8",
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_BACKEND_URL: backend },
    },
  );
  return JSON.parse(text) as Record<string, unknown>;
}

const sessionId = `cli-${randomUUID()}`; // a fresh AgentCore session (ids are 33+ characters)
let target: Target;
if (values.url) {
  target = localTarget({
    url: values.url,
    localS3: path.resolve(values["local-s3"] ?? path.join(AGENT_DIR, ".local-s3")),
    sessionId,
  });
} else {
  const outputs = stackOutputs();
  const arn = values.arn ?? (outputs.runtimeArn as string | undefined);
  if (!arn) fail("no runtime: give --stack, --outputs-file or --arn");
  const bucket = values.bucket ?? (outputs.dataBucketName as string | undefined);
  target = awsTarget({ arn, bucket, sessionId, ...(values.region ? { region: values.region } : {}) });
}

try {
  const code = await runInvoke(
    {
      prompt,
      ...(values.data ? { data: values.data } : {}),
      ...(language ? { language } : {}),
      outDir: path.resolve(values.out ?? path.join("downloads", sessionId)),
      verbose: values.verbose,
    },
    target,
    (text) => process.stdout.write(text),
  );
  process.exit(code);
} catch (err) {
  console.error(`invoke failed: ${(err as Error).message}`);
  process.exit(1);
}
