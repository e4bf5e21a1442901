import { describe, it, expect } from "vitest";
import { type RecordedResource, installMocks, isKnown, outputOf } from "../testing/mocks";
import { EXECUTOR_DEFAULTS } from "../defaults";
import { executorLogGroupName } from "./definitions";
import { ExecutorService, type ExecutorServiceArgs } from "./executor-service";

const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/executor@sha256:${"d".repeat(64)}`;
const args: ExecutorServiceArgs = {
  settings: {
    source: { kind: "existing", image },
    cpu: EXECUTOR_DEFAULTS.cpu,
    memory: EXECUTOR_DEFAULTS.memory,
    minTasks: 2,
    maxTasks: 6,
    logRetentionDays: 30,
    ephemeralStorageGiB: 50,
  },
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  albSecurityGroupId: "sg-alb",
  executorSecurityGroupId: "sg-exec",
  image,
  taskRoleArn: "arn:aws:iam::123456789012:role/task",
  executionRoleArn: "arn:aws:iam::123456789012:role/execution",
  region: "us-east-1",
  dataBucketName: "p-data",
  deletionProtection: false,
  tags: { env: "test" },
};

const T = {
  cluster: "aws:ecs/cluster:Cluster",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  tg: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  target: "aws:appautoscaling/target:Target",
  policy: "aws:appautoscaling/policy:Policy",
};

async function deploy(preview: boolean, name = "p-executor", overrides: Partial<ExecutorServiceArgs> = {}) {
  const rec = await installMocks({ preview, stack: "dev" });
  const executor = new ExecutorService(name, { ...args, ...overrides });
  await rec.settle();
  return { rec, executor };
}

function container(taskDef: RecordedResource): Record<string, unknown> {
  const [first] = JSON.parse(String(taskDef.inputs["containerDefinitions"])) as Record<string, unknown>[];
  return first ?? {};
}

describe.each([true, false])("ExecutorService (preview=%s)", (preview) => {
  it("builds an internal ALB with a one-hour idle timeout and a fast, sticky IP target group", async () => {
    const { rec } = await deploy(preview);
    expect(rec.one(T.lb, "p-executor").inputs).toMatchObject({
      internal: true,
      loadBalancerType: "application",
      idleTimeout: 3600,
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: ["sg-alb"],
    });
    const tg = rec.one(T.tg, "p-executor").inputs;
    expect(tg).toMatchObject({ targetType: "ip", port: 8080, protocol: "HTTP", vpcId: "vpc-1" });
    expect(tg["deregistrationDelay"]).toBeLessThanOrEqual(15);
    const hc = tg["healthCheck"] as Record<string, number | string>;
    expect(hc).toMatchObject({ path: "/health", interval: 5, healthyThreshold: 2 });
    expect(Number(hc["timeout"])).toBeLessThan(Number(hc["interval"]));
    expect(tg["stickiness"]).toEqual({ type: "lb_cookie", enabled: true, cookieDuration: 86400 });
    expect(rec.one(T.listener, "p-executor").inputs).toMatchObject({ port: 80, protocol: "HTTP" });
  });

  it("defines an ARM64 Fargate task: root with capabilities dropped, read-only root, task storage, awslogs", async () => {
    const { rec } = await deploy(preview);
    const taskDef = rec.one(T.taskDef, "p-executor");
    expect(taskDef.inputs).toMatchObject({
      family: "p-executor",
      cpu: "2048",
      memory: "4096",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
      volumes: [{ name: "work" }],
      ephemeralStorage: { sizeInGib: 50 },
      taskRoleArn: args.taskRoleArn,
      executionRoleArn: args.executionRoleArn,
    });
    // Every container input is known at preview (the image is given), so the definition is too.
    const c = container(taskDef);
    expect(c).toMatchObject({ image, user: "0:0", readonlyRootFilesystem: true, stopTimeout: 120 });
    expect(c["linuxParameters"]).toMatchObject({ capabilities: { add: ["SYS_PTRACE"] } });
    expect(c["logConfiguration"]).toMatchObject({
      options: { "awslogs-group": executorLogGroupName("dev", "p-executor") },
    });
    expect(rec.one(T.logGroup, "p-executor").inputs).toMatchObject({
      name: "/agentcore-vpc-platform/dev/p-executor",
      retentionInDays: 30,
    });
  });

  it("runs the service privately with rollback and autoscaling between min and max", async () => {
    const { rec } = await deploy(preview);
    const service = rec.one(T.service, "p-executor");
    expect(service.inputs).toMatchObject({
      launchType: "FARGATE",
      desiredCount: 2,
      networkConfiguration: {
        subnets: ["subnet-a", "subnet-b"],
        securityGroups: ["sg-exec"],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      propagateTags: "SERVICE",
      loadBalancers: [expect.objectContaining({ containerName: "executor", containerPort: 8080 })],
    });
    expect(service.inputs["healthCheckGracePeriodSeconds"]).toBeLessThanOrEqual(30);
    expect(service.dependencies).toContain(rec.one(T.listener, "p-executor").urn);
    expect(rec.one(T.cluster, "p-executor").inputs["settings"]).toEqual([
      { name: "containerInsights", value: "enabled" },
    ]);
    expect(rec.one(T.target, "p-executor").inputs).toMatchObject({
      minCapacity: 2,
      maxCapacity: 6,
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
    });
    const metrics = rec
      .byType(T.policy)
      .map(
        (p) =>
          (p.inputs["targetTrackingScalingPolicyConfiguration"] as Record<string, Record<string, unknown>>)
            .predefinedMetricSpecification?.["predefinedMetricType"],
      )
      .sort();
    expect(metrics).toEqual(["ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"]);
  });

  it("tags every taggable resource and parents everything to the component", async () => {
    const { rec } = await deploy(preview);
    const component = rec.one("agentcore-vpc-platform:executor:ExecutorService", "p-executor");
    for (const r of rec.resources.filter((x) => x.custom)) {
      expect(r.parent, r.name).toBe(component.urn);
      if (r.type !== T.policy) expect(r.inputs["tags"], `${r.type} ${r.name}`).toEqual({ env: "test" });
    }
  });
});

describe.each([true, false])("ExecutorService ALB audit settings (preview=%s)", (preview) => {
  it("writes no access logs and allows deletion unless asked", async () => {
    const { rec } = await deploy(preview);
    const alb = rec.one(T.lb, "p-executor").inputs;
    expect(alb["enableDeletionProtection"]).toBe(false);
    expect(alb["accessLogs"]).toBeUndefined();
  });

  it("protects the ALB from deletion and logs to the given bucket and prefix", async () => {
    const { rec } = await deploy(preview, "p-executor", {
      deletionProtection: true,
      accessLogs: { bucket: "p-logs-abc123", prefix: "alb" },
    });
    expect(rec.one(T.lb, "p-executor").inputs).toMatchObject({
      enableDeletionProtection: true,
      accessLogs: { bucket: "p-logs-abc123", prefix: "alb", enabled: true },
    });
  });
});

describe("ExecutorService outputs and wiring (update)", () => {
  it("exposes the ARN suffixes CloudWatch uses as the ALB's and target group's dimensions", async () => {
    const { executor } = await deploy(false);
    expect(await outputOf(executor.loadBalancerArnSuffix)).toBe("app/p-executor/50dc6c495c0c9188");
    expect(await outputOf(executor.targetGroupArnSuffix)).toBe("targetgroup/p-executor/73e2d6bc24d8a067");
  });

  it("exposes the ALB URL and scales on requests per target of this ALB and target group", async () => {
    const { rec, executor } = await deploy(false);
    const dns = await outputOf(executor.albDnsName);
    expect(await outputOf(executor.executorUrl)).toBe(`http://${dns}`);
    expect(await outputOf(executor.logGroupName)).toBe("/agentcore-vpc-platform/dev/p-executor");
    expect(await outputOf(executor.targetGroupArn)).toMatch(/:targetgroup\/p-executor\//);
    expect(await outputOf(executor.clusterName)).toBe("p-executor");
    expect(await outputOf(executor.serviceName)).toBe("p-executor");

    const requests = rec.one(T.policy, "p-executor-requests").inputs[
      "targetTrackingScalingPolicyConfiguration"
    ] as {
      targetValue: number;
      predefinedMetricSpecification: { resourceLabel: string };
    };
    expect(requests.targetValue).toBe(100);
    expect(requests.predefinedMetricSpecification.resourceLabel).toBe(
      "app/p-executor/50dc6c495c0c9188/targetgroup/p-executor/73e2d6bc24d8a067",
    );
    expect(rec.one(T.target, "p-executor").inputs["resourceId"]).toBe("service/p-executor/p-executor");
  });

  it("leaves the URL unknown in preview", async () => {
    const { executor } = await deploy(true);
    expect(await isKnown(executor.executorUrl)).toBe(false);
  });

  it("two executors coexist in one program", async () => {
    const rec = await installMocks({ preview: true });
    new ExecutorService("a-executor", args);
    new ExecutorService("b-executor", args);
    await rec.settle();
    expect(
      rec
        .byType(T.service)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["a-executor", "b-executor"]);
    expect(new Set(rec.resources.map((r) => r.urn)).size).toBe(rec.resources.length);
  });
});
