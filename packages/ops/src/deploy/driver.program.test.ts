/**
 * What the driver sets up around the program: the policy pack on every preview and update, the provider
 * plugins the lockfile pins, and a refresh before the comparison when asked.
 */
import { describe, expect, it } from "vitest";
import { LOCKED, POLICY_PACK, fakeDeps, projectFiles } from "../testing/fake-driver-deps";
import { commandError, fakeEngine } from "../testing/fake-engine";
import { parseDeployArgs } from "./args";
import type { DeployArgs } from "./args";
import { runDeploy } from "./driver";

function args(...argv: string[]): DeployArgs {
  const r = parseDeployArgs(argv);
  if (r.kind !== "run") throw new Error(`bad test argv ${argv.join(" ")}`);
  return r.args;
}

const PASS = { PULUMI_CONFIG_PASSPHRASE: "pw" };

function filesWithout(...paths: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(projectFiles()).filter(([file]) => !paths.includes(file)));
}

describe("the policy pack", () => {
  it.each([
    [["dev"], false, ["preview"]],
    [["dev", "--preview", "--diff"], false, ["preview"]],
    [["dev", "--up", "--yes"], false, ["up"]],
    [["dev", "--up"], true, ["preview", "up"]],
  ])("runs on every preview and update: %j", async (argv, interactive, ops) => {
    const deps = fakeDeps({ env: PASS, interactive, confirmAnswer: true });
    expect(await runDeploy(args(...argv), deps)).toBe(0);
    expect(deps.engine.calls.map((c) => c.op)).toEqual(ops);
    for (const call of deps.engine.calls) expect(call.policyPacks).toEqual([POLICY_PACK]);
    expect(deps.stdout()).toContain("  policy:  packages/policy (agentcore-vpc-platform-policy)\n");
  });

  it.each([["--refresh"], ["--destroy"]])(
    "is not needed for %s, which evaluates no program",
    async (flag) => {
      const deps = fakeDeps({
        env: PASS,
        interactive: true,
        confirmAnswer: true,
        files: filesWithout(`${POLICY_PACK}/PulumiPolicy.yaml`),
      });
      expect(await runDeploy(args("dev", flag), deps)).toBe(0);
      expect(deps.engine.calls).toHaveLength(2);
      for (const call of deps.engine.calls) expect(call).not.toHaveProperty("policyPacks");
      expect(deps.stdout()).not.toContain("policy:");
    },
  );

  it("fails before opening the stack when the pack folder is missing, saying how to restore it", async () => {
    const deps = fakeDeps({ env: PASS, files: filesWithout(`${POLICY_PACK}/PulumiPolicy.yaml`) });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(
      /^deploy failed: no policy pack at packages\/policy .*git checkout -- packages\/policy/,
    );
    expect(deps.engine.selections).toEqual([]);
    expect(deps.engine.calls).toEqual([]);
  });

  it("fails when the pack is not built, naming the build command", async () => {
    const deps = fakeDeps({ env: PASS, files: filesWithout(`${POLICY_PACK}/dist/index.js`) });
    expect(await runDeploy(args("dev", "--up", "--yes"), deps)).toBe(1);
    expect(deps.stderr()).toBe(
      "deploy failed: policy pack agentcore-vpc-platform-policy is not built: packages/policy/dist/index.js does not exist (the driver runs it on every preview and update); build it: `npm run build -w packages/policy`\n",
    );
    expect(deps.engine.calls).toEqual([]);
  });

  it("fails when @pulumi/policy is not installed", async () => {
    const deps = fakeDeps({ env: PASS, policyInstalled: false });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(/cannot load @pulumi\/policy .*`npm ci`/);
  });

  it("reports a policy violation with the pack, the policy and the resource", async () => {
    const urn =
      "urn:pulumi:dev::agentcore-vpc-platform::aws:ec2/securityGroup:SecurityGroup::deep-insight-alb";
    const engine = fakeEngine({
      ops: {
        preview: {
          events: [
            {
              policyEvent: {
                resourceUrn: urn,
                message: "ingress from 0.0.0.0/0: allow only the runtime security group",
                color: "never",
                policyName: "no-open-ingress",
                policyPackName: "agentcore-vpc-platform-policy",
                policyPackVersion: "0.1.0",
                policyPackVersionTag: "0.1.0",
                enforcementLevel: "mandatory",
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
      'deploy failed: policy violation: agentcore-vpc-platform-policy/no-open-ingress on aws:ec2/securityGroup:SecurityGroup "deep-insight-alb": ingress from 0.0.0.0/0: allow only the runtime security group\n',
    );
  });
});

describe("provider plugins", () => {
  it.each([
    [["dev"], false],
    [["dev", "--up", "--yes"], false],
    [["dev", "--refresh"], true],
    [["dev", "--destroy", "--yes"], false],
  ])("installs the lockfile's exact aws and docker versions before %j runs", async (argv, interactive) => {
    const deps = fakeDeps({ env: PASS, interactive, confirmAnswer: true });
    expect(await runDeploy(args(...argv), deps)).toBe(0);
    expect(deps.engine.plugins).toEqual([
      { name: "aws", version: `v${LOCKED.aws}`, callsBefore: 0 },
      { name: "docker", version: `v${LOCKED.docker}`, callsBefore: 0 },
    ]);
    expect(deps.engine.calls.length).toBeGreaterThan(0);
    expect(deps.stdout()).toContain(
      `  plugins: aws v${LOCKED.aws}, docker v${LOCKED.docker} (from package-lock.json)\n`,
    );
  });

  it("fails naming the plugin and the manual install when an install fails", async () => {
    const engine = fakeEngine({
      pluginErrors: { docker: commandError("error: could not download plugin: 403 Forbidden") },
    });
    const deps = fakeDeps({ engine, env: PASS });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toBe(
      `deploy failed: could not install the docker provider plugin v${LOCKED.docker} (could not download plugin: 403 Forbidden): ` +
        "check access to get.pulumi.com and github.com, or install it by hand with " +
        `\`pulumi plugin install resource docker v${LOCKED.docker}\`\n`,
    );
    expect(engine.calls).toEqual([]);
  });

  it("fails before opening the stack without a lockfile", async () => {
    const deps = fakeDeps({ env: PASS, files: filesWithout("/repo/package-lock.json") });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(
      /^deploy failed: cannot read \/repo\/package-lock\.json \(ENOENT: .*\): the provider plugin versions come from it; run `npm install`/,
    );
    expect(deps.engine.selections).toEqual([]);
  });

  it("fails when the lockfile pins no docker provider", async () => {
    const files = projectFiles();
    files["/repo/package-lock.json"] = JSON.stringify({
      lockfileVersion: 3,
      packages: { "node_modules/@pulumi/aws": { version: "7.1.2" } },
    });
    const deps = fakeDeps({ env: PASS, files });
    expect(await runDeploy(args("dev"), deps)).toBe(1);
    expect(deps.stderr()).toMatch(/package-lock\.json pins no version of @pulumi\/docker/);
  });
});

describe("--refresh-first", () => {
  it("refreshes before the drift comparison", async () => {
    const deps = fakeDeps({ env: PASS });
    expect(await runDeploy(args("prod", "--preview", "--refresh-first", "--expect-no-changes"), deps)).toBe(
      0,
    );
    expect(deps.engine.calls).toEqual([
      {
        op: "preview",
        previewOnly: false,
        expectNoChanges: true,
        diff: false,
        refresh: true,
        policyPacks: [POLICY_PACK],
      },
    ]);
  });

  it("is off unless asked", async () => {
    const deps = fakeDeps({ env: PASS });
    await runDeploy(args("prod", "--preview", "--expect-no-changes"), deps);
    expect(deps.engine.calls[0]?.refresh).toBe(false);
  });
});
