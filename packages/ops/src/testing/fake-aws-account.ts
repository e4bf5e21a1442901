/**
 * Test support: a fake AWS account behind aws-sdk-client-mock, as doctor sees it: healthy by default, with
 * one function per way it can break. The platform's tables (supported AZ IDs, interface endpoints) come from
 * the component, so the fake account is built the way the component builds a real one.
 */
import { Readable } from "node:stream";
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from "@aws-sdk/client-bedrock-agentcore";
import {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
} from "@aws-sdk/client-bedrock-agentcore-control";
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import type { NetworkInterface, VpcEndpoint } from "@aws-sdk/client-ec2";
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from "@aws-sdk/client-ecs";
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { CORE_INTERFACE_ENDPOINTS, SUPPORTED_AZ_IDS } from "agentcore-vpc-platform";
import { PORTS } from "agentcore-vpc-platform-contract";
import type { StackOutputName } from "agentcore-vpc-platform-contract";
import { AGENTCORE_INTERFACE_TYPE, SERVICE_LINKED_ROLE } from "../aws/agentcore";
import type { DoctorClients, DoctorContext } from "../doctor/types";

/** The agent's answer to doctor's health payload: one `health` event (see agent/README.md). */
export const HEALTH_EVENT_OK = {
  type: "health",
  seq: 0,
  ts: "2026-11-21T11:58:00.000Z",
  status: "ok",
  executor: {
    url: "http://internal-deep-insight-exec-1234567890.us-east-1.elb.amazonaws.com",
    httpStatus: 200,
    durationMs: 12,
  },
} as const;

