import { DEFAULT_CONTAINER_CAPABILITIES, EXECUTOR_CAPABILITIES } from "agentcore-vpc-platform-contract";
import { describe, it, expect } from "vitest";
import {
  albRequestCountResourceLabel,
  executorContainerDefinition,
  executorLogGroupName,
} from "./definitions";

const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/executor@sha256:${"c".repeat(64)}`;
const inputs = {
  image,
  region: "us-east-1",
  dataBucketName: "p-data",
  logGroupName: "/agentcore-vpc-platform/dev/p-executor",
  stopTimeoutSeconds: 120,
  taskMemoryMb: 4096,
};

describe("executorContainerDefinition", () => {
  const def = executorContainerDefinition(inputs) as Record<string, unknown> & {
    environment: { name: string; value: string }[];
    linuxParameters: { capabilities: { drop: string[]; add: string[] } };
  };
  const env = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));

  it("runs the server as root on a read-only root filesystem with one writable volume, /work", () => {
    expect(def).toMatchObject({
      name: "executor",
      image,
      user: "0:0",
      readonlyRootFilesystem: true,
      essential: true,
    });
    expect(def["mountPoints"]).toEqual([{ sourceVolume: "work", containerPath: "/work", readOnly: false }]);
  });

  it("drops by name every default capability the server does not need, and adds only SYS_PTRACE", () => {
    const { drop, add } = def.linuxParameters.capabilities;
    // Fargate lets a task add SYS_PTRACE and nothing else.
    expect(add).toEqual(["SYS_PTRACE"]);
    // Fargate can only add SYS_PTRACE, so what remains must be a subset of Docker's defaults.
    const kept = DEFAULT_CONTAINER_CAPABILITIES.filter((c) => !drop.includes(c));
    expect(kept.sort()).toEqual([...EXECUTOR_CAPABILITIES].sort());
    expect(kept).toEqual(expect.arrayContaining(["SETUID", "SETGID", "KILL"]));
    expect(drop).toEqual(expect.arrayContaining(["NET_RAW", "MKNOD", "SETFCAP", "SYS_CHROOT"]));
  });

  it("serves 8080 with a /health container check, drains within the stop timeout, logs to its group", () => {
    expect(def["portMappings"]).toEqual([{ containerPort: 8080, protocol: "tcp", name: "http" }]);
    expect(JSON.stringify(def["healthCheck"])).toContain("http://127.0.0.1:8080/health");
    expect(def["stopTimeout"]).toBe(120);
    expect(def["logConfiguration"]).toMatchObject({
      logDriver: "awslogs",
      options: { "awslogs-group": inputs.logGroupName, "awslogs-region": "us-east-1" },
    });
  });

  it("sets the executor's contract variables, sorted by name", () => {
    expect(env).toEqual({
      AWS_REGION: "us-east-1",
      DATA_BUCKET: "p-data",
      EXECUTOR_DRAIN_GRACE_SECONDS: "110",
      EXECUTOR_TASK_MEMORY_MB: "4096",
      EXECUTOR_WORK_DIR: "/work",
      PORT: "8080",
    });
    expect(Object.keys(env)).toEqual(Object.keys(env).sort());
  });
});

describe("small helpers", () => {
  it("log group names and ALB resource labels", () => {
    expect(executorLogGroupName("prod", "di-executor")).toBe("/agentcore-vpc-platform/prod/di-executor");
    expect(albRequestCountResourceLabel("app/lb/50dc", "targetgroup/tg/73e2")).toBe(
      "app/lb/50dc/targetgroup/tg/73e2",
    );
  });
});
