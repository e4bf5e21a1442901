import { describe, expect, it } from "vitest";
import { AWS_CREDENTIALS_MISSING } from "../aws/credentials";
import { OperatorError } from "../errors";
import { CLI_MISSING } from "../pulumi/failure";
import { PROJECT_ROOT, POLICY_PACK, fakeDeps } from "../testing/fake-driver-deps";
import { cliMissingError, commandError, fakeEngine } from "../testing/fake-engine";
import { parseDeployArgs } from "./args";
import type { DeployArgs } from "./args";
import { runDeploy } from "./driver";

function args(...argv: string[]): DeployArgs {
  const r = parseDeployArgs(argv);
  if (r.kind !== "run") throw new Error(`bad test argv ${argv.join(" ")}`);
  return r.args;
}

const PASS = { PULUMI_CONFIG_PASSPHRASE: "pw" };
const SUBNET = "urn:pulumi:dev::agentcore-vpc-platform::aws:ec2/subnet:Subnet::deep-insight-private-0";
const PROGRAM = { refresh: false, policyPacks: [POLICY_PACK] };

describe("runDeploy", () => {
  it("previews by default with the repo-local file backend and the passphrase provider", async () => {
    const engine = fakeEngine({
      config: { "aws:region": "us-west-2" },
      outputs: { vpcId: { value: "vpc-0abc", secret: false } },
      ops: { preview: { output: "Previewing update (dev)\n", changes: { create: 3, same: 1 } } },
    });
    const deps = fakeDeps({ engine, env: PASS });
    expect(await runDeploy(args("dev"), deps)).toBe(0);

    expect(engine.selections).toEqual([
      {
        stackName: "dev",
        workDir: PROJECT_ROOT,
        envVars: { PULUMI_BACKEND_URL: "file:///repo/.pulumi-state" },
        secretsProvider: "passphrase",
        create: true,
      },
    ]);
    expect(deps.dirsMade).toEqual(["/repo/.pulumi-state"]);
    expect(engine.calls).toEqual([
      { op: "preview", previewOnly: false, expectNoChanges: false, diff: false, ...PROGRAM },
    ]);
    expect(deps.identityRegions).toEqual(["us-west-2"]);
    const out = deps.stdout();
    expect(out).toContain("No action given: previewing only");
    expect(out).toContain("backend: file:///repo/.pulumi-state (local file backend, gitignored)");
    expect(out).toContain("pulumi:  CLI v3.248.0");
    expect(out).toContain("aws:     account 123456789012 as arn:aws:iam::123456789012:user/ci (us-west-2)");
    expect(out).toContain("Previewing update (dev)\n");
    expect(out).toContain("Changes (preview): +3 to create, 1 unchanged");
    expect(out).toContain("Outputs:\n  vpcId: vpc-0abc\n");
    expect(out).toContain("Preview only: nothing was changed.");
    expect(deps.stderr()).toBe("");
  });

  it("uses PULUMI_BACKEND_URL and creates no local directory", async () => {
    const deps = fakeDeps({ env: { ...PASS, PULUMI_BACKEND_URL: "s3://state/agentcore" } });
    expect(await runDeploy(args("dev", "--preview"), deps)).toBe(0);
    expect(deps.engine.selections[0]?.envVars).toEqual({ PULUMI_BACKEND_URL: "s3://state/agentcore" });
    expect(deps.dirsMade).toEqual([]);
    expect(deps.stdout()).toContain("backend: s3://state/agentcore (from PULUMI_BACKEND_URL)");
  });

  it("falls back to AWS_REGION when the stack has no aws:region", async () => {
    const deps = fakeDeps({ env: { ...PASS, AWS_REGION: "eu-west-1" } });
    await runDeploy(args("dev"), deps);
    expect(deps.identityRegions).toEqual(["eu-west-1"]);
  });

  it("asks for the passphrase on a terminal and hands it to Pulumi", async () => {
    const deps = fakeDeps({ interactive: true, secretAnswer: "s3cret" });
    expect(await runDeploy(args("dev"), deps)).toBe(0);
    expect(deps.secretsAsked).toEqual([
      "Passphrase for the secrets of stack dev (PULUMI_CONFIG_PASSPHRASE): ",
    ]);
    expect(deps.engine.selections[0]?.envVars.PULUMI_CONFIG_PASSPHRASE).toBe("s3cret");
  });

  it("requires the passphrase in CI", async () => {
    const deps = fakeDeps({ env: { CI: "true" } });
    expect(await runDeploy(args("dev", "--preview"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(
      /^deploy failed: PULUMI_CONFIG_PASSPHRASE is not set: .*secrets\.PULUMI_CONFIG_PASSPHRASE/,
    );
    expect(deps.engine.selections).toEqual([]);
    expect(deps.secretsAsked).toEqual([]);
  });

  it("updates straight away with --up --yes and prints the outputs", async () => {
    const engine = fakeEngine({
      outputs: { runtimeArn: { value: "arn:aws:bedrock-agentcore:us-east-1:1:runtime/x", secret: false } },
      ops: { up: { changes: { create: 30 } } },
    });
    const deps = fakeDeps({ engine, env: PASS });
    expect(await runDeploy(args("dev", "--up", "--yes", "--diff"), deps)).toBe(0);
    expect(engine.calls).toEqual([
      { op: "up", previewOnly: false, expectNoChanges: false, diff: true, ...PROGRAM },
    ]);
    expect(deps.questions).toEqual([]);
    expect(deps.stdout()).toContain("Changes (update): +30 to create");
    expect(deps.stdout()).toContain("runtimeArn: arn:aws:bedrock-agentcore:us-east-1:1:runtime/x");
    expect(deps.stdout()).not.toContain("Preview only");
  });

  it("on a terminal, --up shows the preview, asks, and stops when declined", async () => {
    const engine = fakeEngine({ ops: { preview: { changes: { update: 1 } } } });
    const deps = fakeDeps({ engine, env: PASS, interactive: true, confirmAnswer: false });
    expect(await runDeploy(args("dev", "--up"), deps)).toBe(1);
    expect(engine.calls.map((c) => c.op)).toEqual(["preview"]);
    expect(deps.questions).toEqual(["Do you want to update stack dev? [y/N] "]);
    expect(deps.stdout()).toContain("Changes (preview): ~1 to update");
    expect(deps.stderr()).toBe(
      "deploy failed: cancelled at the confirmation prompt: stack dev was not changed\n",
    );
  });

  it("on a terminal, --up updates after confirmation", async () => {
    const deps = fakeDeps({ env: PASS, interactive: true, confirmAnswer: true });
    expect(await runDeploy(args("dev", "--up"), deps)).toBe(0);
    expect(deps.engine.calls.map((c) => c.op)).toEqual(["preview", "up"]);
  });

  it("on a terminal, --destroy previews the destroy and selects without creating", async () => {
    const deps = fakeDeps({ env: PASS, interactive: true, confirmAnswer: true });
    expect(await runDeploy(args("dev", "--destroy"), deps)).toBe(0);
    expect(deps.engine.calls.map((c) => [c.op, c.previewOnly])).toEqual([
      ["destroy", true],
      ["destroy", false],
    ]);
    expect(deps.engine.selections[0]?.create).toBe(false);
    expect(deps.engine.outputsRead).toBe(0);
  });

  it("refreshes with a preview first on a terminal", async () => {
    const deps = fakeDeps({ env: PASS, interactive: true, confirmAnswer: true });
    expect(await runDeploy(args("dev", "--refresh"), deps)).toBe(0);
    expect(deps.engine.calls.map((c) => [c.op, c.previewOnly])).toEqual([
      ["refresh", true],
      ["refresh", false],
    ]);
  });

  it("refuses --up without --yes in CI before touching Pulumi", async () => {
    const deps = fakeDeps({ env: { ...PASS, CI: "true" }, interactive: true });
    expect(await runDeploy(args("prod", "--up"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(/^deploy failed: refusing to update stack prod in CI without --yes/);
    expect(deps.engine.cliChecked).toBe(0);
  });

  it("refuses to update in CI with the ephemeral repo-local backend", async () => {
    const deps = fakeDeps({ env: { ...PASS, CI: "true" } });
    expect(await runDeploy(args("dev", "--up", "--yes"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(/in CI with the repo-local file backend.*set PULUMI_BACKEND_URL/);
    expect(deps.engine.selections).toEqual([]);
  });

  it("warns but previews in CI with the repo-local backend", async () => {
    const deps = fakeDeps({ env: { ...PASS, CI: "true" } });
    expect(await runDeploy(args("dev", "--preview"), deps)).toBe(0);
    expect(deps.stdout()).toContain("warning: CI without PULUMI_BACKEND_URL");
  });

  it("fails with install instructions when the Pulumi CLI is missing", async () => {
    const engine = fakeEngine({ cliError: cliMissingError() });
    const deps = fakeDeps({ engine, env: PASS });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toBe(`deploy failed: ${CLI_MISSING}\n`);
    expect(engine.selections).toEqual([]);
  });

  it("fails with how to provide AWS credentials before running the engine", async () => {
    const deps = fakeDeps({ env: PASS, identity: new OperatorError(AWS_CREDENTIALS_MISSING) });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toBe(`deploy failed: ${AWS_CREDENTIALS_MISSING}\n`);
    expect(deps.engine.calls).toEqual([]);
  });

  it("names a stack without a config file and lists the known ones", async () => {
    const deps = fakeDeps({ env: PASS });
    expect(await runDeploy(args("staging"), deps)).toBe(1);
    expect(deps.stderr()).toBe(
      "deploy failed: no Pulumi.staging.yaml in /repo: known stacks are dev, prod; add the stack's config file first\n",
    );
  });

  it("names the resource when the preview fails", async () => {
    const engine = fakeEngine({
      ops: {
        preview: {
          events: [
            {
              diagnosticEvent: {
                urn: SUBNET,
                message: "error: InvalidSubnet.Conflict: CIDR overlaps\n",
                color: "never",
                severity: "error",
              },
            },
          ],
          error: commandError("error: preview failed"),
        },
      },
    });
    const deps = fakeDeps({ engine, env: PASS });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toBe(
      'deploy failed: preview failed on aws:ec2/subnet:Subnet "deep-insight-private-0": InvalidSubnet.Conflict: CIDR overlaps\n',
    );
  });

  it("fails a drift check and lists the drifted resources", async () => {
    const engine = fakeEngine({
      ops: {
        preview: {
          events: [
            {
              resourcePreEvent: {
                metadata: { op: "update", urn: SUBNET, type: "aws:ec2/subnet:Subnet", provider: "" },
              },
            },
            {
              summaryEvent: {
                maybeCorrupt: false,
                durationSeconds: 1,
                resourceChanges: { update: 1, same: 9 },
                policyPacks: {},
              },
            },
          ],
          error: commandError("error: no changes were expected but changes were proposed"),
        },
      },
    });
    const deps = fakeDeps({ engine, env: { ...PASS, GITHUB_STEP_SUMMARY: "/gh/summary.md" } });
    expect(await runDeploy(args("dev", "--preview", "--expect-no-changes"), deps)).toBe(1);
    expect(engine.calls[0]?.expectNoChanges).toBe(true);
    expect(deps.stderr()).toBe(
      'deploy failed: drift: stack dev has 1 pending change(s): update aws:ec2/subnet:Subnet "deep-insight-private-0"\n',
    );
    const md = deps.written.get("/gh/summary.md") ?? "";
    expect(md).toContain("❌ failed");
    expect(md).toContain("| `~` to update | 1 |");
    expect(md).toContain('- `update` aws:ec2/subnet:Subnet "deep-insight-private-0"');
  });

  it("appends to $GITHUB_STEP_SUMMARY and writes --summary-file", async () => {
    const deps = fakeDeps({
      engine: fakeEngine({
        ops: { preview: { changes: { create: 2 } } },
        outputs: { vpcId: { value: "vpc-1", secret: false } },
      }),
      env: { ...PASS, GITHUB_STEP_SUMMARY: "/gh/summary.md" },
    });
    expect(await runDeploy(args("dev", "--summary-file", "preview-dev.md"), deps)).toBe(0);
    const md = deps.written.get("/gh/summary.md") ?? "";
    expect(md).toContain("### Pulumi preview: `dev` — ✅ succeeded");
    expect(md).toContain("| `+` to create | 2 |");
    expect(md).toContain("| `vpcId` | `vpc-1` |");
    expect(deps.written.get("preview-dev.md")).toBe(md.slice(0, -1));
  });

  it("writes a failure summary for a missing CLI too", async () => {
    const deps = fakeDeps({
      engine: fakeEngine({ cliError: cliMissingError() }),
      env: { ...PASS, GITHUB_STEP_SUMMARY: "/s" },
    });
    await runDeploy(args("dev"), deps);
    expect(deps.written.get("/s")).toContain(`> **Reason:** ${CLI_MISSING}`);
  });
});
