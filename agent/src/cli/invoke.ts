import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { PORTS } from "agentcore-vpc-platform-contract";
import { readStackOutputs } from "../client/stack-outputs.js";
import { awsTarget, localTarget, type Target } from "../client/targets.js";
import { resolveUserPath } from "../paths.js";
import { attachInvoke, cancelInvoke, type InvokeIo, runInvoke } from "./run-invoke.js";

const USAGE = `Usage:
  npm run invoke -- [--data <file.csv | s3://…>] [--language ko|en] [--out <dir>] "prompt"
  npm run invoke -- --attach <session id>         follow a run (live, or replayed from its log)
  npm run invoke -- --cancel <session id>         stop a running run

  Where the agent is (default: the local agent of npm run dev, ${`http://127.0.0.1:${PORTS.agent}`}):
  --url <url>            a local agent; AGENT_URL sets the default
  --local-s3 <dir>       its stand-in for S3 (default: AGENT_LOCAL_S3_DIR, else agent/.local-s3)
  --stack <name>         a deployed stack: its outputs (runtimeArn, dataBucketName) via \`pulumi stack output\`
                         (state in PULUMI_BACKEND_URL, by default the deploy driver's file://<repo>/.pulumi-state)
  --outputs-file <file>  the same outputs from \`pulumi stack output --json > file\` (no Pulumi CLI needed)
  --arn <arn> --bucket <name> [--region <r>]   or name the runtime and the data bucket directly

  --data <file|s3 uri>   a local CSV is uploaded to s3://<bucket>/data/<session id>/<name> first (multipart,
                         with a progress bar; files up to several GB)
  --session <id>         the session id (default: a new cli-<uuid>); a second run in a session gets its own
                         folder, and is refused with 409 while one is running
  --out <dir>            artifacts go to <dir>/<run id>/ (default downloads/<session id>)
  --cancel-on-exit       Ctrl-C cancels the run (default: Ctrl-C detaches and the run goes on)
  --verbose              print heartbeats and whole tool inputs and outputs

  Paths are taken from the folder you run npm in. With AGENT_SCRIPTED_MODEL set, the agent replays one
  recorded prompt on one dataset (npm run dev says which); any other prompt or data ends the run with that.`;

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
    session: { type: "string" },
    attach: { type: "string" },
    cancel: { type: "string" },
    "cancel-on-exit": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const prompt = positionals.join(" ").trim();
const mode = values.attach !== undefined ? "attach" : values.cancel !== undefined ? "cancel" : "run";
if (mode === "run" && !prompt) fail("a prompt is required");
if (mode !== "run" && prompt) fail(`--${mode} takes no prompt`);
const language = values.language;
if (language !== undefined && language !== "ko" && language !== "en") fail("--language must be ko or en");

function stackOutputs(): Record<string, unknown> {
  return readStackOutputs({
    ...(values["outputs-file"] ? { outputsFile: resolveUserPath(values["outputs-file"]) } : {}),
    ...(values.stack ? { stack: values.stack } : {}),
    repoRoot: REPO_ROOT,
  });
}

// A fresh AgentCore session by default (ids are 33+ characters).
const sessionId = values.attach ?? values.cancel ?? values.session ?? `cli-${randomUUID()}`;
const deployed =
  values.stack !== undefined || values["outputs-file"] !== undefined || values.arn !== undefined;
let target: Target;
if (!deployed) {
  const localS3 = values["local-s3"] ?? process.env.AGENT_LOCAL_S3_DIR;
  target = localTarget({
    url: values.url ?? process.env.AGENT_URL ?? `http://127.0.0.1:${PORTS.agent}`,
    localS3: localS3 ? resolveUserPath(localS3) : path.join(AGENT_DIR, ".local-s3"),
    sessionId,
  });
} else {
  const outputs = stackOutputs();
  const arn = values.arn ?? (outputs.runtimeArn as string | undefined);
  if (!arn) fail("no runtime: give --stack, --outputs-file or --arn");
  const bucket = values.bucket ?? (outputs.dataBucketName as string | undefined);
  target = awsTarget({ arn, bucket, sessionId, ...(values.region ? { region: values.region } : {}) });
}

const interrupt = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  // The first Ctrl-C detaches (or cancels, with --cancel-on-exit); a second one leaves at once.
  if (++interrupts > 1) process.exit(130);
  interrupt.abort();
});
const io: InvokeIo = {
  write: (text) => void process.stdout.write(text),
  tty: process.stdout.isTTY === true,
  interrupt: interrupt.signal,
};
const follow = {
  outDir: resolveUserPath(values.out ?? path.join("downloads", sessionId)),
  verbose: values.verbose,
  cancelOnExit: values["cancel-on-exit"],
};

try {
  const code =
    mode === "attach"
      ? await attachInvoke(target, io, follow)
      : mode === "cancel"
        ? await cancelInvoke(target, io)
        : await runInvoke(
            {
              prompt,
              ...(values.data
                ? { data: values.data.startsWith("s3://") ? values.data : resolveUserPath(values.data) }
                : {}),
              ...(language ? { language } : {}),
              ...follow,
            },
            target,
            io,
          );
  process.exit(code);
} catch (err) {
  const unreachable = (err as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
  const where = values.url ?? process.env.AGENT_URL ?? `http://127.0.0.1:${PORTS.agent}`;
  console.error(
    unreachable && !deployed
      ? `invoke failed: no agent answers at ${where}: start it with npm run dev`
      : `invoke failed: ${(err as Error).message}`,
  );
  process.exit(1);
}
