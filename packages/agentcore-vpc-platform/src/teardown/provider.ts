import type * as Ec2 from "@aws-sdk/client-ec2";
import type * as pulumi from "@pulumi/pulumi";
import { clientSettings, connectionProblem } from "../connection/credentials";
import { SWEEP_MARKER_DEFAULTS } from "../defaults";
import { providerChanged } from "../runtime/diff";
import { stampSweepAfter } from "./stamp";
import type { SweepMarkerInputs } from "./stamp";
import { lingerHoursProblem } from "./tags";

/*
 * The dynamic provider host loads this module through the stub stored in state (see provider-stub). AWS is
 * called only to stamp what the stack leaves behind: everything on delete, and on update the subnets and
 * security groups the stack no longer uses (a removed zone's subnets are retained, like the rest of the
 * network, and must be found by the sweep and never handed to a new zone). The SDK is required inside the
 * methods that use it.
 */

/** Marker ids are derived from the VPC, so the same VPC always gets the same marker id. */
export function sweepMarkerId(vpcId: string): string {
  return `sweep-marker-${vpcId}`;
}

function withDefaults(inputs: SweepMarkerInputs): SweepMarkerInputs {
  return { ...inputs, lingerHours: inputs.lingerHours ?? SWEEP_MARKER_DEFAULTS.lingerHours };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function dropped(olds: readonly string[] | undefined, news: readonly string[] | undefined): string[] {
  return (olds ?? []).filter((id) => !(news ?? []).includes(id));
}

/** Stamps `props`' resources with the sweep-after tag and logs what happened. */
async function stamp(label: string, props: Partial<SweepMarkerInputs>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: see top of file
  const sdk = require("@aws-sdk/client-ec2") as typeof Ec2;
  const region = props.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error(`SweepMarker ${label}: no region in state and AWS_REGION is not set`);
  const client = new sdk.EC2Client(clientSettings(props.aws, region));
  try {
    const result = await stampSweepAfter(sdk, client, props, new Date());
    const gone = result.gone.length > 0 ? `; already gone: ${result.gone.join(", ")}` : "";
    console.log(
      `SweepMarker ${label}: tagged ${result.tagged.join(", ") || "nothing"} sweep-after=${result.sweepAfter}${gone}`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * Provider of {@link SweepMarker}: on delete it tags the retained VPC, subnets and security groups with
 * `agentcore-vpc-platform:sweep-after`; on update it tags those the stack stopped using.
 */
export const sweepMarkerProvider: pulumi.dynamic.ResourceProvider<SweepMarkerInputs, SweepMarkerInputs> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const problem = lingerHoursProblem(news.lingerHours);
    if (problem) failures.push({ property: "lingerHours", reason: problem });
    const connection =
      typeof news.region === "string" ? await connectionProblem(news.aws, news.region) : undefined;
    if (connection) failures.push({ property: "aws", reason: `SweepMarker: ${connection}` });
    return { inputs: withDefaults(news), failures };
  },

  async diff(_id, olds, news) {
    const replaces = (["vpcId", "region"] as const).filter((key) => olds[key] !== news[key]);
    const changed =
      replaces.length > 0 ||
      !sameList(olds.subnetIds, news.subnetIds) ||
      !sameList(olds.securityGroupIds, news.securityGroupIds) ||
      (olds.lingerHours ?? SWEEP_MARKER_DEFAULTS.lingerHours) !==
        (news.lingerHours ?? SWEEP_MARKER_DEFAULTS.lingerHours) ||
      providerChanged(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
    // A new VPC means a new marker; the old one is deleted after, which stamps the old, retained VPC.
    return { changes: changed, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const outs = withDefaults(inputs);
    return { id: sweepMarkerId(outs.vpcId), outs };
  },

  // Nothing in AWS is the marker itself: a refresh keeps what the state says.
  async read(id, props) {
    return { id, props };
  },

  async update(id, olds, news) {
    const subnetIds = dropped(olds.subnetIds, news.subnetIds);
    const securityGroupIds = dropped(olds.securityGroupIds, news.securityGroupIds);
    if (subnetIds.length + securityGroupIds.length > 0) {
      await stamp(id, {
        region: news.region,
        subnetIds,
        securityGroupIds,
        lingerHours: news.lingerHours,
        ...(news.aws ? { aws: news.aws } : {}),
      });
    }
    // The new ids must reach state: `delete` tags what the state says.
    return { outs: withDefaults(news) };
  },

  async delete(id, props) {
    await stamp(id, props);
  },
};
