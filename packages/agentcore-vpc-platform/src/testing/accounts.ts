import type { AvailabilityZone } from "../network/az";
import type { MockCallDescription, MockResourceDescription, ResourceRecorder } from "./mocks";
import { installMocks } from "./mocks";

/** A us-east-1 account whose first AZ names map to IDs AgentCore does not support. */
export const HOSTILE_US_EAST_1: AvailabilityZone[] = [
  { name: "us-east-1a", id: "use1-az6" },
  { name: "us-east-1b", id: "use1-az3" },
  { name: "us-east-1c", id: "use1-az5" },
  { name: "us-east-1d", id: "use1-az4" },
  { name: "us-east-1e", id: "use1-az1" },
  { name: "us-east-1f", id: "use1-az2" },
];

/** The prefix list the S3 gateway endpoint reports in the mocked account. */
export const S3_PREFIX_LIST = "pl-63a5400a";

export interface MockAccountOptions {
  /**
   * Zones (names) each interface endpoint service is offered in, by service suffix (e.g. "bedrock-runtime").
   * @default every zone of the account
   */
  readonly endpointServiceZones?: Readonly<Record<string, readonly string[]>>;
  readonly preview?: boolean;
  /** The account's available zones. @default HOSTILE_US_EAST_1 */
  readonly zones?: readonly AvailabilityZone[];
  /** @default "us-east-1" */
  readonly region?: string;
  /** @default "project" */
  readonly project?: string;
  /** @default "stack" */
  readonly stack?: string;
  /**
   * Subnets the account already has, as `aws.ec2.getSubnet` describes them (an existing stack's, say); the
   * subnet lookup by tags returns those whose tags match every filter.
   * @default none
   */
  readonly subnets?: readonly MockSubnet[];
}

/** A subnet of the mocked account. */
export interface MockSubnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZoneId: string;
  readonly tags: Readonly<Record<string, string>>;
}

function matchesFilters(subnet: MockSubnet, filters: unknown): boolean {
  const list = Array.isArray(filters) ? (filters as { name: string; values: string[] }[]) : [];
  return list.every(({ name, values }) =>
    name.startsWith("tag:") ? values.includes(subnet.tags[name.slice(4)] ?? "") : true,
  );
}

/** Answers that make the default mocks describe one account; undefined means "use the default answer". */
export interface MockAccountAnswers {
  /** Outputs added to or overriding {@link mockResourceOutputs} for a resource. */
  outputs(args: MockResourceDescription): Record<string, unknown> | undefined;
  /** Result of a provider function, replacing {@link mockCallResult}'s. */
  calls(args: MockCallDescription): Record<string, unknown> | undefined;
}

/**
 * The account's answers as pure functions: its region, its AZ name↔ID map, the zones each endpoint service is
 * offered in, and the S3 prefix list that the gateway endpoint reports. {@link mockAccount} installs them as
 * mocks; other engines can answer with them directly.
 */
export function mockAccountAnswers(options: MockAccountOptions = {}): MockAccountAnswers {
  const zones = options.zones ?? HOSTILE_US_EAST_1;
  const region = options.region ?? "us-east-1";
  return {
    outputs: ({ type, inputs }) =>
      type === "aws:ec2/vpcEndpoint:VpcEndpoint" && inputs["vpcEndpointType"] === "Gateway"
        ? { prefixListId: S3_PREFIX_LIST }
        : undefined,
    calls: ({ token, inputs }) => {
      if (token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
        return {
          id: region,
          names: zones.map((z) => z.name),
          zoneIds: zones.map((z) => z.id),
          groupNames: [],
        };
      }
      if (token === "aws:index/getRegion:getRegion") return { id: region, name: region, region };
      if (token === "aws:ec2/getSubnets:getSubnets") {
        const ids = (options.subnets ?? [])
          .filter((s) => matchesFilters(s, inputs["filters"]))
          .map((s) => s.id);
        return { id: region, ids, filters: inputs["filters"] };
      }
      if (token === "aws:ec2/getSubnet:getSubnet") {
        const subnet = options.subnets?.find((s) => s.id === inputs["id"]);
        if (!subnet) throw new Error(`no subnet ${String(inputs["id"])} in the mocked account`);
        return { ...subnet };
      }
      if (token === "aws:ec2/getVpcEndpointService:getVpcEndpointService") {
        const serviceName = String(inputs["serviceName"]);
        const suffix = serviceName.replace(`com.amazonaws.${region}.`, "");
        const offered = options.endpointServiceZones?.[suffix] ?? zones.map((z) => z.name);
        return { id: serviceName, serviceName, serviceType: "Interface", availabilityZones: offered };
      }
      return undefined;
    },
  };
}

/**
 * Installs mocks for an account: its region, its AZ name↔ID map, the zones each endpoint service is offered
 * in, and the S3 prefix list that the gateway endpoint reports (mocks otherwise echo inputs only).
 */
export function mockAccount(options: MockAccountOptions = {}): Promise<ResourceRecorder> {
  const answers = mockAccountAnswers(options);
  return installMocks({
    preview: options.preview ?? false,
    project: options.project ?? "project",
    stack: options.stack ?? "stack",
    outputs: answers.outputs,
    calls: answers.calls,
  });
}
