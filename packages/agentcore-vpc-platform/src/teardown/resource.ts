import * as pulumi from "@pulumi/pulumi";
import type { AwsConnection } from "../connection/types";
import { providerStub } from "../provider-stub";
import type { SweepMarkerInputs } from "./stamp";
import { SWEEP_MARKER_DEFAULTS } from "../defaults";

/** Loads `sweepMarkerProvider` from the installed package where the provider runs (see provider-stub). */
const SWEEP_MARKER_PROVIDER = providerStub<SweepMarkerInputs, SweepMarkerInputs>(
  "sweep-marker-provider",
  "sweepMarkerProvider",
);

/** Inputs of {@link SweepMarker}: the resources that AgentCore's lingering ENIs keep from being deleted. */
export interface SweepMarkerArgs {
  /** AWS region of the resources. Changing it replaces the marker. */
  region: pulumi.Input<string>;
  /** The platform's VPC (retained on delete). Changing it replaces the marker. */
  vpcId: pulumi.Input<string>;
  /** Subnets the runtime's ENIs sit in (retained on delete). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups the runtime's ENIs use (retained on delete). */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Hours after the delete until AWS should have released the ENIs (AWS says up to 8). @default SWEEP_MARKER_DEFAULTS.lingerHours (8) */
  lingerHours?: pulumi.Input<number>;
  /** The identity the provider acts as (see `AwsConnection`). Stored as a secret. @default the provider process's default credentials */
  aws?: pulumi.Input<AwsConnection>;
}

/**
 * Stamps the retained network resources with `agentcore-vpc-platform:sweep-after=<time>` when it is
 * deleted. Make the AgentCore runtime `dependsOn` it: the engine then deletes the runtime first, this
 * marker next (stamping now + lingerHours), and drops the retained resources from state last, so
 * `npm run sweep -- <stack>` can tell when to try again. It makes no AWS calls until it is deleted.
 */
export class SweepMarker extends pulumi.dynamic.Resource {
  // `declare`, not `!`: with ES2022 class fields an initializer-less field would overwrite the
  // outputs the base constructor has just assigned.
  declare public readonly region: pulumi.Output<string>;
  declare public readonly vpcId: pulumi.Output<string>;
  declare public readonly subnetIds: pulumi.Output<string[]>;
  declare public readonly securityGroupIds: pulumi.Output<string[]>;
  declare public readonly lingerHours: pulumi.Output<number>;
  declare public readonly aws: pulumi.Output<AwsConnection | undefined>;

  /**
   * @param name the Pulumi resource name
   * @param args the retained resources and the linger time
   * @param opts resource options
   */
  constructor(name: string, args: SweepMarkerArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args, lingerHours: args.lingerHours ?? SWEEP_MARKER_DEFAULTS.lingerHours };
    const secrets = [...new Set([...(opts?.additionalSecretOutputs ?? []), "aws"])];
    super(
      SWEEP_MARKER_PROVIDER,
      name,
      props,
      { ...opts, additionalSecretOutputs: secrets },
      "agentcore",
      "SweepMarker",
    );
  }
}
