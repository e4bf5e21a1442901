import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { beforeEach, describe, expect, it } from "vitest";
import { checkExecutorTargets, checkExecutorTasks } from "./executor";
import { NETWORK_ONLY_OUTPUTS, TG_ARN, fakeAccount } from "../testing/fake-aws-account";

const account = fakeAccount();
beforeEach(() => account.healthy());
const { mocks } = account;

describe("checkExecutorTargets", () => {
  it("passes with healthy targets", async () => {
    const r = await checkExecutorTargets(account.ctx(), account.clients().elbv2);
    expect(r).toMatchObject({
      status: "pass",
      detail: "1 of 1 target(s) healthy",
      lines: ["10.0.1.25:8080  healthy"],
    });
    expect(mocks.elbv2.commandCalls(DescribeTargetHealthCommand)[0]?.args[0].input).toEqual({
      TargetGroupArn: TG_ARN,
    });
  });

  it("fails with no targets and points at the tasks", async () => {
    account.broken();
    const r = await checkExecutorTargets(account.ctx(), account.clients().elbv2);
    expect(r).toMatchObject({ status: "fail", detail: "no targets registered in the executor target group" });
    expect(r.fix).toMatch(/executor-tasks/);
  });

  it("fails unhealthy targets with their reason", async () => {
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        {
          Target: { Id: "10.0.1.25", Port: 8080 },
          TargetHealth: { State: "unhealthy", Reason: "Target.Timeout", Description: "Request timed out" },
        },
      ],
    });
    const r = await checkExecutorTargets(account.ctx(), account.clients().elbv2);
    expect(r).toMatchObject({
      status: "fail",
      detail: "0 of 1 target(s) healthy",
      lines: ["10.0.1.25:8080  unhealthy (Target.Timeout: Request timed out)"],
    });
    expect(r.fix).toMatch(/GET \/health on 8080/);
  });

  it("warns while targets are in their first health checks or partly unhealthy", async () => {
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: "10.0.1.9", Port: 8080 }, TargetHealth: { State: "initial" } },
      ],
    });
    expect((await checkExecutorTargets(account.ctx(), account.clients().elbv2)).status).toBe("warn");
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: "a", Port: 8080 }, TargetHealth: { State: "healthy" } },
        { Target: { Id: "b", Port: 8080 }, TargetHealth: { State: "draining" } },
      ],
    });
    expect(await checkExecutorTargets(account.ctx(), account.clients().elbv2)).toMatchObject({
      status: "warn",
      detail: "1 of 2 target(s) healthy",
    });
  });

  it("skips cleanly while the stack has no executorTargetGroupArn output", async () => {
    const r = await checkExecutorTargets(account.ctx(NETWORK_ONLY_OUTPUTS), account.clients().elbv2);
    expect(r).toEqual({
      id: "executor-targets",
      title: "Executor target health",
      status: "skip",
      detail: "skipped: output executorTargetGroupArn not in this stack yet",
    });
    expect(mocks.elbv2.calls()).toHaveLength(0);
  });
});

describe("checkExecutorTasks", () => {
  it("passes when the desired tasks run", async () => {
    const r = await checkExecutorTasks(account.ctx(), account.clients().ecs);
    expect(r).toMatchObject({ status: "pass", detail: "1 running of 1 desired" });
    expect(mocks.ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: "deep-insight-executor",
      services: ["deep-insight-executor"],
    });
    expect(mocks.ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  it("fails with no running tasks and explains the stopped tasks' pull error", async () => {
    account.broken();
    const r = await checkExecutorTasks(account.ctx(), account.clients().ecs);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("0 running of 1 desired");
    expect(r.lines?.[0]).toBe(
      "last service event: (service deep-insight-executor) is unable to consistently start tasks successfully.",
    );
    expect(r.lines?.[1]).toMatch(/^stopped task: CannotPullContainerError/);
    expect(r.fix).toMatch(/cannot pull the executor image.*ecr\.api, ecr\.dkr and s3/);
    expect(mocks.ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toEqual({
      cluster: "deep-insight-executor",
      serviceName: "deep-insight-executor",
      desiredStatus: "STOPPED",
    });
    expect(mocks.ecs.commandCalls(DescribeTasksCommand)[0]?.args[0].input.tasks).toHaveLength(1);
  });

  it("fails a rolled-back deployment even with tasks running", async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          status: "ACTIVE",
          runningCount: 1,
          desiredCount: 1,
          deployments: [
            { id: "ecs-svc/9", rolloutState: "FAILED", rolloutStateReason: "circuit breaker triggered" },
          ],
        },
      ],
    });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: ["t1"] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          stoppedReason: "Essential container in task exited",
          containers: [{ name: "executor", exitCode: 1 }],
        },
      ],
    });
    const r = await checkExecutorTasks(account.ctx(), account.clients().ecs);
    expect(r.status).toBe("fail");
    expect(r.lines).toContain("deployment ecs-svc/9 FAILED: circuit breaker triggered");
    expect(r.lines).toContain("stopped task: Essential container in task exited [executor: exit code 1]");
    expect(r.fix).toBe("the executor exits on start: read the executor log group");
  });

  it("warns when fewer tasks run than desired", async () => {
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ status: "ACTIVE", runningCount: 1, desiredCount: 2 }] });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const r = await checkExecutorTasks(account.ctx(), account.clients().ecs);
    expect(r).toMatchObject({ status: "warn", detail: "1 running of 2 desired" });
    expect(r.fix).toMatch(/aws ecs describe-services --cluster deep-insight-executor/);
  });

  it("fails a missing service", async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    const r = await checkExecutorTasks(account.ctx(), account.clients().ecs);
    expect(r).toMatchObject({
      status: "fail",
      detail: "ECS service deep-insight-executor in cluster deep-insight-executor: MISSING",
    });
  });

  it("skips while the cluster and service outputs are missing", async () => {
    const r = await checkExecutorTasks(account.ctx(NETWORK_ONLY_OUTPUTS), account.clients().ecs);
    expect(r.detail).toBe("skipped: output executorClusterName not in this stack yet");
  });
});
