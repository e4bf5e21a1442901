import { RUNTIME_ENV_NAMES } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import { traceEnvironment, xrayOtlpTracesEndpoint } from "./traces";

describe("traceEnvironment", () => {
  it("turns ADOT on and points OTLP traces at X-Ray in the runtime's region", () => {
    expect(traceEnvironment(true, "us-east-1", "amazonaws.com")).toEqual({
      AGENT_OBSERVABILITY_ENABLED: "true",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://xray.us-east-1.amazonaws.com/v1/traces",
    });
    expect(xrayOtlpTracesEndpoint("cn-north-1", "amazonaws.com.cn")).toBe(
      "https://xray.cn-north-1.amazonaws.com.cn/v1/traces",
    );
  });

  it("turns it off, and AgentCore's own ADOT variables with it", () => {
    expect(traceEnvironment(false, "us-east-1", "amazonaws.com")).toEqual({
      AGENT_OBSERVABILITY_ENABLED: "false",
      DISABLE_ADOT_OBSERVABILITY: "true",
    });
  });

  it("uses only names the contract reserves for the platform", () => {
    for (const on of [true, false]) {
      for (const name of Object.keys(traceEnvironment(on, "eu-west-1", "amazonaws.com"))) {
        expect(RUNTIME_ENV_NAMES).toContain(name);
      }
    }
  });
});
