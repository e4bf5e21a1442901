import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { addResource, changeProps, customResource, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { noPublicIpOnTasks, publicTaskIpFindings } from "./no-public-task-ip";

describe("publicTaskIpFindings", () => {
  it("flags only assignPublicIp: true (unset means false)", () => {
    expect(publicTaskIpFindings({ networkConfiguration: { assignPublicIp: true } })).toHaveLength(1);
    expect(publicTaskIpFindings({ networkConfiguration: { assignPublicIp: false } })).toEqual([]);
    expect(publicTaskIpFindings({ networkConfiguration: { subnets: ["subnet-1"] } })).toEqual([]);
    expect(publicTaskIpFindings({})).toEqual([]);
  });
});

describe("no-public-ip-on-tasks on broken dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("fires on the executor service with assignPublicIp: true", async () => {
    const service = find(graph, "aws:ecs/service:Service");
    const broken = changeProps(graph, service, (props) => ({
      ...props,
      networkConfiguration: { ...(props["networkConfiguration"] as object), assignPublicIp: true },
    }));
    expectViolations(await runPolicy(noPublicIpOnTasks, broken), service, {
      problem: "`networkConfiguration.assignPublicIp` is true: every task gets a public IP address",
      fix: "set `networkConfiguration.assignPublicIp: false`",
    });
  });

  it("fires on an ECS task set with a public IP", async () => {
    const taskSet = customResource("aws:ecs/taskSet:TaskSet", "canary", {
      networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true },
    });
    const violations = await runPolicy(noPublicIpOnTasks, addResource(graph, taskSet));
    expect(violations.map((v) => v.urn)).toEqual([taskSet.urn]);
  });
});
