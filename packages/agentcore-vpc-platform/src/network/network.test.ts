import { describe, expect, it } from "vitest";
import type { AgentCoreVpcPlatformArgs, NatGatewayMode } from "../args";
import { AgentCoreVpcPlatform } from "../platform";
import { mockAccount, S3_PREFIX_LIST } from "../testing/accounts";
import { isKnown, outputOf, type ResourceRecorder } from "../testing/mocks";
import { RETAINED_TAG } from "agentcore-vpc-platform-contract";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  igw: "aws:ec2/internetGateway:InternetGateway",
  route: "aws:ec2/route:Route",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

/** Resource types that take no tags in AWS (or in @pulumi/aws). */
const UNTAGGABLE = new Set([
  "aws:ec2/route:Route",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:lb/listener:Listener",
  "aws:appautoscaling/policy:Policy",
  "docker:index/image:Image",
  "aws:s3/bucketLogging:BucketLogging",
  "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  "aws:cloudwatch/dashboard:Dashboard",
  "aws:sns/topicSubscription:TopicSubscription",
  // Not an AWS resource: it only tags the retained network on destroy.
  "pulumi-nodejs:dynamic/agentcore:SweepMarker",
]);

const BASE_ARGS: AgentCoreVpcPlatformArgs = {
  runtimeName: "deep_insight",
  agent: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1" },
  executor: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/executor:v1" },
};

interface Run {
  rec: ResourceRecorder;
  platform: AgentCoreVpcPlatform;
}

async function deploy(
  network: AgentCoreVpcPlatformArgs["network"],
  options: { preview?: boolean } = {},
): Promise<Run> {
  const rec = await mockAccount({
    preview: options.preview ?? false,
    project: "agentcore-vpc-platform",
    stack: "dev",
  });
  const platform = new AgentCoreVpcPlatform("deep-insight", { ...BASE_ARGS, network });
  return { rec, platform };
}

function tagsOf(inputs: Record<string, unknown>): Record<string, string> {
  return (inputs["tags"] ?? {}) as Record<string, string>;
}

function privateSubnets(rec: ResourceRecorder) {
  return rec.byType(T.subnet).filter((s) => tagsOf(s.inputs)["agentcore-vpc-platform:tier"] === "private");
}

