/**
 * AWS-shaped physical ids for the fake cloud. The shapes matter: later steps validate them (the AgentCore
 * runtime's Check accepts only `subnet-…` and `sg-…` ids) and the fake EC2 endpoint tags by them.
 */
import { createHash } from "node:crypto";

/** Id prefix by type token, for EC2 resources whose ids AWS generates. */
const EC2_ID_PREFIXES: Readonly<Record<string, string>> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/route:Route": "r-rtb",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
};

/** Types whose id is their name (the property given), as the AWS provider reports them. */
const NAMED_ID_PROPERTIES: Readonly<Record<string, string>> = {
  "aws:ecr/repository:Repository": "name",
  "aws:iam/role:Role": "name",
  "aws:s3/bucket:Bucket": "bucket",
  "aws:cloudwatch/logGroup:LogGroup": "name",
};

/** Types whose ids this module generates (others keep the mocks' ids). */
export function hasAwsShapedId(type: string): boolean {
  return type in EC2_ID_PREFIXES || type in NAMED_ID_PROPERTIES;
}

/**
 * The id AWS would report for a new resource: `<prefix>-<17 hex>` for EC2 resources (deterministic from URN
 * and how many times that URN was created, so a replacement gets a new id), the name for named resources.
 * @param outputs the resource's outputs so far (the name lives there)
 * @param generation 1 for the first creation of this URN, 2 for its replacement, …
 */
export function awsShapedId(
  type: string,
  urn: string,
  outputs: Record<string, unknown>,
  generation: number,
): string {
  const prefix = EC2_ID_PREFIXES[type];
  if (prefix) {
    const hex = createHash("sha256").update(`${urn}#${generation}`).digest("hex").slice(0, 17);
    return `${prefix}-${hex}`;
  }
  const property = NAMED_ID_PROPERTIES[type];
  const name = property ? outputs[property] : undefined;
  if (typeof name !== "string" || name === "") throw new Error(`${type} ${urn} has no ${property ?? "name"}`);
  return name;
}

/**
 * Input properties whose change replaces a resource (the AWS and Docker providers' "force new" arguments for
 * the types this platform uses); any other change updates in place.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
  "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "name", "namePrefix", "description"],
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
  "aws:ec2/natGateway:NatGateway": ["subnetId", "allocationId", "connectivityType"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
  "aws:ecr/repository:Repository": ["name"],
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository"],
  "aws:iam/role:Role": ["name", "namePrefix"],
  "aws:iam/rolePolicy:RolePolicy": ["role", "name", "namePrefix"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
  "aws:ecs/cluster:Cluster": ["name"],
  "aws:ecs/service:Service": ["name", "cluster", "launchType"],
  "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
  "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "vpcId", "targetType"],
  // Task definitions are immutable revisions: every argument but tags is "force new".
  "aws:ecs/taskDefinition:TaskDefinition": ["*"],
};

/** The changed properties that force a replacement of this type. */
export function replacingChanges(type: string, changed: readonly string[]): string[] {
  const keys = REPLACE_ON_CHANGE[type] ?? [];
  if (keys.includes("*")) return changed.filter((k) => k !== "tags" && k !== "tagsAll");
  return changed.filter((k) => keys.includes(k));
}