export const REGION = "us-east-1";
export const RUNTIME_ID = "deep_insight-Ab12Cd34Ef";
export const RUNTIME_ARN = `arn:aws:bedrock-agentcore:${REGION}:123456789012:runtime/${RUNTIME_ID}`;
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/deep-insight-exec/0123456789abcdef`;
/** The start of the fake clock; the runtime's last log line is 2 minutes before it. */
export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
export const INVOKE_LATENCY_MS = 842;

export const HEALTHY_OUTPUTS = {
  vpcId: "vpc-0a1b2c3d4e5f60718",
  privateSubnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"],
  availabilityZoneIds: ["use1-az1", "use1-az2"],
  runtimeArn: RUNTIME_ARN,
  runtimeId: RUNTIME_ID,
  runtimeVersion: "3",
  executorUrl: "http://internal-deep-insight-alb-123.us-east-1.elb.amazonaws.com",
  albDnsName: "internal-deep-insight-alb-123.us-east-1.elb.amazonaws.com",
  dataBucketName: "deep-insight-data-123456789012",
  agentImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-agent@sha256:aaaa",
  executorImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-executor@sha256:bbbb",
  executorTargetGroupArn: TG_ARN,
  executorClusterName: "deep-insight-executor",
  executorServiceName: "deep-insight-executor",
  runtimeSecurityGroupId: "sg-0runtime",
} satisfies Partial<Record<StackOutputName, unknown>>;

/** A stack that exports only its network outputs: every check that needs more must skip, not fail. */
export const NETWORK_ONLY_OUTPUTS = {
  vpcId: HEALTHY_OUTPUTS.vpcId,
  privateSubnetIds: HEALTHY_OUTPUTS.privateSubnetIds,
  availabilityZoneIds: HEALTHY_OUTPUTS.availabilityZoneIds,
};

export const SUPPORTED: Readonly<Record<string, readonly string[]>> = SUPPORTED_AZ_IDS;
export const INTERFACE_ENDPOINTS: readonly string[] = CORE_INTERFACE_ENDPOINTS;

export function eni(id: string, subnet: string, az: string | undefined, status = "in-use"): NetworkInterface {
  return {
    NetworkInterfaceId: id,
    SubnetId: subnet,
    AvailabilityZoneId: az,
    Status: status as NetworkInterface["Status"],
    InterfaceType: AGENTCORE_INTERFACE_TYPE as NetworkInterface["InterfaceType"],
  };
}

export function endpoint(service: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const gateway = service === "s3";
  return {
    VpcEndpointId: `vpce-${service.replace(/[^a-z0-9]/g, "")}`,
    ServiceName: `com.amazonaws.${REGION}.${service}`,
    VpcEndpointType: gateway ? "Gateway" : "Interface",
    State: "available" as VpcEndpoint["State"],
    PrivateDnsEnabled: !gateway,
    ...overrides,
  };
}

export type FakeAccount = ReturnType<typeof fakeAccount>;

/** Mocks every client class doctor uses and sets them up as a healthy account. */
export function fakeAccount() {
  const mocks = {
    control: mockClient(BedrockAgentCoreControlClient),
    data: mockClient(BedrockAgentCoreClient),
    ec2: mockClient(EC2Client),
    ecs: mockClient(ECSClient),
    elbv2: mockClient(ElasticLoadBalancingV2Client),
    logs: mockClient(CloudWatchLogsClient),
    iam: mockClient(IAMClient),
  };
  let clock = NOW;
  const ctx = (outputs: Record<string, unknown> = HEALTHY_OUTPUTS): DoctorContext => ({
    stack: "dev",
    region: REGION,
    outputs,
    supportedAzIds: (r) => SUPPORTED[r],
    interfaceEndpoints: INTERFACE_ENDPOINTS,
    now: () => clock,
    newSessionId: () => "doctor-00000000-0000-4000-8000-000000000001",
  });
  const credentials = { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" };
  const clients = (): DoctorClients => ({
    control: new BedrockAgentCoreControlClient({ region: REGION, credentials }),
    data: new BedrockAgentCoreClient({ region: REGION, credentials }),
    ec2: new EC2Client({ region: REGION, credentials }),
    ecs: new ECSClient({ region: REGION, credentials }),
    elbv2: new ElasticLoadBalancingV2Client({ region: REGION, credentials }),
    logs: new CloudWatchLogsClient({ region: REGION, credentials }),
    iam: new IAMClient({ region: REGION, credentials }),
  });

  const healthy = () => {
    Object.values(mocks).forEach((m) => m.reset());
    clock = NOW;
    mocks.control.on(GetAgentRuntimeCommand).resolves({
      agentRuntimeId: RUNTIME_ID,
      agentRuntimeName: "deep_insight",
      agentRuntimeArn: RUNTIME_ARN,
      agentRuntimeVersion: "3",
      status: "READY",
      networkConfiguration: {
        networkMode: "VPC",
        networkModeConfig: { subnets: HEALTHY_OUTPUTS.privateSubnetIds, securityGroups: ["sg-0runtime"] },
      },
    });
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        eni("eni-0aaa", "subnet-0aaa1111", "use1-az1"),
        eni("eni-0bbb", "subnet-0bbb2222", "use1-az2"),
      ],
    });
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: ["s3", ...INTERFACE_ENDPOINTS].map((s) => endpoint(s)),
    });
    mocks.iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: SERVICE_LINKED_ROLE,
        Path: "/aws-service-role/network.bedrock-agentcore.amazonaws.com/",
        RoleId: "AROAFAKE",
        Arn: "arn:aws:iam::123456789012:role/aws-service-role/network.bedrock-agentcore.amazonaws.com/AWSServiceRoleForBedrockAgentCoreNetwork",
        CreateDate: new Date(Date.UTC(2026, 8, 30)),
      },
    });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: "10.0.1.25", Port: PORTS.executor }, TargetHealth: { State: "healthy" } },
      ],
    });
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "deep-insight-executor",
          status: "ACTIVE",
          runningCount: 1,
          desiredCount: 1,
          deployments: [{ id: "ecs-svc/1", rolloutState: "COMPLETED" }],
          events: [{ message: "(service deep-insight-executor) has reached a steady state." }],
        },
      ],
    });
    mocks.logs.on(DescribeLogStreamsCommand).resolves({
      logStreams: [{ logStreamName: "2026/11/21/[runtime-logs]5f0c6a1e" }],
    });
    mocks.logs.on(GetLogEventsCommand).resolves({
      events: [
        { timestamp: NOW - 125_000, message: "INFO agent listening on 0.0.0.0:8080" },
        { timestamp: NOW - 121_000, message: "INFO GET /ping 200" },
        { timestamp: NOW - 120_000, message: "INFO POST /invocations 200 (healthCheck) 12 ms" },
      ],
    });
    mocks.data.on(InvokeAgentRuntimeCommand).callsFake(async () => {
      clock += INVOKE_LATENCY_MS;
      return {
        statusCode: 200,
        contentType: "text/event-stream",
        runtimeSessionId: "doctor-00000000-0000-4000-8000-000000000001",
        response: Readable.from([Buffer.from(`data: ${JSON.stringify(HEALTH_EVENT_OK)}\n\n`)]),
      };
    });
  };

  const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

  /** The failure doctor exists for: a READY runtime whose container never starts, an executor that cannot pull its image. */
  const broken = () => {
    healthy();
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        eni("eni-0aaa", "subnet-0aaa1111", "use1-az1"),
        eni("eni-0ccc", "subnet-0bbb2222", "use1-az6"),
      ],
    });
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint("s3"),
        endpoint("ecr.api"),
        endpoint("ecr.dkr", { PrivateDnsEnabled: false }),
        endpoint("bedrock-runtime"),
        endpoint("sts"),
      ],
    });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "deep-insight-executor",
          status: "ACTIVE",
          runningCount: 0,
          desiredCount: 1,
          deployments: [{ id: "ecs-svc/2", rolloutState: "IN_PROGRESS" }],
          events: [
            {
              message: "(service deep-insight-executor) is unable to consistently start tasks successfully.",
            },
          ],
        },
      ],
    });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:aws:ecs:us-east-1:123456789012:task/c/1"] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          stoppedReason:
            "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/deep-insight-executor@sha256:bbbb: dial tcp 52.0.0.1:443: i/o timeout",
        },
      ],
    });
    mocks.logs
      .on(DescribeLogStreamsCommand)
      .rejects(awsError("ResourceNotFoundException", "The specified log group does not exist."));
    mocks.data.on(InvokeAgentRuntimeCommand).callsFake(async () => {
      clock += 61_230;
      throw awsError(
        "RuntimeClientError",
        "Runtime health check failed or timed out. Please make sure that health check is implemented according to the requirements.",
      );
    });
  };

  healthy();
  return { mocks, ctx, clients, healthy, broken, awsError, advance: (ms: number) => (clock += ms) };
}
