import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type * as pulumi from "@pulumi/pulumi";
import { clientSettings, connectionProblem } from "../connection/credentials";
import type { AwsConnection } from "../connection/types";
import { providerChanged } from "../runtime/diff";
import { UNKNOWN } from "../runtime/types";
import { LOG_GROUP_NAME_PATTERN, logRetentionProblem } from "./log-groups";

/*
 * The dynamic provider host loads this module through the stub stored in state (see provider-stub). The SDK
 * is required inside the methods that use it: closure serialization would capture a module-level client.
 */

/** The adopted log group's inputs as the engine hands them to the provider. */
export interface AdoptedLogGroupInputs {
  region: string;
  logGroupName: string;
  retentionInDays: number;
  tags: Record<string, string>;
  /** Leave the group and its events in AWS when the resource is deleted. */
  retainOnDelete: boolean;
  /** The identity to act as (the component's aws provider's); the process's default credentials without it. */
  aws?: AwsConnection;
}

export interface AdoptedLogGroupOutputs extends AdoptedLogGroupInputs {
  /** ARN of the group (without the `:*` suffix DescribeLogGroups adds to `arn`). */
  arn: string;
  /** Whether the group existed before the stack created it (AWS made it first). */
  adopted: boolean;
}

type Sdk = typeof Logs;

function client(props: Partial<Pick<AdoptedLogGroupInputs, "region" | "aws">>): {
  sdk: Sdk;
  logs: Logs.CloudWatchLogsClient;
} {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: see top of file
  const sdk = require("@aws-sdk/client-cloudwatch-logs") as Sdk;
  const region = props.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AdoptedLogGroup: no region in its inputs and AWS_REGION is not set");
  return { sdk, logs: new sdk.CloudWatchLogsClient(clientSettings(props.aws, region)) };
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? "";
}

/** The group's ARN, or undefined when it does not exist. */
async function describe(
  sdk: Sdk,
  logs: Logs.CloudWatchLogsClient,
  name: string,
): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
    const found = page.logGroups?.find((g) => g.logGroupName === name);
    if (found) return found.logGroupArn ?? found.arn?.replace(/:\*$/, "");
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

/** Creates the group, or adopts it when AWS created it first; either way applies retention and tags. */
async function ensure(inputs: AdoptedLogGroupInputs): Promise<AdoptedLogGroupOutputs> {
  const { sdk, logs } = client(inputs);
  try {
    let adopted = false;
    try {
      await logs.send(
        new sdk.CreateLogGroupCommand({ logGroupName: inputs.logGroupName, tags: inputs.tags }),
      );
    } catch (error) {
      if (errorName(error) !== "ResourceAlreadyExistsException") throw error;
      adopted = true;
    }
    await logs.send(
      new sdk.PutRetentionPolicyCommand({
        logGroupName: inputs.logGroupName,
        retentionInDays: inputs.retentionInDays,
      }),
    );
    const arn = await describe(sdk, logs, inputs.logGroupName);
    if (!arn) throw new Error(`log group ${inputs.logGroupName} vanished while it was being configured`);
    // CreateLogGroup tagged a group it made; one that AWS made gets the tags now.
    if (adopted && Object.keys(inputs.tags).length > 0) {
      await logs.send(new sdk.TagResourceCommand({ resourceArn: arn, tags: inputs.tags }));
    }
    return { ...inputs, arn, adopted };
  } catch (error) {
    throw new Error(
      `AdoptedLogGroup ${inputs.logGroupName}: ${errorName(error) || "error"}: ${(error as Error).message}` +
        " (the deploying identity needs logs:CreateLogGroup, PutRetentionPolicy, DescribeLogGroups and TagResource)",
      { cause: error },
    );
  } finally {
    logs.destroy();
  }
}

const known = (value: unknown): boolean => value !== UNKNOWN;

/**
 * Provider of {@link AdoptedLogGroup}: a CloudWatch log group that AWS may create before the stack does
 * (AgentCore makes its runtime's group, with no expiry, when the runtime first writes). Create makes the group
 * or adopts the existing one, then sets the retention; delete removes it unless it is retained.
 */
export const adoptedLogGroupProvider: pulumi.dynamic.ResourceProvider<
  AdoptedLogGroupInputs,
  AdoptedLogGroupOutputs
> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (known(news.logGroupName) && !LOG_GROUP_NAME_PATTERN.test(news.logGroupName)) {
      failures.push({
        property: "logGroupName",
        reason: `"${news.logGroupName}" is not a log group name (1-512 letters, digits and ._-/#)`,
      });
    }
    const retention = known(news.retentionInDays) ? logRetentionProblem(news.retentionInDays) : undefined;
    if (retention) failures.push({ property: "retentionInDays", reason: `retentionInDays ${retention}` });
    const connection =
      typeof news.region === "string" && known(news.region)
        ? await connectionProblem(news.aws, news.region)
        : undefined;
    if (connection) failures.push({ property: "aws", reason: `AdoptedLogGroup: ${connection}` });
    return { inputs: news, failures };
  },

  async diff(_id, olds, news) {
    const replaces = (["logGroupName", "region"] as const).filter((key) => olds[key] !== news[key]);
    const changes =
      replaces.length > 0 ||
      olds.retentionInDays !== news.retentionInDays ||
      olds.retainOnDelete !== news.retainOnDelete ||
      JSON.stringify(olds.tags ?? {}) !== JSON.stringify(news.tags ?? {}) ||
      providerChanged(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
    // A new name is a new group: make it before the old one goes, so no log line lands in a group nobody owns.
    return { changes, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const outs = await ensure(inputs);
    return { id: inputs.logGroupName, outs };
  },

  async read(id, props) {
    const { sdk, logs } = client(props ?? {});
    try {
      const arn = await describe(sdk, logs, id);
      // No id: refresh drops a group deleted out of band, and the next update makes it again.
      if (!arn) return {};
      return { id, props: { ...(props as AdoptedLogGroupOutputs), arn } };
    } finally {
      logs.destroy();
    }
  },

  async update(_id, olds, news) {
    const outs = await ensure(news);
    const removed = Object.keys(olds.tags ?? {}).filter((key) => !(key in (news.tags ?? {})));
    if (removed.length > 0) {
      const { sdk, logs } = client(news);
      try {
        await logs.send(new sdk.UntagResourceCommand({ resourceArn: outs.arn, tagKeys: removed }));
      } finally {
        logs.destroy();
      }
    }
    return { outs: { ...outs, adopted: olds.adopted || outs.adopted } };
  },

  async delete(id, props) {
    if (props.retainOnDelete) return;
    const { sdk, logs } = client(props);
    try {
      await logs.send(new sdk.DeleteLogGroupCommand({ logGroupName: id }));
    } catch (error) {
      if (errorName(error) !== "ResourceNotFoundException") throw error;
    } finally {
      logs.destroy();
    }
  },
};