describe.each([{ preview: true }, { preview: false }])("network graph (preview: $preview)", ({ preview }) => {
  it("places every private subnet in a supported AZ ID even when the first AZ names are unsupported", async () => {
    const { rec, platform } = await deploy({ availabilityZoneCount: 3, natGateways: "perAz" }, { preview });
    await rec.settle();
    const subnets = privateSubnets(rec);
    expect(subnets.map((s) => s.inputs["availabilityZoneId"])).toEqual(["use1-az1", "use1-az2", "use1-az4"]);
    expect(subnets.map((s) => s.inputs["cidrBlock"])).toEqual([
      "10.0.0.0/19",
      "10.0.32.0/19",
      "10.0.64.0/19",
    ]);
    expect(await outputOf(platform.availabilityZoneIds)).toEqual(["use1-az1", "use1-az2", "use1-az4"]);
    const vpc = rec.one(T.vpc, "deep-insight-vpc");
    expect(vpc.inputs).toMatchObject({
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
    expect(await isKnown(platform.vpcId)).toBe(!preview);
  });

  it("creates the S3 gateway endpoint and private-DNS interface endpoints for the core services", async () => {
    const { rec } = await deploy({}, { preview });
    await rec.settle();
    const endpoints = rec.byType(T.endpoint);
    const gateway = endpoints.filter((e) => e.inputs["vpcEndpointType"] === "Gateway");
    expect(gateway.map((e) => e.inputs["serviceName"])).toEqual(["com.amazonaws.us-east-1.s3"]);
    const interfaces = endpoints.filter((e) => e.inputs["vpcEndpointType"] === "Interface");
    expect(interfaces.map((e) => e.inputs["serviceName"]).sort()).toEqual(
      ["bedrock-runtime", "ecr.api", "ecr.dkr", "logs", "sts"]
        .map((s) => `com.amazonaws.us-east-1.${s}`)
        .sort(),
    );
    for (const endpoint of interfaces) expect(endpoint.inputs["privateDnsEnabled"]).toBe(true);
  });
});

describe("interface endpoints and service zones", () => {
  it("places each endpoint only in subnets whose zone its service is offered in", async () => {
    const rec = await mockAccount({
      endpointServiceZones: { "bedrock-runtime": ["us-east-1e", "us-east-1a"] },
    });
    new AgentCoreVpcPlatform("deep-insight", { ...BASE_ARGS, network: { availabilityZoneCount: 3 } });
    await rec.settle();
    const subnets = (service: string) =>
      rec.one(T.endpoint, `deep-insight-${service}`).inputs["subnetIds"] as string[];
    expect(subnets("bedrock-runtime")).toEqual(["deep-insight-private-0-id"]);
    expect(subnets("sts")).toEqual([
      "deep-insight-private-0-id",
      "deep-insight-private-1-id",
      "deep-insight-private-2-id",
    ]);
  });

  it.each([true, false])(
    "fails the run (preview: %s) when a service is offered in none of the platform's zones",
    async (preview) => {
      const rec = await mockAccount({
        preview,
        endpointServiceZones: { "ecr.dkr": ["us-east-1a"] },
      });
      new AgentCoreVpcPlatform("deep-insight", BASE_ARGS);
      await expect(rec.settle()).rejects.toThrow(
        /network\.availabilityZoneIds: the ecr\.dkr VPC endpoint service is offered in us-east-1a of this account, none of the platform's zones/,
      );
    },
  );
});

describe("NAT modes", () => {
  it.each<[NatGatewayMode, number, number, number]>([
    ["none", 0, 0, 3],
    ["single", 1, 3, 3],
    ["perAz", 3, 3, 3],
  ])("natGateways %s: %i NAT gateways, %i public subnets", async (mode, nats, publicCount, privateCount) => {
    const { rec } = await deploy({ natGateways: mode, availabilityZoneCount: 3 });
    await rec.settle();
    expect(rec.byType(T.nat)).toHaveLength(nats);
    expect(rec.byType(T.eip)).toHaveLength(nats);
    expect(rec.byType(T.igw)).toHaveLength(nats > 0 ? 1 : 0);
    expect(rec.byType(T.subnet)).toHaveLength(publicCount + privateCount);
    const natRoutes = rec.byType(T.route).filter((r) => r.inputs["natGatewayId"] !== undefined);
    expect(natRoutes).toHaveLength(nats > 0 ? privateCount : 0);
    if (mode === "perAz") {
      expect(new Set(natRoutes.map((r) => r.inputs["natGatewayId"])).size).toBe(3);
    }
    for (const nat of rec.byType(T.nat)) {
      const subnet = rec.resources.find(
        (r) => r.type === T.subnet && `${r.name}-id` === nat.inputs["subnetId"],
      );
      expect(tagsOf(subnet?.inputs ?? {})["agentcore-vpc-platform:tier"]).toBe("public");
    }
  });

  it("adds X-Ray and CloudWatch metrics endpoints only without NAT", async () => {
    const { rec } = await deploy({ natGateways: "none" });
    await rec.settle();
    const services = rec
      .byType(T.endpoint)
      .map((e) => String(e.inputs["serviceName"]).replace("com.amazonaws.us-east-1.", ""));
    expect(services).toEqual(expect.arrayContaining(["xray", "monitoring"]));
  });
});

describe("security groups", () => {
  async function rules(mode: NatGatewayMode) {
    const { rec } = await deploy({ natGateways: mode });
    await rec.settle();
    const groupOf = (id: unknown) =>
      rec
        .byType(T.sg)
        .find((g) => `${g.name}-id` === id)
        ?.name.replace("deep-insight-", "");
    const describe = (direction: string) => (r: ResourceRecorder["resources"][number]) => {
      const i = r.inputs;
      const peer =
        i["referencedSecurityGroupId"] !== undefined
          ? `sg:${groupOf(i["referencedSecurityGroupId"])}`
          : i["prefixListId"] === S3_PREFIX_LIST
            ? "s3-prefix-list"
            : `cidr:${String(i["cidrIpv4"])}`;
      return `${groupOf(i["securityGroupId"])} ${direction} tcp/${String(i["fromPort"])}-${String(i["toPort"])} ${peer}`;
    };
    return {
      rec,
      ingress: rec.byType(T.ingress).map(describe("in")).sort(),
      egress: rec.byType(T.egress).map(describe("out")).sort(),
    };
  }

  it("admits exactly the designed sources and ports, never 0.0.0.0/0", async () => {
    const { ingress, rec } = await rules("single");
    expect(ingress).toEqual(
      [
        "alb in tcp/80-80 sg:runtime",
        "endpoints in tcp/443-443 sg:executor",
        "endpoints in tcp/443-443 sg:runtime",
        "executor in tcp/8080-8080 sg:alb",
      ].sort(),
    );
    for (const rule of rec.byType(T.ingress)) {
      expect(rule.inputs["cidrIpv4"]).toBeUndefined();
      expect(rule.inputs["cidrIpv6"]).toBeUndefined();
      expect(rule.inputs["ipProtocol"]).toBe("tcp");
    }
    expect(rec.byType(T.sg).map((g) => g.inputs["ingress"] ?? [])).toEqual([[], [], [], []]);
  });

  it("lets only the runtime out to the internet, and only when NAT is on", async () => {
    const withNat = await rules("single");
    expect(withNat.egress).toEqual(
      [
        "alb out tcp/8080-8080 sg:executor",
        "executor out tcp/443-443 s3-prefix-list",
        "executor out tcp/443-443 sg:endpoints",
        "runtime out tcp/443-443 cidr:0.0.0.0/0",
        "runtime out tcp/443-443 s3-prefix-list",
        "runtime out tcp/443-443 sg:endpoints",
        "runtime out tcp/80-80 sg:alb",
      ].sort(),
    );
    const withoutNat = await rules("none");
    expect(withoutNat.egress.filter((r) => r.includes("0.0.0.0/0"))).toEqual([]);
  });
});

describe("tags and retention", () => {
  it("tags every taggable resource with the component, stack and project", async () => {
    const { rec } = await deploy({ natGateways: "perAz" });
    await rec.settle();
    const custom = rec.resources.filter((r) => r.custom && !UNTAGGABLE.has(r.type));
    expect(custom.length).toBeGreaterThan(30);
    for (const resource of custom) {
      expect(tagsOf(resource.inputs), `${resource.type} ${resource.name}`).toMatchObject({
        "agentcore-vpc-platform:component": "deep-insight",
        "agentcore-vpc-platform:stack": "dev",
        "agentcore-vpc-platform:project": "agentcore-vpc-platform",
      });
    }
  });

  it("retains the VPC, private subnets and runtime security group (what lingering ENIs block), and only those", async () => {
    const { rec } = await deploy({ natGateways: "single" });
    await rec.settle();
    const retained = rec.resources.filter((r) => r.retainOnDelete).map((r) => `${r.type} ${r.name}`);
    expect(retained.sort()).toEqual(
      [
        `${T.sg} deep-insight-runtime`,
        `${T.subnet} deep-insight-private-0`,
        `${T.subnet} deep-insight-private-1`,
        `${T.vpc} deep-insight-vpc`,
      ].sort(),
    );
    for (const resource of rec.resources.filter((r) => r.retainOnDelete)) {
      expect(tagsOf(resource.inputs)[RETAINED_TAG]).toBe("true");
    }
  });

  it("can turn retention off for networks that never had a runtime", async () => {
    const { rec } = await deploy({ retainOnDelete: false });
    await rec.settle();
    expect(rec.resources.filter((r) => r.retainOnDelete)).toEqual([]);
  });
});
