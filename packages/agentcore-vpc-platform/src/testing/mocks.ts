/**
 * Test-only helpers for running component code under `pulumi.runtime.setMocks` (excluded from the build).
 *
 * ```ts
 * const rec = await installMocks({ preview: true });      // before constructing resources
 * const platform = new MyComponent("p", args);
 * await rec.settle();                                    // all registered; rejects if one failed
 * const [bucket] = rec.byType("aws:s3/bucket:Bucket");
 * expect(bucket?.retainOnDelete).toBe(true);
 * expect(await outputOf(platform.bucketName)).toBe("p-data");   // update mode; unknown in preview
 * ```
 *
 * In update mode mocked resources answer with their inputs plus plausible computed outputs (ARNs, ids, ECR
 * URLs, image digests, ALB DNS names and ARN suffixes) so downstream `apply`s see realistic shapes; in preview
 * computed outputs stay unknown. `outputs`/`calls` add to or override them per test. Provider functions
 * (caller identity, partition, region, ECR token) answer in both modes, as they do in a real preview.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";

/** Account, region and partition every default mock answers with. */
export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "us-east-1";
export const MOCK_PARTITION = "aws";

/** One `registerResource` seen by the mock monitor (custom resources and components alike). */
export interface RecordedResource {
  /** Type token, e.g. `aws:s3/bucket:Bucket` or `agentcore-vpc-platform:executor:ExecutorService`. */
  readonly type: string;
  /** Logical name as passed to the constructor. */
  readonly name: string;
  /**
   * Inputs after serialization, secrets unwrapped to their values. Values unknown in preview are Pulumi's
   * unknown marker: test them with `pulumi.isUnknown(value)`.
   */
  readonly inputs: Record<string, unknown>;
  /** Top-level input keys whose value was (or contained) a secret. */
  readonly secretInputs: readonly string[];
  /** False for component resources. */
  readonly custom: boolean;
  /** URN the mock monitor assigned. */
  readonly urn: string;
  /** URN of the parent, or undefined for top-level resources. */
  readonly parent: string | undefined;
  /** Whether `retainOnDelete` was requested. */
  readonly retainOnDelete: boolean;
  /** Whether `protect` was requested. */
  readonly protect: boolean;
  /** URNs of explicit and implicit dependencies. */
  readonly dependencies: readonly string[];
}

/** One provider function invocation (e.g. `aws:index/getCallerIdentity:getCallerIdentity`). */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface InstallMocksOptions {
  /**
   * Run as `pulumi preview`: resources answer with their inputs only, so ids and computed outputs are unknown
   * (as the engine reports them for creates) unless `outputs` supplies them. @default false
   */
  readonly preview?: boolean;
  /** @default "project" */
  readonly project?: string;
  /** @default "stack" */
  readonly stack?: string;
  /** Extra or overriding outputs for a resource; merged over the defaults. */
  readonly outputs?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;
  /** Result for a provider function; when it returns undefined the defaults answer. */
  readonly calls?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | undefined;
}

export class ResourceRecorder {
  /** Every registered resource, in registration order. */
  readonly resources: RecordedResource[] = [];
  /** Every provider function call, in call order. */
  readonly calls: RecordedCall[] = [];

  /** Resources of one type token. */
  byType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The single resource with this type and name; throws when absent so a test cannot pass vacuously. */
  one(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.byType(type).map((r) => r.name);
      throw new Error(`no ${type} named "${name}" was registered (have: ${names.join(", ") || "none"})`);
    }
    return found;
  }

  /** Errors of failed registrations (e.g. an `apply` that threw), in the order they surfaced. */
  readonly errors: unknown[] = [];
  private failed: ((error: unknown) => void) | undefined;

  /**
   * Waits until every pending resource registration and invoke has reached the mock monitor. Rejects with the
   * first registration error instead: a failed child leaves its component's outputs pending forever.
   */
  async settle(): Promise<void> {
    if (this.errors.length > 0) throw this.errors[0];
    const failure = new Promise<never>((_, reject) => (this.failed = reject));
    try {
      await Promise.race([waitForRPCs(), failure]);
    } finally {
      this.failed = undefined;
    }
  }

  /** @internal Called by the process-level hook {@link installMocks} sets up. */
  recordError(error: unknown): void {
    this.errors.push(error);
    this.failed?.(error);
  }
}

// The runtime reports a failed registration only as an unhandled rejection; route it to the current recorder.
let current: ResourceRecorder | undefined;
process.on("unhandledRejection", (reason) => current?.recordError(reason));

