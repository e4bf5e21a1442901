import type * as Ec2 from "@aws-sdk/client-ec2";
import type * as pulumi from "@pulumi/pulumi";
import { stampSweepAfter } from "./stamp";
import type { SweepMarkerInputs } from "./stamp";
import { DEFAULT_LINGER_HOURS, lingerHoursProblem } from "./tags";

/*
 * Pulumi serializes this object into state and runs it in a separate provider process: a module-level
 * SDK import or client would be captured (and cannot be serialized), so `delete` require()s the SDK.
 * Only `delete` talks to AWS; create/update just record the ids that `delete` will tag.
 */

/** Marker ids are derived from the VPC, so the same VPC always gets the same marker id. */
export function sweepMarkerId(vpcId: string): string {
  return `sweep-marker-${vpcId}`;
}

function withDefaults(inputs: SweepMarkerInputs): SweepMarkerInputs {
  return { ...inputs, lingerHours: inputs.lingerHours ?? DEFAULT_LINGER_HOURS };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * Provider of {@link SweepMarker}: on delete it tags the retained VPC, subnets and security groups
 * with `agentcore-vpc-platform:sweep-after`; everything else is bookkeeping without AWS calls.
 */
export const sweepMarkerProvider: pulumi.dynamic.ResourceProvider<SweepMarkerInputs, SweepMarkerInputs> = {
  async check(_olds, news) {
    const problem = lingerHoursProblem(news.lingerHours);
    return {
      inputs: withDefaults(news),
      failures: problem ? [{ property: "lingerHours", reason: problem }] : [],
    };
  },

  async diff(_id, olds, news) {
    const replaces = (["vpcId", "region"] as const).filter((key) => olds[key] !== news[key]);
    const changed =
      replaces.length > 0 ||
      !sameList(olds.subnetIds, news.subnetIds) ||
      !sameList(olds.securityGroupIds, news.securityGroupIds) ||
      (olds.lingerHours ?? DEFAULT_LINGER_HOURS) !== (news.lingerHours ?? DEFAULT_LINGER_HOURS);
    // A new VPC means a new marker; the old one is deleted after, which stamps the old, retained VPC.
    return { changes: changed, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const outs = withDefaults(inputs);
    return { id: sweepMarkerId(outs.vpcId), outs };
  },

  async update(_id, _olds, news) {
    // The new ids must reach state: `delete` tags what the state says.
    return { outs: withDefaults(news) };
  },

  async delete(id, props) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, not at module level: see top of file
    const sdk = require("@aws-sdk/client-ec2") as typeof Ec2;
    const region = props.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`SweepMarker ${id}: no region in state and AWS_REGION is not set`);
    const client = new sdk.EC2Client({ region });
    try {
      const result = await stampSweepAfter(sdk, client, props, new Date());
      const gone = result.gone.length > 0 ? `; already gone: ${result.gone.join(", ")}` : "";
      console.log(
        `SweepMarker ${id}: tagged ${result.tagged.join(", ") || "nothing"} sweep-after=${result.sweepAfter}${gone}`,
      );
    } finally {
      client.destroy();
    }
  },
};
