/**
 * The CI workflow, parsed: the jobs run the same driver with arguments it accepts, build arm64 images on
 * x86 runners, run a pinned Pulumi CLI, get AWS credentials over OIDC for long enough, refresh before the
 * drift comparison, and gate prod behind an environment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readSettings } from "agentcore-vpc-platform";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDoctorArgs } from "../doctor/args";
import { parseDeployArgs } from "./args";

const ROOT = path.resolve(__dirname, "../../../..");
const WORKFLOW = path.join(ROOT, ".github/workflows/deploy.yml");
const text = fs.readFileSync(WORKFLOW, "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { stack?: string[] } };
  concurrency?: { group: string; "cancel-in-progress": boolean };
  env?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(text) as {
  on: Record<string, unknown>;
  env: Record<string, string>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const jobs = workflow.jobs;

const uses = (job: Job, action: string) => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));
const runs = (job: Job, command: string) =>
  job.steps.filter((s) => s.run?.includes(`npm run ${command} --`)).map((s) => s.run as string);

/** `npm run deploy -- "$STACK" --up --yes` → argv with $STACK replaced by each stack the job runs. */
function argvOf(run: string, command: string, stack: string): string[] {
  const after = run.slice(run.indexOf(`npm run ${command} --`) + `npm run ${command} --`.length);
  return after
    .trim()
    .split(/\s+/)
    .map((a) => a.replace(/^"|"$/g, ""))
    .map((a) => (a === "$STACK" ? stack : a.replace("$SUMMARY_FILE", "/tmp/s.md")));
}

function stacksOf(job: Job): string[] {
  return job.strategy?.matrix?.stack ?? [job.env?.STACK as string];
}

const driverJobs = Object.entries(jobs).filter(([, job]) => runs(job, "deploy").length > 0);