// `waitForRPCs` drains the runtime's RPC queue (what the language host awaits before exit); the settings
// module exports it but marks it @internal, so its declaration is missing from the typings.
const { waitForRPCs } = runtimeSettings as unknown as { waitForRPCs: () => Promise<void> };

interface RegisterResourceRequestLike {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
  getRetainondelete(): boolean | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
}

interface RegisterResponseLike {
  getUrn(): string;
}

type RegisterFn = (
  req: RegisterResourceRequestLike,
  cb: (err: unknown, res?: RegisterResponseLike) => void,
) => Promise<void>;

/**
 * Installs Pulumi mocks that record every registration and call. Call before constructing resources; each
 * call replaces the previous mocks (vitest isolates test files, so state does not leak across files).
 */
export async function installMocks(options: InstallMocksOptions = {}): Promise<ResourceRecorder> {
  const recorder = new ResourceRecorder();
  current = recorder;
  const preview = options.preview ?? false;
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      // Like the engine in preview, return only the inputs so computed outputs (ARNs, digests, ids) are unknown.
      const defaults = preview ? { ...(args.inputs as Record<string, unknown>) } : mockResourceOutputs(args);
      const state = { ...defaults, ...(options.outputs?.(args) ?? {}) };
      const id = state["id"];
      return { id: typeof id === "string" ? id : undefined, state };
    },
    call(args) {
      recorder.calls.push({ token: args.token, inputs: { ...(args.inputs as Record<string, unknown>) } });
      return options.calls?.(args) ?? mockCallResult(args);
    },
  };
  await pulumi.runtime.setMocks(mocks, options.project ?? "project", options.stack ?? "stack", preview);

  // The mock `newResource` hook does not see resource options, so wrap the monitor's registerResource to
  // capture parent / retainOnDelete / protect / dependencies together with the URN it assigns.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterFn };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res) {
        const raw = pulumi.runtime.deserializeProperties(req.getObject()) as Record<string, unknown>;
        recorder.resources.push({
          type: req.getType(),
          name: req.getName(),
          inputs: unwrapSecrets(raw) as Record<string, unknown>,
          secretInputs: Object.keys(raw).filter((key) => containsSecret(raw[key])),
          custom: req.getCustom(),
          urn: res.getUrn(),
          parent: req.getParent() || undefined,
          retainOnDelete: req.getRetainondelete() ?? false,
          protect: req.getProtect() ?? false,
          dependencies: req.getDependenciesList(),
        });
      }
      cb(err, res);
    });
  return recorder;
}

