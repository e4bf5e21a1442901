import { describe, expect, it } from "vitest";
import type { NatGatewayMode } from "../args";
import {
  endpointZoneIndexes,
  endpointServiceName,
  interfaceEndpointServices,
  natGatewayCount,
  planSecurityGroupRules,
} from "./plan";

const MODES: NatGatewayMode[] = ["none", "single", "perAz"];

describe("planSecurityGroupRules", () => {
  it.each(MODES)("never admits anywhere on ingress (%s)", (mode) => {
    const ingress = planSecurityGroupRules(mode).filter((r) => r.direction === "ingress");
    expect(ingress.length).toBe(4);
    for (const rule of ingress) expect("group" in rule.peer).toBe(true);
  });

  it("opens internet egress for the runtime only, and only with NAT", () => {
    const anywhere = (mode: NatGatewayMode) =>
      planSecurityGroupRules(mode)
        .filter((r) => "anywhere" in r.peer)
        .map((r) => `${r.group}/${r.direction}/${r.port}`);
    expect(anywhere("none")).toEqual([]);
    expect(anywhere("single")).toEqual(["runtime/egress/443"]);
    expect(anywhere("perAz")).toEqual(["runtime/egress/443"]);
  });

  it("pairs every cross-group egress with the matching ingress on the peer", () => {
    const rules = planSecurityGroupRules("single");
    for (const out of rules.filter((r) => r.direction === "egress" && "group" in r.peer)) {
      const peer = (out.peer as { group: string }).group;
      const match = rules.find(
        (r) =>
          r.direction === "ingress" &&
          r.group === peer &&
          r.port === out.port &&
          "group" in r.peer &&
          r.peer.group === out.group,
      );
      expect(match, `${out.group} -> ${peer}:${out.port}`).toBeDefined();
    }
  });
});

describe("endpoints and NAT", () => {
  it("lists the core interface endpoints, plus X-Ray and metrics without NAT", () => {
    expect(interfaceEndpointServices("single")).toEqual([
      "ecr.api",
      "ecr.dkr",
      "logs",
      "bedrock-runtime",
      "sts",
    ]);
    expect(interfaceEndpointServices("none")).toEqual([
      "ecr.api",
      "ecr.dkr",
      "logs",
      "bedrock-runtime",
      "sts",
      "xray",
      "monitoring",
    ]);
    expect(endpointServiceName("eu-west-1", "ecr.dkr")).toBe("com.amazonaws.eu-west-1.ecr.dkr");
  });

  it("counts NAT gateways per mode", () => {
    expect(MODES.map((m) => natGatewayCount(m, 3))).toEqual([0, 1, 3]);
  });
});

describe("endpointZoneIndexes", () => {
  const zones = [
    { name: "us-east-1e", id: "use1-az1" },
    { name: "us-east-1f", id: "use1-az2" },
    { name: "us-east-1d", id: "use1-az4" },
  ];

  it("keeps the platform's zones the service is offered in, in platform order", () => {
    expect(endpointZoneIndexes("sts", ["us-east-1a", "us-east-1d", "us-east-1e"], zones)).toEqual([0, 2]);
    expect(
      endpointZoneIndexes(
        "logs",
        zones.map((z) => z.name),
        zones,
      ),
    ).toEqual([0, 1, 2]);
  });

  it("fails naming the service, its zones and ours when it is in none of them", () => {
    expect(() => endpointZoneIndexes("bedrock-runtime", ["us-east-1a"], zones)).toThrow(
      "the bedrock-runtime VPC endpoint service is offered in us-east-1a of this account, none of the platform's " +
        "zones (us-east-1e = use1-az1, us-east-1f = use1-az2, us-east-1d = use1-az4)",
    );
  });
});
