import { loadConfig } from "./config.js";
import { jsonLogger, type LogLevel } from "./log.js";
import { createAgentServer } from "./server.js";

/** The container's entry point (`npm start`, the Dockerfile's CMD): port 8080, the AgentCore contract. */
const config = loadConfig();
const log = jsonLogger(config.logLevel as LogLevel).child({ component: "agent" });
const server = createAgentServer(config, { log });
const { url } = await server.listen();
log.info(
  {
    url,
    executorUrl: config.executorUrl,
    storage: config.localS3Dir ? `local directory ${config.localS3Dir}` : `s3://${config.dataBucket}`,
    models: config.scriptedModelPath ? `scripted: ${config.scriptedModelPath}` : config.models,
  },
  "agent ready",
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(
    { signal, running: server.runs.size },
    "shutting down: aborting runs and deleting executor sessions",
  );
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err: String(err) }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
