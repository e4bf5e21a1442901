import { AGENT_NAMES, RUNTIME_ENV, RUNTIME_ENV_NAMES } from "agentcore-vpc-platform-contract";
import { runtimeEnvironment } from "agentcore-vpc-platform";
import { describe, expect, it } from "vitest";
import { envSchema, loadConfig } from "../src/config.js";

/**
 * The component and the agent agree on the runtime's environment: what the component's runtimeEnvironment()
 * builds, the agent's loadConfig() reads into the settings it was meant for. A value set on one side and
 * missed, renamed or misread on the other fails here.
 */

/** Variables meant for the runtime and the ADOT distribution, not for the agent's own configuration. */
const READ_BY_ADOT_OR_AGENTCORE = new Set<string>([
  RUNTIME_ENV.disableAdotObservability,
  RUNTIME_ENV.otelTracesExporter,
  RUNTIME_ENV.otelExporterProtocol,
  RUNTIME_ENV.otelTracesEndpoint,
]);

describe("the runtime environment the component builds", () => {
  const values = {
    region: "eu-west-1",
    executorUrl: "http://internal-exec-123.eu-west-1.elb.amazonaws.com/",
    dataBucket: "deep-insight-data-0123",
    models: {
      default: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      coder: "eu.anthropic.claude-opus-4-5-20251101-v1:0",
      validator: "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
      reporter: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    },
  };
  const env = runtimeEnvironment(values, { LOG_LEVEL: "debug" });

  it("is read by the agent's configuration into the settings each value is for", () => {
    const config = loadConfig(env);
    expect(config.region).toBe(values.region);
    expect(config.executorUrl).toBe("http://internal-exec-123.eu-west-1.elb.amazonaws.com");
    expect(config.dataBucket).toBe(values.dataBucket);
    expect(config.localS3Dir).toBeUndefined(); // a bucket means S3, never the local stand-in
    expect(config.logLevel).toBe("debug");
    for (const agent of AGENT_NAMES) {
      const own = (values.models as Record<string, string>)[agent];
      expect(config.models[agent], agent).toBe(own ?? values.models.default);
    }
  });

  it("sets only variables the agent reads (or the runtime's ADOT reads), and the agent reads every one", () => {
    const read = new Set(Object.keys(envSchema.shape));
    for (const name of Object.keys(env).filter((n) => (RUNTIME_ENV_NAMES as readonly string[]).includes(n)))
      expect(read.has(name) || READ_BY_ADOT_OR_AGENTCORE.has(name), name).toBe(true);
    for (const name of RUNTIME_ENV_NAMES.filter((n) => !READ_BY_ADOT_OR_AGENTCORE.has(n)))
      expect(read.has(name), `${name} is in the contract but the agent does not read it`).toBe(true);
  });
});
