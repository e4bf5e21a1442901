import { loadConfig } from "./config/config";
import { buildServer } from "./server";

/** Entry point of the executor image: `node dist/main.js` (npm start -w executor). */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = buildServer(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info(
      { signal, graceSeconds: config.drainGraceSeconds },
      "draining: no new sessions or executions",
    );
    app
      .drain(config.drainGraceSeconds * 1000)
      .then(() => {
        app.log.info("drained; exiting");
        process.exit(0);
      })
      .catch((err: unknown) => {
        app.log.error({ err }, "error while draining");
        process.exit(1);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  console.error(`executor failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
