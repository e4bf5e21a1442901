import { describe, it, expect } from "vitest";
import { type ResourceRecorder, installMocks, isKnown, outputOf } from "../testing/mocks";
import { type PolicyDocument, RESOURCE_WILDCARD_ACTIONS, asList, leastPrivilegeProblems } from "./policy";
import { AgentRuntimeRole, ExecutorRoles } from "./roles";

const env = { partition: "aws", accountId: "111122223333", region: "us-east-1" };
const dataBucketArn = "arn:aws:s3:::p-data";

function createRoles(name: string) {
  const runtime = new AgentRuntimeRole(`${name}-agent`, {
    ...env,
    roleName: `${name}-agent-runtime`,
    repositoryArn: "arn:aws:ecr:us-east-1:111122223333:repository/agent",
    dataBucketArn,
    modelIds: ["anthropic.claude-3-haiku-20240307-v1:0"],
    traces: true,
    tags: { team: "data" },
  });
  const executor = new ExecutorRoles(`${name}-executor`, {
    ...env,
    repositoryArn: "arn:aws:ecr:us-east-1:111122223333:repository/executor",
    dataBucketArn,
    logGroupName: `/agentcore-vpc-platform/${name}/executor`,
    tags: { team: "data" },
  });
  return { runtime, executor };
}

function documents(rec: ResourceRecorder): Map<string, PolicyDocument> {
  const docs = new Map<string, PolicyDocument>();
  for (const role of rec.byType("aws:iam/role:Role")) {
    docs.set(`${role.name} trust`, JSON.parse(String(role.inputs["assumeRolePolicy"])) as PolicyDocument);
  }
  for (const policy of rec.byType("aws:iam/rolePolicy:RolePolicy")) {
    docs.set(policy.name, JSON.parse(String(policy.inputs["policy"])) as PolicyDocument);
  }
  return docs;
}

describe("roles under mocks", () => {
  it.each([false, true])(
    "preview=%s: three tagged roles, each with one scoped inline policy",
    async (preview) => {
      const rec = await installMocks({ preview });
      createRoles("p");
      await rec.settle();

      const roles = rec.byType("aws:iam/role:Role");
      expect(roles.map((r) => r.name).sort()).toEqual([
        "p-agent-runtime",
        "p-executor-execution",
        "p-executor-task",
      ]);
      for (const role of roles) expect(role.inputs["tags"]).toEqual({ team: "data" });
      expect(rec.byType("aws:iam/rolePolicy:RolePolicy")).toHaveLength(3);

      const docs = documents(rec);
      expect(docs.size).toBe(6);
      for (const [name, doc] of docs) {
        expect(leastPrivilegeProblems(doc), name).toEqual([]);
        for (const statement of doc.Statement) {
          const actions = asList(statement.Action);
          expect(actions, name).not.toContain("*");
          expect(
            actions.filter((a) => a.endsWith(":*")),
            name,
          ).toEqual([]);
          if (asList(statement.Resource).includes("*")) {
            expect(
              actions.every((a) => a in RESOURCE_WILDCARD_ACTIONS),
              `${name} ${statement.Sid}`,
            ).toBe(true);
          }
        }
      }
      expect(docs.get("p-agent-runtime trust")?.Statement[0]?.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnLike: { "aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:*" },
      });
      for (const trust of ["p-executor-task trust", "p-executor-execution trust"]) {
        expect(docs.get(trust)?.Statement[0]?.Principal).toEqual({ Service: "ecs-tasks.amazonaws.com" });
      }
      const taskResources = docs.get("p-executor-task-policy")?.Statement.flatMap((s) => asList(s.Resource));
      expect(new Set(taskResources)).toEqual(new Set([dataBucketArn, `${dataBucketArn}/*`]));
      const components = rec.resources.filter((r) => !r.custom).map((r) => r.type);
      expect(components.sort()).toEqual([
        "agentcore-vpc-platform:iam:AgentRuntimeRole",
        "agentcore-vpc-platform:iam:ExecutorRoles",
      ]);
      for (const child of roles) expect(child.parent).toMatch(/agentcore-vpc-platform:iam:/);
    },
  );

  it("exports role ARNs in update mode and leaves them unknown in preview", async () => {
    const rec = await installMocks();
    const { runtime, executor } = createRoles("u");
    await rec.settle();
    expect(await outputOf(runtime.roleArn)).toBe("arn:aws:iam::123456789012:role/u-agent-runtime");
    expect(await outputOf(executor.taskRoleArn)).toMatch(/:role\/u-executor-task$/);
    expect(await outputOf(executor.executionRoleArn)).toMatch(/:role\/u-executor-execution$/);

    const previewRec = await installMocks({ preview: true });
    const previewRoles = createRoles("v");
    await previewRec.settle();
    expect(await isKnown(previewRoles.runtime.roleArn)).toBe(false);
    expect(await isKnown(previewRoles.executor.executionRoleArn)).toBe(false);
  });
});
