import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { PORTS } from "agentcore-vpc-platform-contract";
import { isAlive, npmAncestry } from "./local/ancestors.js";
import { EXECUTOR_MAIN } from "./local/executor-process.js";
import { salesCsv } from "./local/sample-data.js";
import { Supervisor } from "./local/supervisor.js";
import { resolveUserPath } from "./paths.js";
import { loadScript, scriptScope } from "./workflow/scripted-model.js";

const USAGE = `Usage: [AGENT_SCRIPTED_MODEL=<file>] npm run dev

Runs the executor (127.0.0.1:${PORTS.localExecutor}) and the agent (127.0.0.1:${PORTS.agent}) on this machine, with
agent/.local-s3 standing in for the data bucket (seeded with the sales dataset at s3://local/data/sales.csv).
Ctrl-C (or SIGTERM, SIGHUP) stops both; a dead executor is reported and restarted.

  AGENT_SCRIPTED_MODEL=<file>  replay a recorded run instead of calling Bedrock. A scripted model replays one
                               prompt on one dataset (agent/scripted/sales-ko.json: the Korean sales request on
                               sales.csv); any other prompt or data ends the run saying so.
  PORT, EXECUTOR_PORT          move the agent and the executor
  EXECUTOR_URL                 use an executor that is already running instead of starting one
  AGENT_LOCAL_S3_DIR           another folder for the S3 stand-in
Without AGENT_SCRIPTED_MODEL the agent calls Bedrock with your AWS credentials. Paths are taken from the
folder you run npm in.`;

/**
 * `npm run dev`: a supervisor of two processes, the real executor and the agent, loopback only. Each child
 * ends when the supervisor ends (see local/exit-with-parent.mjs), and the supervisor ends when the `npm run`
 * that started it does, so no process outlives the command the user ran.
 */
const { values } = parseArgs({ options: { help: { type: "boolean", short: "h", default: false } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const AGENT_DIR = fileURLToPath(new URL("../", import.meta.url));
const REPO = path.resolve(AGENT_DIR, "..");
const say = (line: string) => console.log(line);

const env: NodeJS.ProcessEnv = { ...process.env };
env.HOST ??= "127.0.0.1";
env.PORT ??= String(PORTS.agent);
env.LOG_LEVEL ??= "warn";
env.AGENT_LOCAL_S3_DIR = env.AGENT_LOCAL_S3_DIR
  ? resolveUserPath(env.AGENT_LOCAL_S3_DIR)
  : path.join(AGENT_DIR, ".local-s3");
const executorPort = Number(env.EXECUTOR_PORT ?? PORTS.localExecutor);

// The scripted model is checked before anything starts: a wrong path fails here, not at the first run.
let scope: string | undefined;
if (env.AGENT_SCRIPTED_MODEL) {
  const file = resolveUserPath(env.AGENT_SCRIPTED_MODEL);
  if (!existsSync(file)) {
    console.error(`AGENT_SCRIPTED_MODEL=${env.AGENT_SCRIPTED_MODEL}: no such file (looked for ${file})`);
    process.exit(2);
  }
  try {
    scope = scriptScope(loadScript(file));
  } catch (err) {
    console.error(`AGENT_SCRIPTED_MODEL=${env.AGENT_SCRIPTED_MODEL}: ${(err as Error).message}`);
    process.exit(2);
  }
  env.AGENT_SCRIPTED_MODEL = file; // the children run elsewhere: hand them an absolute path
}

// Seed the stand-in bucket with the sales dataset.
const salesFile = path.join(env.AGENT_LOCAL_S3_DIR, "local", "data", "sales.csv");
if (!existsSync(salesFile)) {
  mkdirSync(path.dirname(salesFile), { recursive: true });
  writeFileSync(salesFile, await salesCsv());
}

let stopping = false;
const supervisor = new Supervisor(say, (reason) => void stop(reason, 1));
async function stop(reason: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`stopping (${reason}) …`);
  await supervisor.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal));

const responds = (url: string) => () =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );

try {
  if (!env.EXECUTOR_URL) {
    if (!existsSync(EXECUTOR_MAIN)) {
      say("the executor is not built; running npm run build -w executor …");
      const build = spawnSync("npm", ["run", "build", "-w", "executor"], { cwd: REPO, stdio: "inherit" });
      if (build.status !== 0) process.exit(build.status ?? 1);
    }
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    env.EXECUTOR_URL = `http://127.0.0.1:${executorPort}`;
    await supervisor.start({
      name: "executor",
      args: [EXECUTOR_MAIN],
      env: {
        ...env,
        PORT: String(executorPort),
        HOST: "127.0.0.1",
        EXECUTOR_PYTHON: env.EXECUTOR_PYTHON ?? python,
        LOG_LEVEL: env.EXECUTOR_LOG_LEVEL ?? "warn",
      },
      ready: responds(`${env.EXECUTOR_URL}/health`),
      restart: true,
    });
  }
  const agentUrl = `http://${env.HOST}:${env.PORT}`;
  await supervisor.start({
    name: "agent",
    args: ["--import", "tsx", path.join(AGENT_DIR, "src", "main.ts")],
    cwd: AGENT_DIR,
    env,
    ready: responds(`${agentUrl}/ping`),
    restart: false,
  });
  const prompt = "총 매출액을 계산하고, 카테고리별 매출 비중도 함께 보여줘. pdf 보고서 생성해줘";
  say(`
agent     ${agentUrl} (pid ${supervisor.pid("agent")})
executor  ${env.EXECUTOR_URL}${supervisor.pid("executor") ? ` (pid ${supervisor.pid("executor")})` : " (already running)"}
S3        ${env.AGENT_LOCAL_S3_DIR} stands in for the data bucket
model     ${scope ? `scripted: ${env.AGENT_SCRIPTED_MODEL}\n          ${scope}` : "Bedrock (your AWS credentials)"}

In another terminal, from the repository root:
  npm run invoke -- --data s3://local/data/sales.csv "${prompt}"
Ctrl-C stops both processes.`);
} catch (err) {
  say(`✘ ${(err as Error).message}`);
  await stop("start-up failed", 1);
}

// The user's `npm run dev` is several processes above us; when any of them is gone (killed by pid, even with
// SIGKILL), stop too.
const ancestry = npmAncestry(process.ppid);
if (ancestry.length) {
  setInterval(() => {
    const gone = ancestry.find((p) => !isAlive(p.pid));
    if (gone) void stop(`its parent ${gone.pid} (${gone.command.slice(0, 40)}) is gone`);
  }, 1000).unref();
}
