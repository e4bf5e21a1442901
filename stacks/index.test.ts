import * as fs from "node:fs";
import * as path from "node:path";
import { STACK_OUTPUTS } from "agentcore-vpc-platform-contract";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { HOSTILE_US_EAST_1, mockAccount, outputOf } from "agentcore-vpc-platform/testing";
import { programEntryPoint, readStackFile, REPO_ROOT, runEntryPoint } from "./testing/stack-files";

/** Evaluates the entry point Pulumi.yaml names, as the language host would, with a stack file's config. */
async function runProgram(
  stack: string,
  options: { preview?: boolean; config?: Record<string, string> } = {},
) {
  const rec = await mockAccount({ preview: options.preview, project: "agentcore-vpc-platform", stack });
  pulumi.runtime.setAllConfig({ ...readStackFile(stack), ...options.config });
  const program = await runEntryPoint((file) => import(file));
  await rec.settle();
  return { rec, program };
}

const count = (rec: Awaited<ReturnType<typeof mockAccount>>, type: string) => rec.byType(type).length;

beforeEach(() => {
  vi.resetModules();
});

describe("the program Pulumi.yaml names", () => {
  it("is stacks/index.ts", () => {
    expect(programEntryPoint()).toBe(path.join(REPO_ROOT, "stacks", "index.ts"));
  });

  describe.each([{ preview: true }, { preview: false }])("dev stack (preview: $preview)", ({ preview }) => {
    it("builds one NAT, two AZs in supported IDs, and exports the platform outputs", async () => {
      const { rec, program } = await runProgram("dev", { preview });
      expect(count(rec, "agentcore-vpc-platform:index:AgentCoreVpcPlatform")).toBe(1);
      expect(count(rec, "aws:ec2/natGateway:NatGateway")).toBe(1);
      const subnets = rec.byType("aws:ec2/subnet:Subnet");
      expect(subnets).toHaveLength(4);
      const privateZones = subnets
        .filter((s) => s.name.includes("-private-"))
        .map((s) => s.inputs["availabilityZoneId"]);
      expect(privateZones).toEqual(["use1-az1", "use1-az2"]);
      // Every output the contract names, and nothing else.
      // (`export =`: the namespace import adds `default`; Pulumi reads module.exports itself.)
      expect(
        Object.keys(program)
          .filter((key) => key !== "default")
          .sort(),
      ).toEqual([...STACK_OUTPUTS].sort());
      expect(await outputOf(program["availabilityZoneIds"] as pulumi.Output<string[]>)).toEqual([
        "use1-az1",
        "use1-az2",
      ]);
      const vpc = rec.one("aws:ec2/vpc:Vpc", "deep-insight-vpc");
      expect(vpc.inputs["tags"]).toMatchObject({ environment: "dev", "agentcore-vpc-platform:stack": "dev" });
    });
  });

  describe.each([{ preview: true }, { preview: false }])("prod stack (preview: $preview)", ({ preview }) => {
    it("builds a NAT per AZ across three supported AZ IDs", async () => {
      const { rec } = await runProgram("prod", { preview });
      expect(count(rec, "aws:ec2/natGateway:NatGateway")).toBe(3);
      const privateSubnets = rec.byType("aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
      expect(privateSubnets.map((s) => s.inputs["availabilityZoneId"])).toEqual([
        "use1-az1",
        "use1-az2",
        "use1-az4",
      ]);
      expect(privateSubnets.map((s) => s.inputs["cidrBlock"])).toEqual([
        "10.1.0.0/19",
        "10.1.32.0/19",
        "10.1.64.0/19",
      ]);
    });
  });

  it("builds the agent and executor from the contexts the build makes of agent/ and executor/", async () => {
    const { rec } = await runProgram("dev");
    const contexts = rec
      .byType("docker:index/image:Image")
      .map((image) => path.resolve(String((image.inputs["build"] as Record<string, unknown>)["context"])));
    const shipped = path.join(REPO_ROOT, "packages", "agentcore-vpc-platform", "contexts");
    expect(contexts.sort()).toEqual([path.join(shipped, "agent"), path.join(shipped, "executor")]);
    for (const app of ["agent", "executor"]) {
      // The same Dockerfile, now beside a lockfile and the vendored contract package.
      expect(fs.readFileSync(path.join(shipped, app, "Dockerfile"), "utf8")).toBe(
        fs.readFileSync(path.join(REPO_ROOT, app, "Dockerfile"), "utf8"),
      );
      expect(fs.existsSync(path.join(shipped, app, "package-lock.json"))).toBe(true);
      expect(
        fs.existsSync(path.join(shipped, app, "vendor", "agentcore-vpc-platform-contract", "package.json")),
      ).toBe(true);
    }
  });
});

describe("bad stack config fails the run with the fix", () => {
  it("names the key, the bad value and the command", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:natGateways": "two" } }),
    ).rejects.toThrow(
      /agentcore-vpc-platform:natGateways: .*"none".*got "two" \(fix: pulumi config set natGateways <value> --stack dev\)/,
    );
  });

  it("flags unknown keys with a suggestion", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:natGateway": "single" } }),
    ).rejects.toThrow(/agentcore-vpc-platform:natGateway: unknown key; did you mean natGateways\?/);
  });

  it("rejects non-numbers and bad lists", async () => {
    const run = runProgram("dev", {
      config: {
        "agentcore-vpc-platform:executorMinTasks": "two",
        "agentcore-vpc-platform:availabilityZoneIds": "use1-az1,use1-az2",
      },
    });
    await expect(run).rejects.toThrow(/executorMinTasks: expected a whole number, got "two"/);
    await expect(run).rejects.toThrow(/availabilityZoneIds: expected a YAML list or map/);
  });

  it("passes component validation through: a hyphenated runtime name", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:runtimeName": "deep-insight" } }),
    ).rejects.toThrow(/runtimeName: "deep-insight" contains hyphens.*Use "deep_insight"/);
  });

  it("requires a runtime name", async () => {
    const config = readStackFile("dev");
    delete config["agentcore-vpc-platform:runtimeName"];
    const rec = await mockAccount({ project: "agentcore-vpc-platform", stack: "dev" });
    pulumi.runtime.setAllConfig(config);
    await expect(runEntryPoint((file) => import(file))).rejects.toThrow(/runtimeName: is required/);
    await rec.settle();
  });

  it("fails at preview when a configured AZ ID is unsupported", async () => {
    const rec = await mockAccount({
      preview: true,
      project: "agentcore-vpc-platform",
      stack: "dev",
      zones: HOSTILE_US_EAST_1,
    });
    pulumi.runtime.setAllConfig({
      ...readStackFile("dev"),
      "agentcore-vpc-platform:availabilityZoneIds": JSON.stringify(["use1-az6", "use1-az1"]),
      "agentcore-vpc-platform:availabilityZoneCount": "2",
    });
    const program = await runEntryPoint((file) => import(file));
    await expect(
      Promise.all([rec.settle(), outputOf(program["availabilityZoneIds"] as pulumi.Output<string[]>)]),
    ).rejects.toThrow(/use1-az6 is not supported by AgentCore VPC mode in us-east-1/);
  });
});

