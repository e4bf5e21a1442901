/**
 * The local engine: preview / up / refresh / destroy of one stack of a Pulumi project, with state kept on
 * disk between runs. The program runs through Pulumi's own language runtime against this engine's resource
 * monitor; AWS and Docker are a fake cloud; dynamic resources go to Pulumi's real dynamic provider host,
 * whose AgentCore calls reach a fake control plane and whose EC2 calls reach a fake EC2 endpoint.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  FakeCloudWatchLogs,
  FakeControlPlane,
  FakeEc2Endpoint,
  FakeSts,
  testEnvironment,
} from "agentcore-vpc-platform/testing";
import type { MockAccountOptions } from "agentcore-vpc-platform/testing";
import { Deployment } from "./engine/deployment";
import type { ProviderSource } from "./engine/deployment";
import type { LogEntry } from "./engine/engine-service";
import type { MonitorRecord } from "./engine/monitor-service";
import type { Operation, RunResult } from "./engine/run-result";
import { startEngineServer } from "./engine/server";
import { DYNAMIC_PACKAGE, STACK_TYPE, isDynamicType, isProviderType, packageOf } from "./engine/urn";
import { EXIT_ERROR_REPORTED, ORGANIZATION, resolvePulumiSdk, runProgram } from "./program/language-host";
import { configEnvironment, loadStackConfig, readProject } from "./program/project";
import type { Project, StackConfig } from "./program/project";
import { DynamicProviderHost } from "./providers/dynamic-host";
import type { DynamicProviderCall } from "./providers/dynamic-host";
import { FakeCloud } from "./providers/fake-cloud";
import type { ResourceProvider } from "./providers/provider";
import { StateStore } from "./state/store";
import { makeSecret } from "./wire/values";
import type { PropertyMap } from "./wire/values";

/** Packages the fake cloud answers for. */
export const FAKE_PACKAGES: ReadonlySet<string> = new Set(["aws", "docker"]);

export interface LocalEngineOptions {
  /** Folder holding Pulumi.yaml. */
  readonly projectDir: string;
  readonly stack: string;
  /** Folder for the stack's checkpoint and secrets key. */
  readonly stateDir: string;
  /** Config keys (`<ns>:<key>` or project-relative) to pass to the program as secrets. @default [] */
  readonly secretConfigKeys?: readonly string[];
  /** The fake AWS account (region, AZ map, endpoint service zones). @default the mocks' account */
  readonly account?: MockAccountOptions;
  /** Folder for ts-node's compile cache. @default a temporary folder removed by {@link LocalEngine.close} */
  readonly tsNodeCacheDir?: string;
  /** Receives program, provider and engine log lines as they come. @default none */
  readonly onOutput?: (line: string) => void;
  /** Extra environment for the program (e.g. `PULUMI_NODEJS_TRANSPILE_ONLY` to measure type-checking). @default {} */
  readonly programEnv?: Readonly<Record<string, string>>;
}

export class LocalEngine {
  readonly store: StateStore;
  private readonly ownsCacheDir: boolean;
  /** How many of the EC2 endpoint's CreateTags calls the cloud has applied. */
  private tagCallsApplied = 0;
  private readonly tsNodeCacheDir: string;

  private constructor(
    private readonly options: LocalEngineOptions,
    private readonly project: Project,
    /** AWS and Docker, shared by every run: what exists survives between runs. */
    readonly cloud: FakeCloud,
    /** The AgentCore control plane the runtime provider talks to. */
    readonly controlPlane: FakeControlPlane,
    /** The EC2 endpoint the sweep marker tags through (its tags reach the cloud's resources). */
    readonly ec2: FakeEc2Endpoint,
    /** The STS endpoint the dynamic providers check their account with (the fake account's). */
    readonly sts: FakeSts,
    /** The CloudWatch Logs endpoint the runtime's adopted log group is made through. */
    readonly logs: FakeCloudWatchLogs,
  ) {
    this.store = new StateStore(options.stateDir, project.name, options.stack);
    this.ownsCacheDir = options.tsNodeCacheDir === undefined;
    this.tsNodeCacheDir =
      options.tsNodeCacheDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-ts-"));
  }

