import path from "node:path";
import { fileURLToPath } from "node:url";
import { readStackOutputs } from "agent/client";
import { awsBackend, type Backend, localBackend } from "./backend.js";
import { OptionsError, parseOptions, USAGE } from "./options.js";
import { newToken } from "./security.js";
import { createConsoleServer, listen } from "./server.js";

/** `npm run console`: the web console on 127.0.0.1, against the local agent or a deployed stack. */
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const fromUser = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof OptionsError)) throw err;
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

let backend: Backend;
const t = options.target;
if (t.mode === "local") {
  backend = localBackend({
    agentUrl: t.agentUrl,
    localS3: t.localS3 ? fromUser(t.localS3) : path.join(REPO, "agent", ".local-s3"),
  });
} else {
  const outputs = readStackOutputs({
    ...(t.outputsFile ? { outputsFile: fromUser(t.outputsFile) } : {}),
    ...(t.stack ? { stack: t.stack } : {}),
    repoRoot: REPO,
  });
  const arn = t.arn ?? (outputs.runtimeArn as string | undefined);
  const bucket = t.bucket ?? (outputs.dataBucketName as string | undefined);
  if (!arn || !bucket) {
    console.error("no runtime or data bucket: give --stack, --outputs-file, or --arn and --bucket");
    process.exit(2);
  }
  backend = awsBackend({
    arn,
    bucket,
    ...(t.region ? { region: t.region } : {}),
    label: t.stack ? `stack ${t.stack}` : `runtime ${arn}`,
  });
}

const token = newToken();
const app = createConsoleServer({ backend, token, port: options.port });
try {
  const { url } = await listen(app, options.port, token);
  console.log(
    `console for ${backend.label}\n\n  ${url}\n\nOpen that URL (it carries this launch's token). Ctrl-C stops the console.`,
  );
} catch (err) {
  console.error(`the console could not listen on 127.0.0.1:${options.port}: ${(err as Error).message}`);
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void app.close().then(() => process.exit(0)));
}
