import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { internalLoadBalancerFindings, internalLoadBalancersOnly } from "./internal-load-balancers";

const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";

describe("internalLoadBalancerFindings", () => {
  it("accepts only internal: true", () => {
    expect(internalLoadBalancerFindings({ internal: true })).toEqual([]);
    expect(internalLoadBalancerFindings({ internal: false })).toHaveLength(1);
    expect(internalLoadBalancerFindings({})[0]?.problem).toMatch(
      /not set, so AWS makes the load balancer internet-facing/,
    );
  });
});

describe("internal-load-balancers-only on broken dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("fires on the executor's ALB made internet-facing", async () => {
    const alb = find(graph, LOAD_BALANCER);
    const broken = changeProps(graph, alb, (props) => ({ ...props, internal: false }));
    expectViolations(await runPolicy(internalLoadBalancersOnly, broken), alb, {
      problem: "`internal` is false: the load balancer is internet-facing",
      fix: "set `internal: true`",
    });
  });

  it("fires on an ALB that leaves `internal` unset", async () => {
    const alb = find(graph, LOAD_BALANCER);
    const broken = changeProps(graph, alb, ({ internal: _dropped, ...props }) => props);
    expectViolations(await runPolicy(internalLoadBalancersOnly, broken), alb, {
      problem: "`internal` is not set",
      fix: "private subnets",
    });
  });

  it("fires on an internet-facing aws.alb.LoadBalancer and Classic Load Balancer", async () => {
    const alb = customResource("aws:alb/loadBalancer:LoadBalancer", "public-alb", { internal: false });
    const classic = customResource("aws:elb/loadBalancer:LoadBalancer", "public-elb", {});
    const violations = await runPolicy(
      internalLoadBalancersOnly,
      addResource(addResource(graph, alb), classic),
    );
    expect(violations.map((v) => v.urn)).toEqual([alb.urn, classic.urn]);
  });
});
