/**
 * One deliberately broken graph per policy: the dev stack's recorded graph with exactly one invariant
 * broken, the way a careless change to the program would break it.
 */
import { EXECUTOR_CONTAINER_USER } from "agentcore-vpc-platform-contract";
import type { GraphResource, ResourceGraph } from "./graph";
import { changeContainers, changeProps, find, removeResource } from "./mutate";

/** A broken graph and the resource the violation must be reported against. */
export interface BrokenGraph {
  /** The policy that must fire (and the only one). */
  readonly policy: string;
  /** What was broken, in words. */
  readonly change: string;
  readonly graph: ResourceGraph;
  readonly culprit: GraphResource;
}

type Props = Record<string, unknown>;

/** Breaks one invariant of a dev-stack graph for each policy of the pack. */
export function brokenGraphs(graph: ResourceGraph): BrokenGraph[] {
  const ingress = find(
    graph,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "alb-ingress-runtime-80",
  );
  const alb = find(graph, "aws:lb/loadBalancer:LoadBalancer");
  const service = find(graph, "aws:ecs/service:Service");
  const runtime = find(graph, "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime");
  const privateSubnet = find(graph, "aws:ec2/subnet:Subnet", "-private-1");
  const taskDefinition = find(graph, "aws:ecs/taskDefinition:TaskDefinition");
  const bucket = find(graph, "aws:s3/bucket:Bucket");
  const tlsPolicy = find(graph, "aws:s3/bucketPolicy:BucketPolicy");
  const taskPolicy = find(graph, "aws:iam/rolePolicy:RolePolicy", "exec-task-policy");
  const logGroup = find(graph, "aws:cloudwatch/logGroup:LogGroup");
  return [
    {
      policy: "no-public-ingress",
      change: "the ALB's ingress rule admits 0.0.0.0/0 instead of the runtime's security group",
      graph: changeProps(graph, ingress, ({ referencedSecurityGroupId: _dropped, ...props }) => ({
        ...props,
        cidrIpv4: "0.0.0.0/0",
      })),
      culprit: ingress,
    },
    {
      policy: "internal-load-balancers-only",
      change: "the executor's ALB is internet-facing",
      graph: changeProps(graph, alb, (props) => ({ ...props, internal: false })),
      culprit: alb,
    },
    {
      policy: "no-public-ip-on-tasks",
      change: "the executor service assigns public IPs",
      graph: changeProps(graph, service, (props) => ({
        ...props,
        networkConfiguration: { ...(props["networkConfiguration"] as Props), assignPublicIp: true },
      })),
      culprit: service,
    },
    {
      policy: "runtime-in-vpc-supported-azs",
      change: "a private subnet of the runtime moved to AZ ID use1-az3",
      graph: changeProps(graph, privateSubnet, (props) => ({ ...props, availabilityZoneId: "use1-az3" })),
      culprit: runtime,
    },
    {
      policy: "images-pinned-by-digest",
      change: "the runtime's image is given by tag",
      graph: changeProps(graph, runtime, (props) => ({
        ...props,
        containerUri: String(props["containerUri"]).replace(/@sha256:[0-9a-f]+$/, ":latest"),
      })),
      culprit: runtime,
    },
    {
      policy: "root-containers-drop-capabilities",
      change: "the executor runs as root without dropping capabilities",
      graph: changeContainers(graph, taskDefinition, (containers) =>
        containers.map(({ linuxParameters: _dropped, ...c }) => ({ ...c, user: EXECUTOR_CONTAINER_USER })),
      ),
      culprit: taskDefinition,
    },
    {
      policy: "s3-buckets-protected",
      change: "the data bucket's TLS-only policy is gone",
      graph: removeResource(graph, tlsPolicy),
      culprit: bucket,
    },
    {
      policy: "iam-no-wildcard-actions",
      change: 'the executor task role\'s policy allows "s3:*"',
      graph: changeProps(graph, taskPolicy, (props) => {
        const document = JSON.parse(String(props["policy"])) as { Statement: Props[] };
        const [first, ...rest] = document.Statement;
        return {
          ...props,
          policy: JSON.stringify({ ...document, Statement: [{ ...first, Action: "s3:*" }, ...rest] }),
        };
      }),
      culprit: taskPolicy,
    },
    {
      policy: "log-groups-have-retention",
      change: "the executor's log group keeps events forever",
      graph: changeProps(graph, logGroup, ({ retentionInDays: _dropped, ...props }) => props),
      culprit: logGroup,
    },
  ];
}