  /** Reads the project and starts the fakes. */
  static async start(options: LocalEngineOptions): Promise<LocalEngine> {
    const project = readProject(options.projectDir);
    const cloud = new FakeCloud(options.account);
    const controlPlane = await FakeControlPlane.start({ pollsPerTransition: 1 });
    const ec2 = await FakeEc2Endpoint.start();
    // A resource the cloud deleted answers CreateTags as EC2 does for one that is gone.
    cloud.onDelete = (id) => ec2.gone.add(id);
    const sts = await FakeSts.start();
    const logs = await FakeCloudWatchLogs.start();
    return new LocalEngine(options, project, cloud, controlPlane, ec2, sts, logs);
  }

  /** The project as read from Pulumi.yaml. */
  get projectInfo(): Project {
    return this.project;
  }

  preview(): Promise<RunResult> {
    return this.runProgram("preview");
  }

  up(): Promise<RunResult> {
    return this.runProgram("update");
  }

  refresh(): Promise<RunResult> {
    return this.withoutProgram("refresh", (deployment) => deployment.refresh());
  }

  destroy(): Promise<RunResult> {
    return this.withoutProgram("destroy", (deployment) => deployment.destroy());
  }

  /** Stops the fakes and removes the temporary compile cache. */
  async close(): Promise<void> {
    await this.ec2.stop();
    await this.sts.stop();
    await this.logs.stop();
    await this.controlPlane.stop();
    if (this.ownsCacheDir) fs.rmSync(this.tsNodeCacheDir, { recursive: true, force: true });
  }

  private config(): StackConfig {
    return loadStackConfig(this.project, this.options.stack, this.options.secretConfigKeys);
  }

  private async runProgram(operation: "preview" | "update"): Promise<RunResult> {
    const started = Date.now();
    const preview = operation === "preview";
    const config = this.config();
    const session = this.session(config, preview);
    const record: MonitorRecord = { registrations: [], invokes: [], outputs: new Map() };
    let signalled = false;
    const server = await startEngineServer(
      {
        deployment: session.deployment,
        project: this.project.name,
        stack: this.options.stack,
        preview,
        invoke: (token, args) => this.invoke(token, args),
        defaultProviderFor: async (token, version) => {
          if (FAKE_PACKAGES.has(packageOf(token)))
            await session.deployment.defaultProvider(packageOf(token), version);
        },
        shutdown: () => {
          signalled = true;
          return session.deployment.finish();
        },
      },
      record,
      session.logs,
      (entry) => {
        if (entry.severity !== "debug") this.options.onOutput?.(`[${entry.severity}] ${entry.message}`);
      },
    );
    try {
      const exit = await runProgram({
        project: this.project,
        stack: this.options.stack,
        config,
        monitorAddress: server.address,
        engineAddress: server.address,
        preview,
        tsNodeCacheDir: this.tsNodeCacheDir,
        env: this.options.programEnv,
        onOutput: this.options.onOutput,
      });
      if (exit.code === 0 && !signalled) await session.deployment.finish();
      const failure = programFailure(
        exit,
        session.deployment.failures.map((f) => f.message),
        session.logs,
      );
      if (!preview) this.store.save(session.deployment.snapshot());
      const stack = session.deployment.snapshot().find((r) => r.type === STACK_TYPE);
      return this.result(operation, session, started, failure, {
        registrations: record.registrations,
        invokes: record.invokes,
        stackOutputs: (stack && record.outputs.get(stack.urn)) ?? {},
        programOutput: exit.output,
      });
    } finally {
      await server.stop();
      await session.stop();
    }
  }

  private async withoutProgram(
    operation: Operation,
    act: (deployment: Deployment) => Promise<void>,
  ): Promise<RunResult> {
    const started = Date.now();
    const session = this.session(this.config(), false);
    try {
      await act(session.deployment);
      this.store.save(session.deployment.snapshot());
      const failures = session.deployment.failures.map((f) => f.message);
      return this.result(operation, session, started, failures.length > 0 ? failures.join("\n") : undefined, {
        registrations: [],
        invokes: [],
        stackOutputs: {},
        programOutput: [],
      });
    } finally {
      await session.stop();
    }
  }

  private invoke(token: string, args: PropertyMap): PropertyMap {
    if (!FAKE_PACKAGES.has(packageOf(token)))
      throw new Error(`the local engine has no provider for ${token}`);
    return this.cloud.invoke(token, args);
  }

