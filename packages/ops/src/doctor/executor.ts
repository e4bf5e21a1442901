/**
 * Checks on the executor tier: ALB target health and the ECS service's running tasks (with the reason the
 * last tasks stopped when it is short of tasks).
 */
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { PORTS } from "agentcore-vpc-platform-contract";
import { skipIfMissing, stringOutput } from "./outputs";
import type { CheckResult, DoctorContext } from "./types";

export async function checkExecutorTargets(
  ctx: DoctorContext,
  elbv2: ElasticLoadBalancingV2Client,
): Promise<CheckResult> {
  const id = "executor-targets";
  const title = "Executor target health";
  const arn = stringOutput(ctx.outputs, "executorTargetGroupArn");
  if (!arn) return skipIfMissing(id, title, ctx.outputs, ["executorTargetGroupArn"]) as CheckResult;

  const out = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  const targets = out.TargetHealthDescriptions ?? [];
  const lines = targets.map((t) => {
    const h = t.TargetHealth;
    const why = h?.Reason ? ` (${h.Reason}${h.Description ? `: ${h.Description}` : ""})` : "";
    return `${t.Target?.Id ?? "?"}:${t.Target?.Port ?? "?"}  ${h?.State ?? "?"}${why}`;
  });
  const healthy = targets.filter((t) => t.TargetHealth?.State === "healthy").length;
  const initial = targets.filter((t) => t.TargetHealth?.State === "initial").length;

  if (targets.length === 0) {
    return {
      id,
      title,
      status: "fail",
      detail: "no targets registered in the executor target group",
      fix: "the ECS service registers its tasks here; it has none running: see the executor-tasks result",
    };
  }
  if (healthy === 0 && initial > 0) {
    return {
      id,
      title,
      status: "warn",
      detail: `${initial} target(s) still in their first health checks`,
      fix: "new tasks pass /health within seconds: re-run doctor in a minute",
      lines,
    };
  }
  if (healthy === 0) {
    return {
      id,
      title,
      status: "fail",
      detail: `0 of ${targets.length} target(s) healthy`,
      fix: `the tasks fail GET /health on ${PORTS.executor}: read the executor log group; the executor security group must admit ${PORTS.executor} from the ALB security group`,
      lines,
    };
  }
  const status = healthy < targets.length ? "warn" : "pass";
  return {
    id,
    title,
    status,
    detail: `${healthy} of ${targets.length} target(s) healthy`,
    ...(status === "warn" ? { fix: "some targets are unhealthy or draining: see the lines below" } : {}),
    lines,
  };
}

const STOPPED_SHOWN = 3;

export async function checkExecutorTasks(ctx: DoctorContext, ecs: ECSClient): Promise<CheckResult> {
  const id = "executor-tasks";
  const title = "Executor tasks";
  const cluster = stringOutput(ctx.outputs, "executorClusterName");
  const service = stringOutput(ctx.outputs, "executorServiceName");
  if (!cluster || !service) {
    return skipIfMissing(id, title, ctx.outputs, [
      "executorClusterName",
      "executorServiceName",
    ]) as CheckResult;
  }

  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const svc = out.services?.[0];
  if (!svc || svc.status !== "ACTIVE") {
    const why = out.failures?.[0]?.reason ?? svc?.status ?? "not found";
    return {
      id,
      title,
      status: "fail",
      detail: `ECS service ${service} in cluster ${cluster}: ${why}`,
      fix: `the service was deleted or never created: run \`npm run deploy -- ${ctx.stack} --up\``,
    };
  }

  const running = svc.runningCount ?? 0;
  const desired = svc.desiredCount ?? 0;
  const failedRollout = (svc.deployments ?? []).find((d) => d.rolloutState === "FAILED");
  const lines: string[] = [];
  const lastEvent = svc.events?.[0]?.message;
  if (lastEvent) lines.push(`last service event: ${lastEvent}`);
  if (failedRollout)
    lines.push(`deployment ${failedRollout.id ?? "?"} FAILED: ${failedRollout.rolloutStateReason ?? ""}`);

  if (running >= Math.max(desired, 1) && !failedRollout) {
    return { id, title, status: "pass", detail: `${running} running of ${desired} desired` };
  }

  const reasons = await stoppedReasons(ecs, cluster, service);
  lines.push(...reasons.map((r) => `stopped task: ${r}`));
  const detail = failedRollout
    ? `the last deployment failed and was rolled back; ${running} running of ${desired} desired`
    : `${running} running of ${desired} desired`;
  return {
    id,
    title,
    status: running > 0 && !failedRollout ? "warn" : "fail",
    detail,
    fix: stoppedFix(reasons.join(" "), cluster, service),
    lines,
  };
}

async function stoppedReasons(ecs: ECSClient, cluster: string, service: string): Promise<string[]> {
  const list = await ecs.send(
    new ListTasksCommand({ cluster, serviceName: service, desiredStatus: "STOPPED" }),
  );
  const arns = (list.taskArns ?? []).slice(0, STOPPED_SHOWN);
  if (arns.length === 0) return [];
  const tasks = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }));
  return (tasks.tasks ?? []).map((t) => {
    const container = t.containers?.find((c) => c.reason || c.exitCode !== undefined);
    const extra = container
      ? ` [${container.name ?? "container"}: ${container.reason ?? `exit code ${container.exitCode}`}]`
      : "";
    return `${t.stoppedReason ?? t.stopCode ?? "unknown"}${extra}`;
  });
}

function stoppedFix(reasons: string, cluster: string, service: string): string {
  if (/CannotPullContainerError|pull image/i.test(reasons)) {
    return "the tasks cannot pull the executor image: check the ecr.api, ecr.dkr and s3 endpoints and the task execution role's ECR permissions";
  }
  if (/ResourceInitializationError/i.test(reasons)) {
    return "the task could not initialise (logs or secrets unreachable): check the logs endpoint and the execution role";
  }
  if (/Essential container in task exited|exit code/i.test(reasons)) {
    return "the executor exits on start: read the executor log group";
  }
  if (/ELB health checks|health checks failed/i.test(reasons)) {
    return "the ALB stopped the tasks for failing /health: see the executor-targets result";
  }
  return `read the service events: aws ecs describe-services --cluster ${cluster} --services ${service}`;
}
