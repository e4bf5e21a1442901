import { describe, it, expect } from "vitest";
import {
  albRequestCountResourceLabel,
  executorContainerDefinition,
  executorLogGroupName,
  imageDigestProblem,
  rootUserProblem,
} from "./definitions";

const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/executor@sha256:${"c".repeat(64)}`;
const inputs = {
  image,
  user: "1000:1000",
  region: "us-east-1",
  dataBucketName: "p-data",
  logGroupName: "/agentcore-vpc-platform/dev/p-executor",
  stopTimeoutSeconds: 120,
  environment: { LOG_LEVEL: "debug", EXECUTOR_DRAIN_GRACE_SECONDS: "60" },
};

describe("executorContainerDefinition", () => {
  const def = executorContainerDefinition(inputs) as Record<string, unknown> & {
    environment: { name: string; value: string }[];
  };
  const env = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));

  it("runs non-root on a read-only root filesystem with writable /work and /tmp", () => {
    expect(def).toMatchObject({
      name: "executor",
      image,
      user: "1000:1000",
      readonlyRootFilesystem: true,
      essential: true,
    });
    expect(def["mountPoints"]).toEqual([
      { sourceVolume: "work", containerPath: "/work", readOnly: false },
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
    ]);
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

  it("sets platform variables, keeps user overrides of defaults, sorts by name", () => {
    expect(env).toEqual({
      AWS_REGION: "us-east-1",
      DATA_BUCKET: "p-data",
      EXECUTOR_DRAIN_GRACE_SECONDS: "60",
      EXECUTOR_WORK_DIR: "/work",
      LOG_LEVEL: "debug",
      PORT: "8080",
      TMPDIR: "/tmp",
    });
    expect(Object.keys(env)).toEqual(Object.keys(env).sort());
    const defaults = executorContainerDefinition({ ...inputs, environment: {}, stopTimeoutSeconds: 30 }) as {
      environment: { name: string; value: string }[];
    };
    expect(defaults.environment).toContainEqual({ name: "EXECUTOR_DRAIN_GRACE_SECONDS", value: "20" });
  });

  it("refuses reserved environment keys and tag-only images", () => {
    expect(() => executorContainerDefinition({ ...inputs, environment: { PORT: "9000" } })).toThrow(/PORT/);
    expect(() => executorContainerDefinition({ ...inputs, image: "repo:latest" })).toThrow(
      /not pinned by digest/,
    );
  });
});

describe("small helpers", () => {
  it.each(["0", "root", "0:0", "root:1000", "", "1000:"])("user %j is refused", (user) => {
    expect(rootUserProblem(user)).toMatch(/root or is malformed/);
  });

  it.each(["1000:1000", "node", "65534"])("user %j is accepted", (user) => {
    expect(rootUserProblem(user)).toBeUndefined();
  });

  it("digest checks, log group names and ALB resource labels", () => {
    expect(imageDigestProblem(image)).toBeUndefined();
    expect(imageDigestProblem(`${image.split("@")[0]}:v1`)).toMatch(/not pinned/);
    expect(executorLogGroupName("prod", "di-executor")).toBe("/agentcore-vpc-platform/prod/di-executor");
    expect(albRequestCountResourceLabel("app/lb/50dc", "targetgroup/tg/73e2")).toBe(
      "app/lb/50dc/targetgroup/tg/73e2",
    );
  });
});