  /** One operation's deployment, with the dynamic provider host started on first use. */
  private session(config: StackConfig, preview: boolean) {
    const logs: LogEntry[] = [];
    const calls: DynamicProviderCall[] = [];
    let host: Promise<DynamicProviderHost> | undefined;
    const providers: ProviderSource = {
      providerFor: (type) => {
        if (isDynamicType(type) || type === `pulumi:providers:${DYNAMIC_PACKAGE}`) {
          if (isProviderType(type)) return Promise.resolve(this.cloud);
          host ??= this.startDynamicHost(config, calls);
          return host as Promise<ResourceProvider>;
        }
        if (isProviderType(type) || FAKE_PACKAGES.has(packageOf(type))) return Promise.resolve(this.cloud);
        return Promise.reject(new Error(`the local engine has no provider for package "${packageOf(type)}"`));
      },
      packageConfig: (pkg) => packageConfig(config, pkg),
    };
    const deployment = new Deployment(this.store.load(), {
      stack: this.options.stack,
      project: this.project.name,
      preview,
      providers,
    });
    return {
      deployment,
      logs,
      calls,
      stop: async () => {
        if (host) await (await host.catch(() => undefined))?.stop();
        this.cloud.applyTags(this.ec2.tagCalls.slice(this.tagCallsApplied));
        this.tagCallsApplied = this.ec2.tagCalls.length;
      },
    };
  }

  private async startDynamicHost(
    config: StackConfig,
    calls: DynamicProviderCall[],
  ): Promise<DynamicProviderHost> {
    const host = await DynamicProviderHost.start({
      entryPoint: resolvePulumiSdk(this.project.programDir, "cmd/dynamic-provider"),
      programDir: this.project.programDir,
      engineAddress: "127.0.0.1:0",
      env: {
        ...process.env,
        ...testEnvironment(this.controlPlane.url, this.sts.url),
        AWS_ENDPOINT_URL_EC2: this.ec2.url,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.logs.url,
        PULUMI_NODEJS_ORGANIZATION: ORGANIZATION,
        PULUMI_NODEJS_PROJECT: this.project.name,
        PULUMI_NODEJS_STACK: this.options.stack,
        ...configEnvironment(config),
      },
      onOutput: (line) => this.options.onOutput?.(`[dynamic provider] ${line}`),
      calls,
    });
    await host.configure(packageConfig(config, DYNAMIC_PACKAGE));
    return host;
  }

  private result(
    operation: Operation,
    session: ReturnType<LocalEngine["session"]>,
    started: number,
    error: string | undefined,
    program: Pick<RunResult, "registrations" | "invokes" | "stackOutputs" | "programOutput">,
  ): RunResult {
    return {
      operation,
      stack: this.options.stack,
      ok: error === undefined,
      error,
      steps: session.deployment.steps,
      resources: operation === "preview" ? this.store.load() : session.deployment.snapshot(),
      logs: session.logs,
      dynamicProviderCalls: session.calls,
      durationMs: Date.now() - started,
      ...program,
    };
  }
}

/**
 * A default provider's inputs: its package's config by key name; the dynamic provider host gets the
 * whole stack config with namespaces kept, secret keys as secrets (as the engine passes it).
 */
export function packageConfig(config: StackConfig, pkg: string): PropertyMap {
  const entries = Object.entries(config.values).flatMap(([key, value]) => {
    const at = key.indexOf(":");
    const secret = config.secretKeys.includes(key);
    const wrapped = secret ? makeSecret(value) : value;
    if (pkg === DYNAMIC_PACKAGE) return [[key, wrapped] as const];
    return key.slice(0, at) === pkg ? [[key.slice(at + 1), wrapped] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Why a program run failed, or undefined when it succeeded. */
export function programFailure(
  exit: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; output: readonly string[] },
  stepFailures: readonly string[],
  logs: readonly LogEntry[],
): string | undefined {
  if (stepFailures.length > 0) return stepFailures.join("\n");
  if (exit.timedOut) return "the program did not finish in time and was stopped";
  if (exit.code === 0) return undefined;
  const errors = logs.filter((l) => l.severity === "error").map((l) => l.message.trim());
  if (errors.length > 0) return errors.join("\n");
  const tail = exit.output.slice(-20).join("\n");
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
  const reported = exit.code === EXIT_ERROR_REPORTED ? " after reporting an error" : "";
  return `the program ${how}${reported}${tail ? `:\n${tail}` : ""}`;
}