describe("component name from config", () => {
  it("is checked by the component, naming the rule", async () => {
    await expect(
      runProgram("dev", { config: { "agentcore-vpc-platform:name": "deep insight" } }),
    ).rejects.toThrow(/- name: "deep insight" may use letters, digits and \. _ : \/ = \+ @ -/);
  });

  it("may be long and mixed-case: each AWS name is shortened to fit its service", async () => {
    const name = "Team_Analytics-Platform-For-The-Finance-Department";
    const { rec } = await runProgram("dev", { config: { "agentcore-vpc-platform:name": name } });
    const [alb] = rec.byType("aws:lb/loadBalancer:LoadBalancer");
    expect(alb?.name.length).toBeLessThanOrEqual(24);
    expect(alb?.name).toMatch(/^[A-Za-z0-9-]+-exec$/);
    expect(rec.byType("aws:s3/bucket:Bucket")[0]?.name).toMatch(/^[a-z0-9-]+-data$/);
  });
});

describe("operations settings from the stack files", () => {
  it.each([{ preview: true }, { preview: false }])(
    "prod turns on ALB access logs, ALB deletion protection and data-bucket access logs (preview: $preview)",
    async ({ preview }) => {
      const { rec } = await runProgram("prod", { preview });
      const alb = rec.one("aws:lb/loadBalancer:LoadBalancer", "deep-insight-exec").inputs;
      expect(alb["enableDeletionProtection"]).toBe(true);
      expect(alb["accessLogs"]).toMatchObject({ enabled: true, prefix: "alb" });
      expect(count(rec, "aws:s3/bucketLogging:BucketLogging")).toBe(1);
      expect(count(rec, "agentcore-vpc-platform:storage:AccessLogBucket")).toBe(1);
    },
  );

  it("dev keeps the ALB deletable, with no access-log bucket", async () => {
    const { rec } = await runProgram("dev");
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer", "deep-insight-exec").inputs;
    expect(alb["enableDeletionProtection"]).toBe(false);
    expect(alb["accessLogs"]).toBeUndefined();
    expect(count(rec, "aws:s3/bucket:Bucket")).toBe(1);
  });

  it.each([
    ["dev", 7],
    ["prod", 30],
  ] as const)(
    "%s gets the dashboard, the alarm topic, four alarms and log groups kept %i days",
    async (stack, days) => {
      const { rec, program } = await runProgram(stack);
      expect(count(rec, "aws:cloudwatch/dashboard:Dashboard")).toBe(1);
      expect(count(rec, "aws:sns/topic:Topic")).toBe(1);
      expect(count(rec, "aws:cloudwatch/metricAlarm:MetricAlarm")).toBe(4);
      const runtimeLogs = rec.one(
        "pulumi-nodejs:dynamic/agentcore:AdoptedLogGroup",
        "deep-insight-runtime-logs",
      );
      expect(runtimeLogs.inputs["retentionInDays"]).toBe(days);
      expect(rec.one("aws:cloudwatch/logGroup:LogGroup", "deep-insight-exec").inputs["retentionInDays"]).toBe(
        days,
      );
      expect(await outputOf(program["runtimeLogGroupName"] as pulumi.Output<string>)).toMatch(
        new RegExp(`^/aws/bedrock-agentcore/runtimes/deep_insight_${stack}-[0-9a-f]{10}-DEFAULT$`),
      );
      expect(await outputOf(program["dashboardName"] as pulumi.Output<string>)).toBe(`deep-insight-${stack}`);
    },
  );

  it("passes per-agent limits and alarm emails through, and checks them at preview", async () => {
    const { rec } = await runProgram("dev", {
      config: {
        "agentcore-vpc-platform:maxTokens": '{"default": 16000, "planner": 4096}',
        "agentcore-vpc-platform:thinkingBudgetTokens": '{"coder": 8000}',
        "agentcore-vpc-platform:alarmEmails": '["oncall@example.com"]',
      },
    });
    const env = rec.one("pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime", "deep-insight-runtime").inputs[
      "environmentVariables"
    ] as Record<string, string>;
    expect(env).toMatchObject({
      PLANNER_MAX_TOKENS: "4096",
      CODER_MAX_TOKENS: "16000",
      CODER_THINKING_BUDGET_TOKENS: "8000",
      VALIDATOR_THINKING_BUDGET_TOKENS: "0",
    });
    expect(
      rec
        .byType("aws:sns/topicSubscription:TopicSubscription")
        .map((s) => [s.inputs["protocol"], s.inputs["endpoint"]]),
    ).toEqual([["email", "oncall@example.com"]]);
  });

  it("fails the preview when a thinking budget is not below the agent's output limit", async () => {
    await expect(
      runProgram("dev", {
        preview: true,
        config: {
          "agentcore-vpc-platform:maxTokens": '{"planner": 2048}',
          "agentcore-vpc-platform:thinkingBudgetTokens": '{"planner": 2048}',
        },
      }),
    ).rejects.toThrow(/models\.thinkingBudgetTokens\.planner: .*below maxTokens \(2048\)/);
  });
});
