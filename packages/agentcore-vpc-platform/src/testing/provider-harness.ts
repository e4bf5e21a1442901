/**
 * Points the real SDK at a {@link FakeControlPlane} and a {@link FakeSts} through the environment, with
 * dummy credentials and millisecond polls/backoff, and captures the provider's progress lines.
 */
import { FakeControlPlane } from "./fake-control-plane";
import { FakeSts } from "./fake-sts";
import type { FakeControlPlaneOptions } from "./fake-control-plane";
import type { RuntimeInputs } from "../runtime/types";

export interface Harness {
  fake: FakeControlPlane;
  /** Answers the account check (in the fake control plane's account) and role assumptions. */
  sts: FakeSts;
  /** Progress lines the provider printed. */
  logs: string[];
  /** Stops the fake and restores the environment and console. */
  stop(): Promise<void>;
}

/** Env for fast, deterministic tests: 1 ms polls, 1-4 ms backoff, dummy credentials, no IMDS. */
export function testEnvironment(url: string, stsUrl?: string): Record<string, string> {
  return {
    // Any service without a fake of its own gets a closed port on loopback, never AWS.
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: url,
    ...(stsUrl ? { AWS_ENDPOINT_URL_STS: stsUrl } : {}),
    AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AGENTCORE_POLL_INTERVAL_MS: "1",
    AGENTCORE_RETRY_BASE_MS: "1",
    AGENTCORE_RETRY_MAX_DELAY_MS: "4",
  };
}

/**
 * Starts a fake and wires the environment to it.
 * @param options fake options
 * @param env extra environment (e.g. short timeouts) @default {}
 */
export async function startHarness(
  options: FakeControlPlaneOptions = {},
  env: Record<string, string> = {},
): Promise<Harness> {
  const fake = await FakeControlPlane.start(options);
  const sts = await FakeSts.start(options.accountId);
  const vars = { ...testEnvironment(fake.url, sts.url), ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  for (const k of ["AWS_SESSION_TOKEN", "AWS_PROFILE"]) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  const logs: string[] = [];
  const originalLog = console.log;
  console.log = (...args: unknown[]) => logs.push(args.map(String).join(" "));
  return {
    fake,
    sts,
    logs,
    async stop() {
      console.log = originalLog;
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await Promise.all([fake.stop(), sts.stop()]);
    },
  };
}

/** Valid inputs; override what a test needs. */
export function sampleInputs(overrides: Partial<RuntimeInputs> = {}): RuntimeInputs {
  return {
    region: "us-east-1",
    agentRuntimeName: "deep_insight",
    containerUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/agent@sha256:${"a".repeat(64)}`,
    roleArn: "arn:aws:iam::123456789012:role/agentcore-runtime",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
    securityGroupIds: ["sg-0ccccccccccccccc3"],
    environmentVariables: { EXECUTOR_URL: "http://internal-alb:80", API_KEY: "s3cr3t" },
    description: "data analysis agent",
    protocol: "HTTP",
    tags: { stack: "dev" },
    ...overrides,
  };
}
