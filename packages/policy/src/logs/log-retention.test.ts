import { beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN } from "../resource/plain";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { changeProps, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import { logGroupsHaveRetention, retentionFindings } from "./log-retention";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("retentionFindings", () => {
  it("accepts a positive retention, or one not known yet", () => {
    expect(retentionFindings({ retentionInDays: 7 })).toEqual([]);
    expect(retentionFindings({ retentionInDays: UNKNOWN })).toEqual([]);
  });
  it("rejects no retention, 0 (never expire) and nonsense", () => {
    expect(retentionFindings({})[0]?.problem).toMatch(/not set, so the log group keeps its events forever/);
    expect(retentionFindings({ retentionInDays: 0 })).toHaveLength(1);
    expect(retentionFindings({ retentionInDays: -1 })[0]?.problem).toBe(
      "`retentionInDays` is -1, not a retention period",
    );
  });
});

describe("log-groups-have-retention on broken graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("prod", false);
  });

  it("keeps the prod stack's 30-day retention", () => {
    expect(find(graph, LOG_GROUP).inputs["retentionInDays"]).toBe(30);
  });

  it("fires on the executor's log group without retention", async () => {
    const logGroup = find(graph, LOG_GROUP);
    const broken = changeProps(graph, logGroup, ({ retentionInDays: _dropped, ...props }) => props);
    expectViolations(await runPolicy(logGroupsHaveRetention, broken), logGroup, {
      problem: "`retentionInDays` is not set, so the log group keeps its events forever",
      fix: "set `retentionInDays` to a CloudWatch Logs retention period",
    });
  });
});
