import type * as Ec2 from "@aws-sdk/client-ec2";
import { SWEEP_AFTER_TAG } from "agentcore-vpc-platform-contract";
import type { AwsConnection } from "../connection/types";
import { SWEEP_MARKER_DEFAULTS } from "../defaults";
import { ec2ErrorCode, isTagTargetGone, sweepAfterTime } from "./tags";

/** The sweep marker's inputs as the engine hands them to the provider (all known by then). */
export interface SweepMarkerInputs {
  /** Region of the retained resources. */
  region: string;
  /** The platform's VPC (retained on delete). */
  vpcId: string;
  /** Subnets the runtime's ENIs sit in (retained on delete). */
  subnetIds: string[];
  /** Security groups the runtime's ENIs use (retained on delete). */
  securityGroupIds: string[];
  /** Hours after the delete until AWS should have released the ENIs. @default 8 */
  lingerHours: number;
  /** The identity to act as (see `AwsConnection`). @default the provider process's default credentials */
  aws?: AwsConnection;
}

/** What a stamp did, for the provider's log line and for tests. */
export interface StampResult {
  /** The tag value written. */
  sweepAfter: string;
  /** Resources that now carry the tag. */
  tagged: string[];
  /** Resources that no longer exist (nothing to sweep there). */
  gone: string[];
}

/** The VPC, then subnets, then security groups: unique, non-empty ids. */
export function retainedResourceIds(props: Partial<SweepMarkerInputs>): string[] {
  const ids = [props.vpcId, ...(props.subnetIds ?? []), ...(props.securityGroupIds ?? [])];
  return [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
}

function describeError(error: unknown): string {
  const code = ec2ErrorCode(error);
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

function stampFailure(ids: readonly string[], value: string, error: unknown): Error {
  return new Error(
    `SweepMarker: could not tag ${ids.join(", ")} with ${SWEEP_AFTER_TAG}=${value}: ${describeError(error)}. ` +
      "The destroy stops here rather than leave retained resources without their sweep time: fix the cause " +
      "(e.g. allow ec2:CreateTags on the VPC, subnets and security groups) and run the destroy again.",
    { cause: error },
  );
}

/**
 * Tags the retained VPC, subnets and security groups with `sweep-after = now + lingerHours`.
 * One CreateTags call for all of them; if it fails because some are already gone, each is tagged on its
 * own and the missing ones are skipped. Any other error is thrown with the resources and the fix.
 * @param sdk the `@aws-sdk/client-ec2` module (required inside the provider method)
 * @param client an EC2 client for `props.region`
 * @param props the marker's state
 * @param now the moment of the delete
 */
export async function stampSweepAfter(
  sdk: Pick<typeof Ec2, "CreateTagsCommand">,
  client: Pick<Ec2.EC2Client, "send">,
  props: Partial<SweepMarkerInputs>,
  now: Date,
): Promise<StampResult> {
  const ids = retainedResourceIds(props);
  const sweepAfter = sweepAfterTime(now, props.lingerHours ?? SWEEP_MARKER_DEFAULTS.lingerHours);
  const result: StampResult = { sweepAfter, tagged: [], gone: [] };
  if (ids.length === 0) return result;
  const tag = (resources: string[]) =>
    client.send(
      new sdk.CreateTagsCommand({
        Resources: resources,
        Tags: [{ Key: SWEEP_AFTER_TAG, Value: sweepAfter }],
      }),
    );
  try {
    await tag(ids);
    result.tagged = ids;
    return result;
  } catch (error) {
    if (!isTagTargetGone(error)) throw stampFailure(ids, sweepAfter, error);
  }
  // CreateTags fails as a whole when one id is missing, so tag the survivors one by one.
  for (const id of ids) {
    try {
      await tag([id]);
      result.tagged.push(id);
    } catch (error) {
      if (!isTagTargetGone(error)) throw stampFailure([id], sweepAfter, error);
      result.gone.push(id);
    }
  }
  return result;
}
