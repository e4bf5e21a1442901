import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
} from "@aws-sdk/client-ec2";
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { beforeEach, describe, expect, it } from "vitest";
import {
  HEALTHY_OUTPUTS,
  INTERFACE_ENDPOINTS,
  NETWORK_ONLY_OUTPUTS,
  endpoint,
  eni,
  fakeAccount,
} from "../testing/fake-aws-account";
import { checkRuntimeEnis, checkServiceLinkedRole, checkVpcEndpoints } from "./network";

const account = fakeAccount();
beforeEach(() => account.healthy());
const { mocks } = account;

describe("checkRuntimeEnis", () => {
  it("passes attached ENIs in supported AZ IDs, filtered by tag, subnets and runtime SG", async () => {
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("pass");
    expect(r.detail).toBe("2 ENI(s) in use in supported AZ IDs use1-az1, use1-az2");
    expect(r.lines).toEqual([
      "eni-0aaa  subnet-0aaa1111  use1-az1  in-use  agentic_ai",
      "eni-0bbb  subnet-0bbb2222  use1-az2  in-use  agentic_ai",
    ]);
    expect(mocks.ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: "tag:AmazonBedrockAgentCoreManaged", Values: ["true"] },
      { Name: "subnet-id", Values: HEALTHY_OUTPUTS.privateSubnetIds },
      { Name: "group-id", Values: ["sg-0runtime"] },
    ]);
  });

  it("works from the network outputs alone (no runtime SG filter)", async () => {
    const r = await checkRuntimeEnis(account.ctx(NETWORK_ONLY_OUTPUTS), account.clients().ec2);
    expect(r.status).toBe("pass");
    expect(mocks.ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]?.args[0].input.Filters).toHaveLength(
      2,
    );
  });

  it("follows pagination", async () => {
    mocks.ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({ NetworkInterfaces: [eni("eni-1", "subnet-0aaa1111", "use1-az1")], NextToken: "t" })
      .resolvesOnce({ NetworkInterfaces: [eni("eni-2", "subnet-0bbb2222", "use1-az2")] });
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.lines).toHaveLength(2);
    expect(mocks.ec2.commandCalls(DescribeNetworkInterfacesCommand)[1]?.args[0].input.NextToken).toBe("t");
  });

  it("fails when there are no AgentCore ENIs", async () => {
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(
      "no AgentCore-managed ENIs in the private subnets subnet-0aaa1111, subnet-0bbb2222 with sg-0runtime",
    );
    expect(r.fix).toMatch(/AWSServiceRoleForBedrockAgentCoreNetwork/);
  });

  it("fails an ENI in an unsupported AZ ID and lists the supported ones", async () => {
    account.broken();
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(
      "ENI eni-0ccc in use1-az6 not in a supported AZ ID for us-east-1 (supported: use1-az1, use1-az2, use1-az4)",
    );
    expect(r.fix).toMatch(/network\.availabilityZoneIds/);
  });

  it("looks up AZ IDs from the subnets when the ENI lacks one", async () => {
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [eni("eni-1", "subnet-0aaa1111", undefined)],
    });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [{ SubnetId: "subnet-0aaa1111", AvailabilityZoneId: "use1-az5" }],
    });
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/eni-1 in use1-az5/);
    expect(mocks.ec2.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input).toEqual({
      SubnetIds: ["subnet-0aaa1111"],
    });
  });

  it("fails when no ENI is attached", async () => {
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [eni("eni-old", "subnet-0aaa1111", "use1-az1", "available")],
    });
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("1 AgentCore ENI(s) found but none is attached: eni-old (available)");
  });

  it("warns about lingering detached ENIs next to attached ones", async () => {
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        eni("eni-new", "subnet-0aaa1111", "use1-az1"),
        eni("eni-old", "subnet-0bbb2222", "use1-az2", "available"),
      ],
    });
    const r = await checkRuntimeEnis(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("warn");
    expect(r.detail).toBe("1 ENI(s) in use in use1-az1; 1 detached: eni-old (available)");
    expect(r.fix).toMatch(/8 h/);
  });

  it("warns when the region has no supported-AZ table entry", async () => {
    const ctx = { ...account.ctx(), region: "sa-east-1" };
    const r = await checkRuntimeEnis(ctx, account.clients().ec2);
    expect(r.status).toBe("warn");
    expect(r.detail).toMatch(/sa-east-1 has no supported-AZ table entry/);
  });

  it("skips without privateSubnetIds", async () => {
    const r = await checkRuntimeEnis(account.ctx({ vpcId: "vpc-1" }), account.clients().ec2);
    expect(r).toMatchObject({
      status: "skip",
      detail: "skipped: output privateSubnetIds not in this stack yet",
    });
  });
});

