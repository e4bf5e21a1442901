import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, invoke, newSessionId } from "./helpers/agent.js";
import { startFakeExecutor, type FakeExecutor } from "./helpers/fake-executor.js";
import { fakeWorkflowScript, writeScript } from "./helpers/scripts.js";

/**
 * The built agent as its image starts it (`node --require dist/telemetry/register.cjs dist/main.js`), with the
 * real AWS Distro for OpenTelemetry, exporting over OTLP to a collector on 127.0.0.1 instead of X-Ray.
 */
const AGENT_DIR = fileURLToPath(new URL("..", import.meta.url));
const MAIN = path.join(AGENT_DIR, "dist", "main.js");
const PRELOAD = path.join(AGENT_DIR, "dist", "telemetry", "register.cjs");
const built = existsSync(MAIN) && existsSync(PRELOAD);
if (!built) console.warn(`SKIPPED the ADOT export tests: ${PRELOAD} is missing (run npm run build -w agent)`);
/** ADOT's line once its SDK has started. */
const ADOT_STARTED = "AWS Distro of OpenTelemetry automatic instrumentation started successfully";

describe("the image's preload", () => {
  it("is what the Dockerfile puts in NODE_OPTIONS, built from src/telemetry/register.cts", () => {
    const dockerfile = readFileSync(path.join(AGENT_DIR, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(
      /^ENV NODE_OPTIONS="--require \/opt\/agent\/dist\/telemetry\/register\.cjs"$/m,
    );
    expect(dockerfile).toMatch(/^WORKDIR \/opt\/agent$/m);
    expect(existsSync(path.join(AGENT_DIR, "src", "telemetry", "register.cts"))).toBe(true);
  });

  it.skipIf(!built)("asks for traces exactly when ADOT does, and names a module the agent can load", () => {
    // The built file: the preload is CommonJS (it runs before the ESM app), which vitest does not load as source.
    const preload = createRequire(import.meta.url)(PRELOAD) as {
      ADOT_REGISTER: string;
      observabilityRequested(env: NodeJS.ProcessEnv): boolean;
    };
    expect(preload.observabilityRequested({ AGENT_OBSERVABILITY_ENABLED: "true" })).toBe(true);
    expect(preload.observabilityRequested({ AGENT_OBSERVABILITY_ENABLED: "TRUE" })).toBe(true);
    for (const value of [undefined, "false", "1", "yes"])
      expect(preload.observabilityRequested({ AGENT_OBSERVABILITY_ENABLED: value })).toBe(false);
    expect(createRequire(path.join(AGENT_DIR, "package.json")).resolve(preload.ADOT_REGISTER)).toMatch(
      /aws-distro-opentelemetry-node-autoinstrumentation\/build\/src\/register\.js$/,
    );
  });
});

describe.skipIf(!built)("traces from the built agent", () => {
  let fake: FakeExecutor;
  let collector: http.Server;
  let collectorUrl: string;
  const received: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await startFakeExecutor();
    collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await fake?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  /** Starts the built agent with the image's preload; resolves with its URL and everything it printed. */
  async function startBuiltAgent(observability: "true" | "false") {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      EXECUTOR_URL: fake.url,
      AGENT_LOCAL_S3_DIR: mkdtempSync(path.join(os.tmpdir(), "agent-adot-")),
      AGENT_SCRIPTED_MODEL: writeScript(fakeWorkflowScript()),
      AGENT_OBSERVABILITY_ENABLED: observability,
      // What the platform sets with traces on, pointed at the local collector.
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collectorUrl}/v1/traces`,
      OTEL_SERVICE_NAME: "agent-under-test",
      // Only traces here, and nothing may leave the machine: no metrics or logs export, no instance metadata.
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      OTEL_BSP_SCHEDULE_DELAY: "50",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const child = spawn(process.execPath, ["--require", PRELOAD, MAIN], { cwd: AGENT_DIR, env });
    children.push(child);
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    let url: string | undefined;
    await eventually(
      () => {
        url = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"agent ready"/.exec(output)?.[1];
        return url !== undefined || child.exitCode !== null;
      },
      "the built agent to start",
      50_000,
    );
    if (!url) throw new Error(`the built agent did not start:\n${output}`);
    return { url, output: () => output, child };
  }

  it("with traces on, ADOT exports the run's spans over OTLP as a generative-AI agent's", async () => {
    const agent = await startBuiltAgent("true");
    const sessionId = newSessionId();
    const events = await invoke(agent.url, { prompt: "Sum column a", language: "en" }, { sessionId });
    expect(events.at(-1)?.type).toBe("done");
    const exported = () => Buffer.concat(received.filter((r) => r.path === "/v1/traces").map((r) => r.body));
    await eventually(
      () => exported().includes("stage reporter"),
      "the reporter's stage span exported",
      20_000,
    );

    expect(agent.output()).toContain(ADOT_STARTED);
    const traces = received.filter((r) => r.path === "/v1/traces");
    expect(traces.every((r) => r.headers["content-type"] === "application/x-protobuf")).toBe(true);
    const body = exported().toString("latin1");
    for (const name of [
      "invocation",
      "stage planner",
      "step 1",
      "invoke_agent coder",
      "chat",
      "execute_tool run_python",
    ])
      expect(body, name).toContain(name);
    expect(body).toContain(sessionId); // session.id on the invocation span
    expect(body).toContain("gen_ai_agent"); // aws.service.type: ADOT's AgentCore mode
    expect(body).toContain("agent-under-test"); // service.name
    // Stopped here, so its last exports (ADOT flushes on SIGTERM) land before the next test counts.
    agent.child.kill("SIGTERM");
    await eventually(() => agent.child.exitCode !== null, "the agent to exit");
  });

  it("with traces off, ADOT does not start and nothing is exported", async () => {
    const before = received.length;
    const agent = await startBuiltAgent("false");
    const events = await invoke(agent.url, { prompt: "Sum column a", language: "en" });
    expect(events.at(-1)?.type).toBe("done");
    agent.child.kill("SIGTERM");
    await eventually(() => agent.child.exitCode !== null, "the agent to exit");
    expect(agent.output()).not.toContain("AWS Distro of OpenTelemetry");
    expect(received.length).toBe(before);
  });
});
