import * as pulumi from "@pulumi/pulumi";
import type { AwsConnection } from "../connection/types";
import { providerStub } from "../provider-stub";
import type { RuntimeInputs, RuntimeOutputs, ServerProtocol } from "./types";

/** Loads `agentCoreRuntimeProvider` from the installed package where the provider runs (see provider-stub). */
const RUNTIME_PROVIDER = providerStub<RuntimeInputs, RuntimeOutputs>(
  "runtime-provider",
  "agentCoreRuntimeProvider",
);

/** Inputs of {@link AgentCoreRuntime}. The runtime always runs in VPC network mode. */
export interface AgentCoreRuntimeArgs {
  /** AWS region of the runtime, e.g. "us-east-1". Changing it replaces the runtime. */
  region: pulumi.Input<string>;
  /** Runtime name, `[a-zA-Z][a-zA-Z0-9_]{0,47}` (no hyphens). Changing it replaces the runtime. */
  agentRuntimeName: pulumi.Input<string>;
  /** ECR image URI with a tag or (preferably) an `@sha256:` digest. */
  containerUri: pulumi.Input<string>;
  /** Execution role ARN the runtime assumes. */
  roleArn: pulumi.Input<string>;
  /** 1-16 private subnets (in supported AZ IDs) for the runtime's ENIs. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** 1-16 security groups for the runtime's ENIs. */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Up to 50 variables; names `[a-zA-Z_][a-zA-Z0-9_]*`, values up to 2048 chars. Stored as a secret in both
   * inputs and outputs. @default {}
   */
  environmentVariables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** 1-1200 characters. @default none */
  description?: pulumi.Input<string>;
  /** Server protocol of the container. @default RUNTIME_DEFAULTS.protocol ("HTTP") */
  protocol?: pulumi.Input<ServerProtocol>;
  /** Seconds an idle session lives, 60-28800, at most maxLifetime. @default min(RUNTIME_DEFAULTS.idleRuntimeSessionTimeout (900), maxLifetime) */
  idleRuntimeSessionTimeout?: pulumi.Input<number>;
  /** Seconds a session instance lives at most, 60-28800. @default RUNTIME_DEFAULTS.maxLifetime (28800) */
  maxLifetime?: pulumi.Input<number>;
  /** Up to 50 tags. @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The identity the provider acts as, and the account it must act in (`awsConnection()` gives the component
   * aws provider's). Stored as a secret. @default the provider process's default credentials, unchecked
   */
  aws?: pulumi.Input<AwsConnection>;
}

/**
 * The caller's options plus `additionalSecretOutputs: ["environmentVariables", "aws"]`: environment values
 * and connections often hold keys, so state never stores them in plain text, whether or not they arrived as
 * secrets.
 * @param opts the caller's options @default {}
 */
export function runtimeResourceOptions(
  opts: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  const secrets = new Set([...(opts.additionalSecretOutputs ?? []), "environmentVariables", "aws"]);
  return { ...opts, additionalSecretOutputs: [...secrets] };
}

/**
 * An Amazon Bedrock AgentCore runtime in VPC mode, managed by this package's own dynamic provider
 * (see ./README.md for the lifecycle, failure and timeout behaviour).
 */
export class AgentCoreRuntime extends pulumi.dynamic.Resource {
  // `declare`, not `!`: with ES2022 class fields an initializer-less field would overwrite the
  // outputs the base constructor has just assigned.
  declare public readonly region: pulumi.Output<string>;
  declare public readonly agentRuntimeName: pulumi.Output<string>;
  declare public readonly containerUri: pulumi.Output<string>;
  declare public readonly roleArn: pulumi.Output<string>;
  declare public readonly subnetIds: pulumi.Output<string[]>;
  declare public readonly securityGroupIds: pulumi.Output<string[]>;
  declare public readonly environmentVariables: pulumi.Output<Record<string, string>>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly protocol: pulumi.Output<ServerProtocol>;
  declare public readonly idleRuntimeSessionTimeout: pulumi.Output<number>;
  declare public readonly maxLifetime: pulumi.Output<number>;
  declare public readonly tags: pulumi.Output<Record<string, string>>;
  declare public readonly agentRuntimeId: pulumi.Output<string>;
  declare public readonly agentRuntimeArn: pulumi.Output<string>;
  declare public readonly agentRuntimeVersion: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  declare public readonly aws: pulumi.Output<AwsConnection | undefined>;

  /**
   * @param name the Pulumi resource name
   * @param args runtime configuration
   * @param opts resource options; `additionalSecretOutputs` always includes environmentVariables
   */
  constructor(name: string, args: AgentCoreRuntimeArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      // A secret input too: `additionalSecretOutputs` protects only the outputs, and state keeps both.
      environmentVariables: pulumi.secret(args.environmentVariables ?? {}),
      // Registering the provider-computed outputs as undefined makes them outputs of the resource.
      agentRuntimeId: undefined,
      agentRuntimeArn: undefined,
      agentRuntimeVersion: undefined,
      status: undefined,
    };
    super(RUNTIME_PROVIDER, name, props, runtimeResourceOptions(opts), "agentcore", "AgentCoreRuntime");
  }
}