function isSecretEnvelope(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

function containsSecret(value: unknown): boolean {
  if (isSecretEnvelope(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(containsSecret);
}

/** Replaces every secret envelope (`{ <sig>: <secret sig>, value }`) with its value. */
function unwrapSecrets(value: unknown): unknown {
  if (isSecretEnvelope(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

interface OutputInternals<T> {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<T>;
}

/** Whether an output is known (false for computed values in preview). */
export async function isKnown<T>(output: pulumi.Output<T>): Promise<boolean> {
  return (output as unknown as OutputInternals<T>).isKnown;
}

/** Resolves an output's value; rejects when the value is unknown (preview), which `apply` would hang on. */
export async function outputOf<T>(output: pulumi.Output<T>): Promise<T> {
  const internals = output as unknown as OutputInternals<T>;
  if (!(await internals.isKnown)) {
    throw new Error("output is unknown (preview); use isKnown() to check");
  }
  return internals.promise();
}

/** Deterministic fake `sha256:` digest of a string. */
export function fakeDigest(seed: string): string {
  return `sha256:${createHash("sha256").update(seed).digest("hex")}`;
}

function arnFor(service: string, resource: string): string {
  return `arn:${MOCK_PARTITION}:${service}:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${resource}`;
}

/** What {@link mockResourceOutputs} needs to know about a resource. */
export type MockResourceDescription = Pick<pulumi.runtime.MockResourceArgs, "type" | "name" | "inputs">;

/** What {@link mockCallResult} needs to know about a provider function call. */
export type MockCallDescription = Pick<pulumi.runtime.MockCallArgs, "token" | "inputs">;

/**
 * Plausible outputs of a created resource, as the default mocks answer in update mode: its inputs plus computed
 * outputs (ARNs, ECR URLs, image digests, ALB DNS names) for the types this package creates; other types echo
 * their inputs. Pure, so other engines can answer with the same shapes.
 */
export function mockResourceOutputs(args: MockResourceDescription): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const name = typeof inputs["name"] === "string" ? inputs["name"] : args.name;
  const base = { ...inputs, id: `${args.name}-id`, name };
  switch (args.type) {
    case "aws:iam/role:Role":
      return {
        ...base,
        arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:role/${name}`,
        uniqueId: `AROA${name}`,
      };
    case "aws:ecr/repository:Repository":
      return {
        ...base,
        arn: arnFor("ecr", `repository/${name}`),
        registryId: MOCK_ACCOUNT_ID,
        repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com/${name}`,
      };
    case "docker:index/image:Image": {
      const imageName = String(inputs["imageName"] ?? name);
      const repo = imageName.replace(/:[^:/]+$/, "");
      return { ...base, repoDigest: `${repo}@${fakeDigest(imageName)}`, baseImageName: imageName };
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = typeof inputs["bucket"] === "string" ? inputs["bucket"] : `${args.name}-abc123`;
      return { ...base, id: bucket, bucket, arn: `arn:${MOCK_PARTITION}:s3:::${bucket}` };
    }
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        ...base,
        arn: arnFor("elasticloadbalancing", `loadbalancer/app/${name}/50dc6c495c0c9188`),
        arnSuffix: `app/${name}/50dc6c495c0c9188`,
        dnsName: `internal-${name}-1234567890.${MOCK_REGION}.elb.amazonaws.com`,
      };
    case "aws:lb/targetGroup:TargetGroup":
      return {
        ...base,
        arn: arnFor("elasticloadbalancing", `targetgroup/${name}/73e2d6bc24d8a067`),
        arnSuffix: `targetgroup/${name}/73e2d6bc24d8a067`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...base, arn: arnFor("logs", `log-group:${name}`) };
    case "aws:ecs/taskDefinition:TaskDefinition":
      return { ...base, arn: arnFor("ecs", `task-definition/${String(inputs["family"])}:1`), revision: 1 };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { ...base, arn: arnFor("cloudwatch", `alarm:${name}`) };
    case "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime": {
      // AgentCore's ids are the runtime name, a hyphen and 10 characters.
      const runtimeId = `${String(inputs["agentRuntimeName"])}-${fakeDigest(args.name).slice(7, 17)}`;
      return {
        ...base,
        id: runtimeId,
        agentRuntimeId: runtimeId,
        agentRuntimeArn: arnFor("bedrock-agentcore", `runtime/${runtimeId}`),
        agentRuntimeVersion: "1",
        status: "READY",
      };
    }
    case "pulumi-nodejs:dynamic/agentcore:AdoptedLogGroup": {
      const group = String(inputs["logGroupName"]);
      return { ...base, id: group, arn: arnFor("logs", `log-group:${group}`), adopted: false };
    }
    default:
      return { ...base, arn: arnFor(args.type.split(":")[1]?.split("/")[0] ?? "mock", args.name) };
  }
}

/**
 * Result of a provider function as the default mocks answer it: caller identity, partition, region, ECR token,
 * ECR image and ELB account lookups; anything else returns {}. Pure, so other engines can answer with the same shapes.
 */
export function mockCallResult(args: MockCallDescription): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:user/test`,
        userId: "AIDATEST",
        id: MOCK_ACCOUNT_ID,
      };
    case "aws:index/getPartition:getPartition":
      return {
        partition: MOCK_PARTITION,
        dnsSuffix: "amazonaws.com",
        id: MOCK_PARTITION,
        reverseDnsPrefix: "com.amazonaws",
      };
    case "aws:index/getRegion:getRegion":
      return {
        name: MOCK_REGION,
        region: MOCK_REGION,
        id: MOCK_REGION,
        endpoint: `ec2.${MOCK_REGION}.amazonaws.com`,
      };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        userName: "AWS",
        password: "mock-ecr-password",
        authorizationToken: "QVdTOm1vY2stZWNyLXBhc3N3b3Jk",
        proxyEndpoint: `https://${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
        id: MOCK_REGION,
        region: MOCK_REGION,
      };
    case "aws:ec2/getSubnets:getSubnets":
      return { id: MOCK_REGION, ids: [] };
    case "aws:elb/getServiceAccount:getServiceAccount":
      // The us-east-1 Elastic Load Balancing account that writes ALB access logs there.
      return { id: "127311923021", arn: `arn:${MOCK_PARTITION}:iam::127311923021:root`, region: MOCK_REGION };
    case "aws:ecr/getImage:getImage": {
      const inputs = args.inputs as Record<string, unknown>;
      return {
        imageDigest: fakeDigest(`${String(inputs["repositoryName"])}:${String(inputs["imageTag"])}`),
        imageTags: [inputs["imageTag"]],
        registryId: inputs["registryId"] ?? MOCK_ACCOUNT_ID,
        repositoryName: inputs["repositoryName"],
        id: "image",
      };
    }
    default:
      return {};
  }
}
