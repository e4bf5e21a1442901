import * as pulumi from "@pulumi/pulumi";
import type { AwsConnection } from "../connection/types";
import { providerStub } from "../provider-stub";
import type { AdoptedLogGroupInputs, AdoptedLogGroupOutputs } from "./adopted-log-group-provider";

/** Loads `adoptedLogGroupProvider` from the installed package where the provider runs (see provider-stub). */
const ADOPTED_LOG_GROUP_PROVIDER = providerStub<AdoptedLogGroupInputs, AdoptedLogGroupOutputs>(
  "adopted-log-group-provider",
  "adoptedLogGroupProvider",
);

/** Inputs of {@link AdoptedLogGroup}. */
export interface AdoptedLogGroupArgs {
  /** Region of the group. Changing it replaces the resource. */
  region: pulumi.Input<string>;
  /** The group's name. Changing it replaces the resource (a new group; the old one is deleted unless retained). */
  logGroupName: pulumi.Input<string>;
  /** Days the group keeps events (a CloudWatch Logs retention value). */
  retentionInDays: pulumi.Input<number>;
  /** Tags of the group. @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Leave the group and its events in AWS when the resource is deleted. @default false */
  retainOnDelete?: pulumi.Input<boolean>;
  /** The identity the provider acts as (see `AwsConnection`). Stored as a secret. @default the provider process's default credentials */
  aws?: pulumi.Input<AwsConnection>;
}

/**
 * A CloudWatch log group that AWS may create before the stack can: the stack creates it if it is missing,
 * adopts it if it exists, and owns its retention and tags either way. For the AgentCore runtime's group, whose
 * name holds the runtime id (known only once the runtime exists) and which AgentCore creates with no expiry.
 */
export class AdoptedLogGroup extends pulumi.dynamic.Resource {
  // `declare`, not `!`: with ES2022 class fields an initializer-less field would overwrite the
  // outputs the base constructor has just assigned.
  declare public readonly logGroupName: pulumi.Output<string>;
  declare public readonly retentionInDays: pulumi.Output<number>;
  declare public readonly arn: pulumi.Output<string>;
  /** Whether AWS had created the group before the stack did. */
  declare public readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: AdoptedLogGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      tags: args.tags ?? {},
      retainOnDelete: args.retainOnDelete ?? false,
      arn: undefined,
      adopted: undefined,
    };
    const secrets = [...new Set([...(opts?.additionalSecretOutputs ?? []), "aws"])];
    super(
      ADOPTED_LOG_GROUP_PROVIDER,
      name,
      props,
      { ...opts, additionalSecretOutputs: secrets },
      "agentcore",
      "AdoptedLogGroup",
    );
  }
}
