/** The sweep's inputs and its structured report (rendered by render.ts). */
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { Ownership } from "./tags";

export interface SweepDeps {
  /** EC2 client for the stack's region. */
  readonly ec2: EC2Client;
  /** The time the sweep runs; compared with the sweep-after tags. */
  readonly now: Date;
  /** Ids of resources still in the stack's Pulumi state: never touched, whatever their tags say. */
  readonly liveIds: ReadonlySet<string>;
}

export interface SweepOptions extends Ownership {
  /** Region swept (the client's); shown in the report. */
  readonly region: string;
  /** Look and report only: no delete calls. @default false */
  readonly dryRun?: boolean;
}

export type ResourceKind = "security-group" | "subnet" | "route-table" | "vpc";

export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly vpcId: string | undefined;
  /** The Name tag, when set. */
  readonly name: string | undefined;
}

export interface DeletedResource extends ResourceRef {
  /** AWS answered NotFound: it was gone before this sweep deleted it. */
  readonly alreadyGone: boolean;
}

/** A network interface that keeps a subnet, security group or VPC from being deleted. */
export interface BlockingEni {
  readonly id: string;
  /** EC2 InterfaceType; AgentCore runtime ENIs are "agentic_ai". */
  readonly interfaceType: string;
  readonly status: string | undefined;
}

export interface BlockedResource extends ResourceRef {
  /** What AWS still holds, e.g. "2 network interfaces still use it". */
  readonly reason: string;
  readonly enis: readonly BlockingEni[];
  /** Security groups whose rules reference this group. */
  readonly referencedBy: readonly string[];
  /** The resource's sweep-after tag (ISO-8601), when the SweepMarker stamped it. */
  readonly sweepAfter: string | undefined;
  /** What to do about it. */
  readonly hint: string;
}

export interface SweepFailure extends ResourceRef {
  /** The EC2 operation that failed, e.g. "DeleteSubnet". */
  readonly operation: string;
  readonly message: string;
}

export interface SweepReport {
  readonly stack: string;
  readonly project: string;
  readonly component: string | undefined;
  readonly region: string;
  readonly dryRun: boolean;
  /** ISO-8601 time of the sweep. */
  readonly checkedAt: string;
  /** Deleted (or, in a dry run, would be deleted), in deletion order. */
  readonly deleted: DeletedResource[];
  readonly blocked: BlockedResource[];
  /** Tagged as retained but still in the stack's state. */
  readonly skippedLive: ResourceRef[];
  readonly errors: SweepFailure[];
}
