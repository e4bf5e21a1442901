import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import {
  ingressRuleFindings,
  inlineIngressFindings,
  isWholeAddressSpace,
  noPublicIngress,
  securityGroupRuleFindings,
} from "./no-public-ingress";

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

describe("isWholeAddressSpace", () => {
  it.each(["0.0.0.0/0", "::/0", "0::0/0", " 0.0.0.0/0 ", "10.0.0.0/0", "::/00"])(
    "%s is the whole space",
    (cidr) => {
      expect(isWholeAddressSpace(cidr)).toBe(true);
    },
  );
  it.each(["10.0.0.0/16", "0.0.0.0/1", "::/1", "fd00::/8", "192.168.0.0/10", undefined, 0])(
    "%s is not",
    (cidr) => {
      expect(isWholeAddressSpace(cidr)).toBe(false);
    },
  );
});

describe("finders", () => {
  it("read inline ingress blocks, IPv4 and IPv6", () => {
    const findings = inlineIngressFindings({
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] },
        { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
      ],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    expect(findings.map((f) => f.problem)).toEqual([
      "inline ingress rule 1 admits all traffic from ::/0 (the whole internet)",
    ]);
  });

  it("ignore egress rules and rules from security groups", () => {
    expect(securityGroupRuleFindings({ type: "egress", cidrBlocks: ["0.0.0.0/0"] })).toEqual([]);
    expect(ingressRuleFindings({ ipProtocol: "tcp", referencedSecurityGroupId: "sg-1" })).toEqual([]);
  });
});

describe("no-public-ingress on broken dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("fires on an aws.vpc.SecurityGroupIngressRule from 0.0.0.0/0", async () => {
    const rule = find(graph, INGRESS_RULE, "alb-ingress-runtime-80");
    const broken = changeProps(graph, rule, ({ referencedSecurityGroupId: _dropped, ...props }) => ({
      ...props,
      cidrIpv4: "0.0.0.0/0",
    }));
    expectViolations(await runPolicy(noPublicIngress, broken), rule, {
      problem: "the ingress rule admits tcp port 80 from 0.0.0.0/0 (the whole internet)",
      fix: "admit only the security groups",
    });
  });

  it("fires on an inline ingress block from ::/0", async () => {
    const group = find(graph, SECURITY_GROUP, "-alb");
    const broken = changeProps(graph, group, (props) => ({
      ...props,
      ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: [], ipv6CidrBlocks: ["::/0"] }],
    }));
    expectViolations(await runPolicy(noPublicIngress, broken), group, {
      problem: "inline ingress rule 0 admits tcp port 80 from ::/0",
      fix: "referencedSecurityGroupId",
    });
  });

  it("fires on an aws.ec2.SecurityGroupRule of type ingress", async () => {
    const rule = customResource("aws:ec2/securityGroupRule:SecurityGroupRule", "open-ssh", {
      type: "ingress",
      protocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrBlocks: ["0.0.0.0/0"],
      securityGroupId: "sg-0123",
    });
    expectViolations(await runPolicy(noPublicIngress, addResource(graph, rule)), rule, {
      problem: "admits tcp port 22 from 0.0.0.0/0",
      fix: "private CIDR",
    });
  });

  it("leaves the runtime's HTTPS egress to 0.0.0.0/0 alone (egress is not ingress)", async () => {
    const egress = find(
      graph,
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
      "runtime-egress-anywhere-443",
    );
    expect(egress.inputs["cidrIpv4"]).toBe("0.0.0.0/0");
    expect(await runPolicy(noPublicIngress, graph)).toEqual([]);
  });
});
