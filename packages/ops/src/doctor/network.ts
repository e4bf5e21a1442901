/**
 * Checks on the runtime's place in the VPC: its ENIs (attached, in supported AZ IDs), the VPC endpoints it
 * needs (available, private DNS on), and the service-linked role AgentCore uses to create the ENIs.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
} from "@aws-sdk/client-ec2";
import type { EC2Client, Filter, NetworkInterface } from "@aws-sdk/client-ec2";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import {
  AGENTCORE_ENI_TAG,
  ENI_RELEASE_HOURS,
  SERVICE_LINKED_ROLE,
  SERVICE_LINKED_ROLE_SERVICE,
} from "../aws/agentcore";
import { errorName } from "../errors";
import { skipIfMissing, stringListOutput, stringOutput } from "./outputs";
import type { CheckResult, DoctorContext } from "./types";

export async function checkRuntimeEnis(ctx: DoctorContext, ec2: EC2Client): Promise<CheckResult> {
  const id = "runtime-enis";
  const title = "Runtime ENIs";
  const subnets = stringListOutput(ctx.outputs, "privateSubnetIds");
  if (!subnets) return skipIfMissing(id, title, ctx.outputs, ["privateSubnetIds"]) as CheckResult;

  const filters: Filter[] = [
    { Name: `tag:${AGENTCORE_ENI_TAG}`, Values: ["true"] },
    { Name: "subnet-id", Values: subnets },
  ];
  const sg = stringOutput(ctx.outputs, "runtimeSecurityGroupId");
  if (sg) filters.push({ Name: "group-id", Values: [sg] });
  const enis: NetworkInterface[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters, NextToken: token }));
    enis.push(...(page.NetworkInterfaces ?? []));
    token = page.NextToken;
  } while (token);

  if (enis.length === 0) {
    return {
      id,
      title,
      status: "fail",
      detail: `no AgentCore-managed ENIs in the private subnets ${subnets.join(", ")}${sg ? ` with ${sg}` : ""}`,
      fix: `AgentCore creates them through ${SERVICE_LINKED_ROLE} when a VPC-mode runtime is created: check the service-linked-role and runtime-status results, then run \`npm run deploy -- ${ctx.stack} --up\``,
    };
  }

  const azOfSubnet = await subnetAzIds(
    ec2,
    enis.filter((e) => !e.AvailabilityZoneId && e.SubnetId).map((e) => e.SubnetId as string),
  );
  const supported = ctx.supportedAzIds(ctx.region);
  const lines: string[] = [];
  const unsupported: string[] = [];
  const detached: string[] = [];
  const azIds = new Set<string>();
  for (const eni of enis) {
    const az = eni.AvailabilityZoneId ?? (eni.SubnetId ? azOfSubnet.get(eni.SubnetId) : undefined) ?? "?";
    const eniId = eni.NetworkInterfaceId ?? "?";
    lines.push(`${eniId}  ${eni.SubnetId ?? "?"}  ${az}  ${eni.Status ?? "?"}  ${eni.InterfaceType ?? "?"}`);
    if (eni.Status === "in-use") azIds.add(az);
    if (supported && !supported.includes(az)) unsupported.push(`${eniId} in ${az}`);
    if (eni.Status !== "in-use") detached.push(`${eniId} (${eni.Status ?? "?"})`);
  }
  const inUse = enis.length - detached.length;

  if (unsupported.length > 0) {
    return {
      id,
      title,
      status: "fail",
      detail: `ENI ${unsupported.join(", ")} not in a supported AZ ID for ${ctx.region} (supported: ${supported?.join(", ")})`,
      fix: `set network.availabilityZoneIds to supported IDs (or let the platform pick them) and run \`npm run deploy -- ${ctx.stack} --up\``,
      lines,
    };
  }
  if (inUse === 0) {
    return {
      id,
      title,
      status: "fail",
      detail: `${enis.length} AgentCore ENI(s) found but none is attached: ${detached.join(", ")}`,
      fix: `detached ENIs are left by deleted runtime versions (AWS removes them within ${ENI_RELEASE_HOURS} h); the current runtime has none: run \`npm run deploy -- ${ctx.stack} --up\``,
      lines,
    };
  }
  const azs = [...azIds].sort().join(", ");
  if (!supported) {
    return {
      id,
      title,
      status: "warn",
      detail: `${inUse} ENI(s) in use in ${azs}, but ${ctx.region} has no supported-AZ table entry to check against`,
      fix: "compare with the AZ IDs listed for the region in the AgentCore VPC documentation",
      lines,
    };
  }
  if (detached.length > 0) {
    return {
      id,
      title,
      status: "warn",
      detail: `${inUse} ENI(s) in use in ${azs}; ${detached.length} detached: ${detached.join(", ")}`,
      fix: `detached AgentCore ENIs are left by earlier runtime versions and disappear within ${ENI_RELEASE_HOURS} h; they block deleting the subnets until then`,
      lines,
    };
  }
  return { id, title, status: "pass", detail: `${inUse} ENI(s) in use in supported AZ IDs ${azs}`, lines };
}

async function subnetAzIds(ec2: EC2Client, subnetIds: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (subnetIds.length === 0) return map;
  const out = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...new Set(subnetIds)] }));
  for (const s of out.Subnets ?? []) {
    if (s.SubnetId && s.AvailabilityZoneId) map.set(s.SubnetId, s.AvailabilityZoneId);
  }
  return map;
}

export async function checkVpcEndpoints(ctx: DoctorContext, ec2: EC2Client): Promise<CheckResult> {
  const id = "vpc-endpoints";
  const title = "VPC endpoints";
  const vpcId = stringOutput(ctx.outputs, "vpcId");
  if (!vpcId) return skipIfMissing(id, title, ctx.outputs, ["vpcId"]) as CheckResult;

  const out = await ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
  );
  const endpoints = (out.VpcEndpoints ?? []).filter((e) => !/^(deleted|deleting)$/i.test(e.State ?? ""));
  const expected = [
    { service: "s3", type: "Gateway" },
    ...ctx.interfaceEndpoints.map((service) => ({ service, type: "Interface" })),
  ];
  const problems: string[] = [];
  const fixes = new Set<string>();
  const lines: string[] = [];
  for (const want of expected) {
    const name = `com.amazonaws.${ctx.region}.${want.service}`;
    const ep = endpoints.find((e) => e.ServiceName === name && e.VpcEndpointType === want.type);
    if (!ep) {
      problems.push(`${want.service} (${want.type.toLowerCase()}) missing`);
      fixes.add(`the platform creates every endpoint: run \`npm run deploy -- ${ctx.stack} --up\``);
      continue;
    }
    const state = (ep.State ?? "?").toLowerCase();
    const dns =
      want.type === "Interface" ? (ep.PrivateDnsEnabled ? ", private DNS" : ", private DNS OFF") : "";
    lines.push(`${ep.VpcEndpointId ?? "?"}  ${want.service}  ${state}${dns}`);
    if (state !== "available") {
      problems.push(`${want.service} ${ep.VpcEndpointId ?? ""} is ${state}`);
      fixes.add(
        `an endpoint not 'available' does not route traffic: look at its LastError (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${ep.VpcEndpointId ?? "<id>"})`,
      );
    }
    if (want.type === "Interface" && !ep.PrivateDnsEnabled) {
      problems.push(`${want.service} ${ep.VpcEndpointId ?? ""} has private DNS off`);
      fixes.add(
        "turn private DNS on (privateDnsEnabled: true; the VPC needs DNS support and hostnames): without it the runtime resolves the public endpoint",
      );
    }
  }
  if (problems.length > 0) {
    return { id, title, status: "fail", detail: problems.join("; "), fix: [...fixes].join("; "), lines };
  }
  return {
    id,
    title,
    status: "pass",
    detail: `${expected.length} endpoints available (${expected.map((e) => e.service).join(", ")}), private DNS on`,
  };
}

export async function checkServiceLinkedRole(_ctx: DoctorContext, iam: IAMClient): Promise<CheckResult> {
  const id = "service-linked-role";
  const title = "Service-linked role";
  try {
    const out = await iam.send(new GetRoleCommand({ RoleName: SERVICE_LINKED_ROLE }));
    const created = out.Role?.CreateDate
      ? ` (created ${out.Role.CreateDate.toISOString().slice(0, 10)})`
      : "";
    return { id, title, status: "pass", detail: `${SERVICE_LINKED_ROLE} present${created}` };
  } catch (err) {
    if (errorName(err) === "NoSuchEntityException") {
      return {
        id,
        title,
        status: "fail",
        detail: `${SERVICE_LINKED_ROLE} does not exist: AgentCore cannot create ENIs in the VPC`,
        fix: `AWS creates it on first VPC use if the deployer has iam:CreateServiceLinkedRole for ${SERVICE_LINKED_ROLE_SERVICE}; or run \`aws iam create-service-linked-role --aws-service-name ${SERVICE_LINKED_ROLE_SERVICE}\``,
      };
    }
    throw err;
  }
}
