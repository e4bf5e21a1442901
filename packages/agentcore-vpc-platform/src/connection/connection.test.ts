import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { AgentCoreVpcPlatform } from "../platform";
import { agentCoreRuntimeProvider as provider } from "../runtime/provider";
import type { RuntimeInputs } from "../runtime/types";
import { mockAccount } from "../testing/accounts";
import { signingKeyId } from "../testing/fake-sts";
import { type Harness, sampleInputs, startHarness } from "../testing/provider-harness";
import { assumeRolesFromConfig, durationSeconds } from "./program";
import type { AwsConnection } from "./types";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1";
const ARGS = { runtimeName: "rt", agent: { image: IMAGE }, executor: { image: IMAGE } };
const RUNTIME = "pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime";
const MARKER = "pulumi-nodejs:dynamic/agentcore:SweepMarker";

describe("durationSeconds", () => {
  it.each([
    ["1h", 3600],
    ["15m", 900],
    ["1h30m", 5400],
    ["900s", 900],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it("names a value that is not a duration", () => {
    expect(() => durationSeconds("an hour")).toThrow(/"an hour" is not a duration such as 1h/);
  });
});

describe("the connection the component gives its dynamic resources", () => {
  async function connectionsOf(config: Record<string, string>, opts?: pulumi.ComponentResourceOptions) {
    const rec = await mockAccount({ stack: "dev" });
    pulumi.runtime.setAllConfig(config);
    new AgentCoreVpcPlatform("p", ARGS, opts);
    await rec.settle();
    const [runtime] = rec.byType(RUNTIME);
    const [marker] = rec.byType(MARKER);
    expect(runtime?.secretInputs).toContain("aws");
    expect(marker?.inputs["aws"]).toEqual(runtime?.inputs["aws"]);
    return runtime?.inputs["aws"] as AwsConnection;
  }

  it("carries the stack's aws:profile and aws:assumeRoles, and the account to act in", async () => {
    const roles = [{ roleArn: "arn:aws:iam::123456789012:role/deployer", duration: "1h", externalId: "x" }];
    const connection = await connectionsOf({
      "aws:profile": "team",
      "aws:assumeRoles": JSON.stringify(roles),
    });
    expect(connection).toEqual({
      accountId: "123456789012",
      profile: "team",
      assumeRoles: [
        { roleArn: "arn:aws:iam::123456789012:role/deployer", durationSeconds: 3600, externalId: "x" },
      ],
    });
  });

  it("reads the older single aws:assumeRole too", async () => {
    pulumi.runtime.setAllConfig({ "aws:assumeRole": JSON.stringify({ roleArn: "arn:aws:iam::1:role/r" }) });
    expect(assumeRolesFromConfig(new pulumi.Config("aws"))).toEqual([{ roleArn: "arn:aws:iam::1:role/r" }]);
  });

  it("follows an explicit aws provider passed to the component (its profile, not the stack's)", async () => {
    const rec = await mockAccount({ stack: "dev" });
    pulumi.runtime.setAllConfig({ "aws:profile": "stack-profile" });
    const explicit = new aws.Provider("other", { region: "us-east-1", profile: "other-account" });
    new AgentCoreVpcPlatform("p", ARGS, { providers: [explicit] });
    await rec.settle();
    expect(rec.byType(RUNTIME)[0]?.inputs["aws"]).toEqual({
      accountId: "123456789012",
      profile: "other-account",
    });
  });
});

describe("the dynamic provider acting through a connection", () => {
  let h: Harness;
  const dirs: string[] = [];
  afterEach(async () => {
    await h.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const withConnection = (aws: AwsConnection): RuntimeInputs => ({ ...sampleInputs(), aws });
  const controlPlaneKeys = () =>
    h.fake.requests.map((r) => signingKeyId(r.headers["authorization"] as string | undefined));

  it("passes check when its credentials act in the component's account", async () => {
    h = await startHarness();
    const check = await provider.check!({} as RuntimeInputs, withConnection({ accountId: "123456789012" }));
    expect(check.failures).toEqual([]);
    expect(h.sts.calls.map((c) => c.action)).toEqual(["GetCallerIdentity"]);
  });

  it("fails check at preview when they act in another account, naming both and the fix", async () => {
    h = await startHarness();
    const check = await provider.check!({} as RuntimeInputs, withConnection({ accountId: "999999999999" }));
    expect(check.failures).toEqual([
      {
        property: "aws",
        reason: expect.stringMatching(
          /would act in account 123456789012 .* but the component's aws provider uses account 999999999999.*aws:assumeRoles/,
        ),
      },
    ]);
  });

  it("signs its AgentCore calls with the stack's profile", async () => {
    h = await startHarness();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-profile-"));
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, "credentials"),
      "[team]\naws_access_key_id = AKIATEAMPROFILE00001\naws_secret_access_key = team-secret\n",
    );
    process.env["AWS_SHARED_CREDENTIALS_FILE"] = path.join(dir, "credentials");
    await provider.create(withConnection({ profile: "team" }));
    expect(new Set(controlPlaneKeys())).toEqual(new Set(["AKIATEAMPROFILE00001"]));
  });

  it("assumes the stack's roles in order and signs with the last role's session", async () => {
    h = await startHarness();
    const roles = [
      { roleArn: "arn:aws:iam::123456789012:role/hop" },
      { roleArn: "arn:aws:iam::123456789012:role/deployer" },
    ];
    const created = await provider.create(withConnection({ assumeRoles: roles }));
    expect(h.sts.calls.map((c) => [c.action, c.roleArn])).toEqual([
      ["AssumeRole", "arn:aws:iam::123456789012:role/hop"],
      ["AssumeRole", "arn:aws:iam::123456789012:role/deployer"],
    ]);
    // The first hop signs with the process's keys, the second with the first hop's session.
    expect(h.sts.calls[0]?.accessKeyId).toBe("AKIAFAKEFAKEFAKEFAKE");
    expect(h.sts.calls[1]?.accessKeyId).toMatch(/^ASIA/);
    expect(new Set(controlPlaneKeys())).toEqual(new Set([expect.stringMatching(/^ASIA/)]));
    // State keeps the connection, so delete and refresh act the same way.
    expect(created.outs?.aws).toEqual({ assumeRoles: roles });
  });
});
