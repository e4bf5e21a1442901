import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PORTS } from "agentcore-vpc-platform-contract";
import { loadConfig } from "./config.js";
import { EXECUTOR_MAIN, startExecutorProcess } from "./local/executor-process.js";
import { jsonLogger, type LogLevel } from "./log.js";
import { createAgentServer } from "./server.js";

/**
 * Local mode (`npm run dev`): the real executor and the agent on this machine, loopback only. No bucket is
 * needed: a local directory stands in for S3 (agent/.local-s3/<bucket>/<key>), seeded with the generated sales
 * dataset at s3://local/data/sales.csv. Set AGENT_SCRIPTED_MODEL=agent/scripted/sales-ko.json to run without
 * Bedrock. EXECUTOR_URL skips starting an executor (use one already running).
 */
const AGENT_DIR = fileURLToPath(new URL("../", import.meta.url));
const REPO = path.resolve(AGENT_DIR, "..");

const env = { ...process.env };
env.HOST ??= "127.0.0.1";
env.AGENT_LOCAL_S3_DIR ??= path.join(AGENT_DIR, ".local-s3");
const executorPort = Number(env.EXECUTOR_PORT ?? PORTS.localExecutor);

let executor: Awaited<ReturnType<typeof startExecutorProcess>> | undefined;
if (!env.EXECUTOR_URL) {
  if (!existsSync(EXECUTOR_MAIN)) {
    console.log("executor is not built; running npm run build -w executor …");
    const build = spawnSync("npm", ["run", "build", "-w", "executor"], { cwd: REPO, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  executor = await startExecutorProcess({ port: executorPort });
  env.EXECUTOR_URL = executor.url;
}

const config = loadConfig(env);
const log = jsonLogger(config.logLevel as LogLevel).child({ component: "agent" });

// Seed the stand-in bucket with the test dataset (the generator lives in the executor package).
const salesFile = path.join(config.localS3Dir ?? "", config.dataBucket, "data", "sales.csv");
if (config.localS3Dir && !existsSync(salesFile)) {
  try {
    // A variable specifier: the agent image is built without the executor package, so tsc must not resolve it.
    const executorPackage = "executor";
    const mod = (await import(executorPackage)) as {
      salesCsv?: () => string;
      default?: { salesCsv: () => string };
    };
    const salesCsv = mod.salesCsv ?? mod.default?.salesCsv;
    if (salesCsv) {
      mkdirSync(path.dirname(salesFile), { recursive: true });
      writeFileSync(salesFile, salesCsv());
    }
  } catch (err) {
    log.warn({ err: String(err) }, "could not seed the sales dataset");
  }
}

const server = createAgentServer(config, { log });
const { url } = await server.listen();
const dataUri = `s3://${config.dataBucket}/data/sales.csv`;
console.log(`
agent    ${url}   (executor ${config.executorUrl}; S3 stand-in ${config.localS3Dir ?? "none: real S3"})
model    ${config.scriptedModelPath ? `scripted: ${config.scriptedModelPath}` : `Bedrock (${config.models.coder})`}

curl -N ${url}/invocations -H 'content-type: application/json' -H 'accept: text/event-stream' \\
  -H 'x-amzn-bedrock-agentcore-runtime-session-id: dev-session-0123456789abcdef0123456789' \\
  -d '{"prompt":"총 매출액을 계산하고, 카테고리별 매출 비중도 함께 보여줘. pdf 보고서 생성해줘","data":{"s3Uri":"${dataUri}"}}'

npm run invoke -- --url ${url} --data ${dataUri} "총 매출액을 계산하고, 카테고리별 매출 비중도 함께 보여줘. pdf 보고서 생성해줘"
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => undefined);
  await executor?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
