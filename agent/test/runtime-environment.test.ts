import { AGENT_NAMES, RUNTIME_ENV, RUNTIME_ENV_NAMES } from "agentcore-vpc-platform-contract";
import { runtimeEnvironment, type AgentEnvironmentSettings } from "agentcore-vpc-platform";
import { describe, expect, it } from "vitest";
import { envSchema, loadConfig } from "../src/config.js";
import { promptCacheOn } from "../src/workflow/models.js";

/**
 * The component and the agent agree on the runtime's environment: what the component's runtimeEnvironment()
 * builds, the agent's loadConfig() reads into the settings it was meant for. A value set on one side and
 * missed, renamed or misread on the other fails here.
 */

/** Variables the runtime's ADOT distribution (or AgentCore itself) reads, not the agent's configuration. */
const READ_BY_ADOT_OR_AGENTCORE = new Set<string>([
  RUNTIME_ENV.disableAdotObservability,
  RUNTIME_ENV.otelTracesExporter,
  RUNTIME_ENV.otelExporterProtocol,
  RUNTIME_ENV.otelTracesEndpoint,
]);

const surroundings = {
  region: "eu-west-1",
  executorUrl: "http://internal-exec-123.eu-west-1.elb.amazonaws.com/",
  dataBucket: "deep-insight-data-0123",
  dnsSuffix: "amazonaws.com",
};

/** Every agent with a model, cap and budget of its own, so a value landing on the wrong agent shows. */
const settings = (traces: boolean): AgentEnvironmentSettings => ({
  models: {
    default: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    planner: "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
    coder: "eu.anthropic.claude-opus-4-5-20251101-v1:0",
    validator: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    reporter: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
  },
  inference: {
    planner: { maxTokens: 4096, thinkingBudgetTokens: 0 },
    coder: { maxTokens: 32_000, thinkingBudgetTokens: 8192 },
    validator: { maxTokens: 16_000, thinkingBudgetTokens: 1024 },
    reporter: { maxTokens: 12_000, thinkingBudgetTokens: 0 },
  },
  traces,
});

describe("the runtime environment the component builds", () => {
  it("is read by the agent's configuration into the settings each value is for", () => {
    const values = settings(true);
    const config = loadConfig(runtimeEnvironment(surroundings, values, { LOG_LEVEL: "debug" }));
    expect(config.region).toBe(surroundings.region);
    expect(config.executorUrl).toBe("http://internal-exec-123.eu-west-1.elb.amazonaws.com");
    expect(config.dataBucket).toBe(surroundings.dataBucket);
    expect(config.localS3Dir).toBeUndefined(); // a bucket means S3, never the local stand-in
    expect(config.logLevel).toBe("debug");
    expect(config.tracing).toBe(true);
    for (const agent of AGENT_NAMES) {
      expect(config.models[agent], agent).toBe(values.models[agent]);
      expect(config.modelSettings[agent], agent).toEqual({ ...values.inference[agent], toolChoice: "auto" });
      expect(promptCacheOn(config.promptCache, config.models[agent]), agent).toBe(true);
    }
  });

  it("switches the agent's traces off when the stack does", () => {
    expect(loadConfig(runtimeEnvironment(surroundings, settings(false))).tracing).toBe(false);
  });

  it("sets only variables the agent reads (or the runtime's ADOT reads), and the agent reads every one", () => {
    const read = new Set(Object.keys(envSchema.shape));
    for (const traces of [true, false]) {
      const env = runtimeEnvironment(surroundings, settings(traces));
      for (const name of Object.keys(env))
        expect(read.has(name) || READ_BY_ADOT_OR_AGENTCORE.has(name), name).toBe(true);
    }
    for (const name of RUNTIME_ENV_NAMES.filter((n) => !READ_BY_ADOT_OR_AGENTCORE.has(n)))
      expect(read.has(name), `${name} is in the contract but the agent does not read it`).toBe(true);
  });
});
