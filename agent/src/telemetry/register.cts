/**
 * The image's preload (`NODE_OPTIONS=--require ./dist/telemetry/register.cjs`, CommonJS so it runs before the
 * ESM app loads). It loads the AWS Distro for OpenTelemetry exactly as AWS's own AgentCore TypeScript images
 * do (`@aws/aws-distro-opentelemetry-node-autoinstrumentation/register`), but only when the runtime asks for
 * traces (AGENT_OBSERVABILITY_ENABLED=true, which the platform sets in deployed stacks): ADOT's register
 * starts its SDK whatever the environment says, and with traces off that is an exporter retrying a collector
 * that is not there and resource detectors probing instance metadata.
 */
import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";

/** The module the preload loads when traces are on. */
export const ADOT_REGISTER = "@aws/aws-distro-opentelemetry-node-autoinstrumentation/register";

/** Whether the environment asks for traces; ADOT reads the same variable the same way. */
export function observabilityRequested(env: NodeJS.ProcessEnv): boolean {
  return (env[RUNTIME_ENV.observabilityEnabled] ?? "").toLowerCase() === "true";
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload: synchronous, before the app.
if (observabilityRequested(process.env)) require(ADOT_REGISTER);