describe("CI workflow", () => {
  it("triggers on pull requests, main, version tags, a schedule and manual runs", () => {
    expect(Object.keys(workflow.on).sort()).toEqual([
      "pull_request",
      "push",
      "schedule",
      "workflow_dispatch",
    ]);
    expect(workflow.on.push).toEqual({ branches: ["main"], tags: ["v*"] });
  });

  it("has the four jobs, each running the deploy driver", () => {
    expect(Object.keys(jobs).sort()).toEqual(["deploy-dev", "deploy-prod", "drift", "preview"]);
    expect(driverJobs.map(([name]) => name).sort()).toEqual([
      "deploy-dev",
      "deploy-prod",
      "drift",
      "preview",
    ]);
  });

  it("keeps state in a durable backend and the passphrase in a secret", () => {
    expect(workflow.env.PULUMI_BACKEND_URL).toBe("${{ vars.PULUMI_BACKEND_URL }}");
    expect(workflow.env.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it.each(driverJobs)("%s: gives the driver arguments it accepts", (_name, job) => {
    for (const stack of stacksOf(job)) {
      expect(["dev", "prod"]).toContain(stack);
      for (const run of runs(job, "deploy")) {
        const parsed = parseDeployArgs(argvOf(run, "deploy", stack));
        expect(parsed, run).toMatchObject({ kind: "run", args: { stack } });
      }
      for (const run of runs(job, "doctor")) {
        expect(parseDoctorArgs(argvOf(run, "doctor", stack)), run).toMatchObject({
          kind: "run",
          args: { stack },
        });
      }
    }
  });

  it.each(driverJobs)("%s: caches npm, builds arm64 on x86, installs the CLI, uses OIDC", (_name, job) => {
    expect(uses(job, "actions/setup-node")[0]?.with).toMatchObject({ cache: "npm" });
    expect(job.steps.some((s) => s.run === "npm ci")).toBe(true);
    expect(uses(job, "docker/setup-qemu-action")[0]?.with).toMatchObject({ platforms: "arm64" });
    // docker.Image builds through the daemon: a buildx builder would be set up and never used.
    expect(uses(job, "docker/setup-buildx-action")).toHaveLength(0);
    expect(uses(job, "pulumi/actions")).toHaveLength(1);
    const aws = uses(job, "aws-actions/configure-aws-credentials");
    expect(aws).toHaveLength(1);
    expect(aws[0]?.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.AWS_(PREVIEW|DEPLOY)_ROLE_ARN \}\}$/);
    expect(aws[0]?.with).not.toHaveProperty("aws-access-key-id");
    expect(job.permissions?.["id-token"]).toBe("write");
    // Tools are in place before the driver runs.
    const order = (pred: (s: Step) => boolean) => job.steps.findIndex(pred);
    const driver = order((s) => s.run?.includes("npm run deploy --") ?? false);
    for (const action of [
      "pulumi/actions",
      "aws-actions/configure-aws-credentials",
      "docker/setup-qemu-action",
    ]) {
      expect(order((s) => s.uses?.startsWith(`${action}@`) ?? false)).toBeLessThan(driver);
    }
  });

  it("never uses stored AWS keys", () => {
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
  });

  it("previews every stack on pull requests and keeps one comment per stack up to date", () => {
    const job = jobs.preview as Job;
    expect(job.if).toContain("github.event_name == 'pull_request'");
    expect(job.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(job.permissions?.["pull-requests"]).toBe("write");
    const [run] = runs(job, "deploy");
    expect(parseDeployArgs(argvOf(run as string, "deploy", "dev"))).toMatchObject({
      args: { action: "preview", summaryFile: "/tmp/s.md" },
    });
    const comment = uses(job, "actions/github-script")[0];
    expect(comment?.if).toBe("always()");
    const script = String(comment?.with?.script);
    expect(script).toContain("<!-- agentcore-vpc-platform:preview:${stack} -->");
    expect(script).toContain("process.env.SUMMARY_FILE");
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
    expect(job.concurrency?.["cancel-in-progress"]).toBe(true);
  });

  it("updates dev on main and prod on a tag or manual run behind the prod environment", () => {
    const dev = jobs["deploy-dev"] as Job;
    const prod = jobs["deploy-prod"] as Job;
    expect(dev.if).toContain("github.ref == 'refs/heads/main'");
    expect(dev.environment).toBe("dev");
    expect(prod.if).toContain("startsWith(github.ref, 'refs/tags/v')");
    expect(prod.if).toContain("inputs.stack == 'prod'");
    expect(prod.environment).toBe("prod");
    for (const job of [dev, prod]) {
      const [run] = runs(job, "deploy");
      expect(parseDeployArgs(argvOf(run as string, "deploy", "dev"))).toMatchObject({
        args: { action: "up", yes: true },
      });
      expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
      expect(runs(job, "doctor")).toHaveLength(1);
    }
  });

  it("checks drift on a schedule, refreshing from AWS before it compares", () => {
    const job = jobs.drift as Job;
    expect(job.if).toBe("github.event_name == 'schedule'");
    const driverRuns = runs(job, "deploy");
    expect(driverRuns).toHaveLength(1);
    expect(parseDeployArgs(argvOf(driverRuns[0] as string, "deploy", "prod"))).toMatchObject({
      args: { action: "preview", refreshFirst: true, expectNoChanges: true },
    });
  });

  it("the root package.json runs the driver and doctor the workflow calls", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    for (const command of ["deploy", "doctor"]) {
      const entry = `packages/ops/src/${command}/cli.ts`;
      expect(pkg.scripts?.[command] ?? "(missing)", `the root script ${command} runs ${entry}`).toMatch(
        new RegExp(`tsx ${entry}$`),
      );
      expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    }
  });
});

describe("what a deploy needs from the runner", () => {
  const steps = Object.values(jobs).flatMap((job) => job.steps);
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("pins the Pulumi CLI to the release of the SDK the lockfile pins", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const sdk = lock.packages["node_modules/@pulumi/pulumi"]?.version;
    expect(sdk).toMatch(/^\d+\.\d+\.\d+$/);
    const installs = steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(installs).toHaveLength(driverJobs.length);
    for (const step of installs) expect(String(step.with?.["pulumi-version"])).toBe(sdk);
  });

  /** Two linux/arm64 image builds under QEMU emulation on an x86 runner: a generous hour. */
  const IMAGE_BUILDS_SECONDS = 60 * 60;
  /** STS AssumeRoleWithWebIdentity DurationSeconds: 900 s up to the role's MaxSessionDuration, at most 12 h. */
  const STS_DURATION = { min: 900, max: 43_200 };

  it("assumes the role for the image builds plus the runtime's longest waits, within STS's range", () => {
    const runtime = readSettings({});
    // A replaced runtime waits for the new one to be READY and for the old one to be gone.
    const needed = IMAGE_BUILDS_SECONDS + (runtime.createTimeoutMs + runtime.deleteTimeoutMs) / 1000;
    const credentials = steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials).toHaveLength(driverJobs.length);
    const durations = new Set(credentials.map((s) => Number(s.with?.["role-duration-seconds"])));
    expect(durations.size).toBe(1);
    const [duration] = [...durations] as [number];
    expect(Number.isInteger(duration)).toBe(true);
    expect(duration).toBeGreaterThanOrEqual(needed);
    expect(duration).toBeGreaterThanOrEqual(STS_DURATION.min);
    expect(duration).toBeLessThanOrEqual(STS_DURATION.max);
    // STS refuses a duration above the role's MaxSessionDuration: the README says to raise it to match.
    expect(readme).toMatch(new RegExp(`MaxSessionDuration[^.]*\\b${duration}\\b`));
  });

  it("documents native arm64 runners and the Docker daemon the image builds need", () => {
    expect(readme).toContain("ubuntu-24.04-arm");
    expect(readme).toMatch(/preview,\s+refresh\s+and\s+destroy\s+need\s+a\s+running\s+Docker\s+daemon/);
  });
});