describe("checkVpcEndpoints", () => {
  it("passes when the S3 gateway and every interface endpoint are available with private DNS", async () => {
    const r = await checkVpcEndpoints(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("pass");
    expect(r.detail).toBe(
      "6 endpoints available (s3, ecr.api, ecr.dkr, logs, bedrock-runtime, sts), private DNS on",
    );
    expect(mocks.ec2.commandCalls(DescribeVpcEndpointsCommand)[0]?.args[0].input).toEqual({
      Filters: [{ Name: "vpc-id", Values: [HEALTHY_OUTPUTS.vpcId] }],
    });
  });

  it("fails a missing endpoint and one with private DNS off", async () => {
    account.broken();
    const r = await checkVpcEndpoints(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("ecr.dkr vpce-ecrdkr has private DNS off; logs (interface) missing");
    expect(r.fix).toMatch(/private DNS on/);
    expect(r.fix).toMatch(/npm run deploy -- dev --up/);
  });

  it("fails an endpoint that is not available", async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint("s3"),
        ...INTERFACE_ENDPOINTS.map((s) => endpoint(s, s === "sts" ? { State: "Pending" } : {})),
      ],
    });
    const r = await checkVpcEndpoints(account.ctx(), account.clients().ec2);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("sts vpce-sts is pending");
    expect(r.fix).toMatch(/LastError.*vpce-sts/);
  });

  it("does not count a deleted endpoint or a gateway where an interface is needed", async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint("s3", { State: "deleted" as VpcEndpoint["State"] }),
        ...INTERFACE_ENDPOINTS.map((s) => endpoint(s)),
      ],
    });
    const r = await checkVpcEndpoints(account.ctx(), account.clients().ec2);
    expect(r.detail).toBe("s3 (gateway) missing");
  });

  it("skips without vpcId", async () => {
    const r = await checkVpcEndpoints(account.ctx({}), account.clients().ec2);
    expect(r.detail).toBe("skipped: output vpcId not in this stack yet");
  });
});

describe("checkServiceLinkedRole", () => {
  it("passes when the role exists", async () => {
    const r = await checkServiceLinkedRole(account.ctx(), account.clients().iam);
    expect(r).toMatchObject({
      status: "pass",
      detail: "AWSServiceRoleForBedrockAgentCoreNetwork present (created 2026-09-30)",
    });
    expect(mocks.iam.commandCalls(GetRoleCommand)[0]?.args[0].input).toEqual({
      RoleName: "AWSServiceRoleForBedrockAgentCoreNetwork",
    });
  });

  it("fails a missing role with the command that creates it", async () => {
    mocks.iam
      .on(GetRoleCommand)
      .rejects(account.awsError("NoSuchEntityException", "The role cannot be found."));
    const r = await checkServiceLinkedRole(account.ctx(), account.clients().iam);
    expect(r.status).toBe("fail");
    expect(r.fix).toMatch(
      /iam:CreateServiceLinkedRole.*aws iam create-service-linked-role --aws-service-name network\.bedrock-agentcore\.amazonaws\.com/,
    );
  });
});
