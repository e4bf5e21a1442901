/**
 * Runs every check against the stack's outputs and AWS clients. One check failing to run (an AWS error)
 * becomes a failed result naming the error; it never stops the others.
 */
import { errorName, errorText } from "../errors";
import { checkExecutorTargets, checkExecutorTasks } from "./executor";
import { checkRuntimeEnis, checkServiceLinkedRole, checkVpcEndpoints } from "./network";
import { checkInvoke, checkRuntimeLogs, checkRuntimeStatus } from "./runtime";
import type { CheckResult, DoctorClients, DoctorContext } from "./types";

export interface DoctorOptions {
  /** Also send a health payload through InvokeAgentRuntime. */
  invoke: boolean;
}

export async function runDoctor(
  ctx: DoctorContext,
  clients: DoctorClients,
  options: DoctorOptions,
): Promise<CheckResult[]> {
  const guarded = (id: string, title: string, run: () => Promise<CheckResult>) =>
    run().catch((err: unknown): CheckResult => couldNotCheck(id, title, err));

  const results = await Promise.all([
    guarded("runtime-status", "Runtime status", () => checkRuntimeStatus(ctx, clients.control)),
    guarded("runtime-enis", "Runtime ENIs", () => checkRuntimeEnis(ctx, clients.ec2)),
    guarded("vpc-endpoints", "VPC endpoints", () => checkVpcEndpoints(ctx, clients.ec2)),
    guarded("service-linked-role", "Service-linked role", () => checkServiceLinkedRole(ctx, clients.iam)),
    guarded("executor-targets", "Executor target health", () => checkExecutorTargets(ctx, clients.elbv2)),
    guarded("executor-tasks", "Executor tasks", () => checkExecutorTasks(ctx, clients.ecs)),
  ]);
  let invoked = false;
  if (options.invoke) {
    const r = await guarded("invoke", "Invoke round trip", () => checkInvoke(ctx, clients.data));
    invoked = r.status !== "skip";
    results.push(r);
  }
  // After the invocation, so its log lines are among the recent ones.
  results.push(
    await guarded("runtime-logs", "Runtime logs", () => checkRuntimeLogs(ctx, clients.logs, invoked)),
  );
  return results;
}

export function couldNotCheck(id: string, title: string, err: unknown): CheckResult {
  const name = errorName(err);
  const message = errorText(err).split(/\r?\n/)[0] ?? "";
  const denied = /AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`);
  return {
    id,
    title,
    status: "fail",
    detail: `could not check: ${name}: ${message}`,
    fix: denied
      ? "the caller lacks a read permission for this check: use a role with read access (e.g. ReadOnlyAccess plus bedrock-agentcore:Get*)"
      : "retry; if it persists, check the AWS credentials and region",
  };
}
