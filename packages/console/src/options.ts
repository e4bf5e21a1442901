import { PORTS } from "agentcore-vpc-platform-contract";
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run console [-- options]

Serves the web console on http://127.0.0.1:<port>/ (a per-launch token is in the URL it prints).

  --port <n>             the port (default ${PORTS.console})
  Where the agent is (default: the local agent of npm run dev):
  --agent-url <url>      a local agent (default AGENT_URL, else http://127.0.0.1:${PORTS.agent})
  --local-s3 <dir>       its stand-in for S3 (default AGENT_LOCAL_S3_DIR, else agent/.local-s3)
  --stack <name>         a deployed stack: its outputs via the Pulumi CLI; AWS calls use your credentials,
                         server-side (the browser never sees them)
  --outputs-file <file>  the same outputs from \`pulumi stack output --json > file\`
  --arn <arn> --bucket <name> [--region <r>]   or name the runtime and the data bucket directly`;

/** The console's command line, normalised: where it listens and which agent it drives. */
export interface ConsoleOptions {
  /** @default PORTS.console */
  port: number;
  target:
    | { mode: "local"; agentUrl: string; localS3: string | undefined }
    | {
        mode: "aws";
        stack: string | undefined;
        outputsFile: string | undefined;
        arn: string | undefined;
        bucket: string | undefined;
        region: string | undefined;
      };
  help: boolean;
}

export class OptionsError extends Error {
  override name = "OptionsError";
}

/** Parses the command line; an unknown option or a bad port throws OptionsError. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ConsoleOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        "agent-url": { type: "string" },
        "local-s3": { type: "string" },
        stack: { type: "string" },
        "outputs-file": { type: "string" },
        arn: { type: "string" },
        bucket: { type: "string" },
        region: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new OptionsError((err as Error).message);
  }
  const v = parsed.values;
  const port = v.port === undefined ? PORTS.console : Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new OptionsError(`--port must be 1-65535, got ${v.port}`);
  const deployed = v.stack !== undefined || v["outputs-file"] !== undefined || v.arn !== undefined;
  if (deployed && (v["agent-url"] !== undefined || v["local-s3"] !== undefined))
    throw new OptionsError(
      "--agent-url and --local-s3 are for a local agent; --stack, --outputs-file and --arn for a deployed one",
    );
  return {
    port,
    help: v.help ?? false,
    target: deployed
      ? {
          mode: "aws",
          stack: v.stack,
          outputsFile: v["outputs-file"],
          arn: v.arn,
          bucket: v.bucket,
          region: v.region,
        }
      : {
          mode: "local",
          agentUrl: v["agent-url"] ?? env.AGENT_URL ?? `http://127.0.0.1:${PORTS.agent}`,
          localS3: v["local-s3"] ?? env.AGENT_LOCAL_S3_DIR,
        },
  };
}
