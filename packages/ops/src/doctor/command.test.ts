import { beforeEach, describe, expect, it } from "vitest";
import { AWS_CREDENTIALS_MISSING } from "../aws/credentials";
import { OperatorError } from "../errors";
import { CLI_MISSING } from "../pulumi/failure";
import { cliMissingError, fakeEngine } from "../testing/fake-engine";
import type { FakeEngineOptions } from "../testing/fake-engine";
import type { DoctorArgs } from "./args";
import { runDoctorCommand } from "./command";
import type { DoctorDeps } from "./command";
import {
  HEALTHY_OUTPUTS,
  INTERFACE_ENDPOINTS,
  NETWORK_ONLY_OUTPUTS,
  NOW,
  SUPPORTED,
  fakeAccount,
} from "../testing/fake-aws-account";

const account = fakeAccount();
beforeEach(() => account.healthy());

function wrapped(outputs: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v, secret: false }]));
}

function setup(
  o: {
    engine?: FakeEngineOptions;
    env?: Record<string, string>;
    files?: Record<string, string>;
    identityError?: Error;
  } = {},
) {
  let out = "";
  let err = "";
  const regions: string[] = [];
  const engine = fakeEngine(
    o.engine ?? { outputs: wrapped(HEALTHY_OUTPUTS), config: { "aws:region": "us-east-1" } },
  );
  const deps: DoctorDeps = {
    engine,
    identity: {
      async whoAmI(region) {
        if (o.identityError) throw o.identityError;
        regions.push(region ?? "");
        return { account: "123456789012", arn: "arn:aws:iam::123456789012:user/op" };
      },
    },
    makeClients: (region) => {
      regions.push(`clients:${region}`);
      return account.clients();
    },
    supportedAzIds: (r) => SUPPORTED[r],
    interfaceEndpoints: INTERFACE_ENDPOINTS,
    now: () => NOW,
    newSessionId: () => "doctor-00000000-0000-4000-8000-000000000001",
    readFile: (f) => {
      const text = o.files?.[f];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${f}'`);
      return text;
    },
    askSecret: async () => "pw",
    interactive: false,
    env: o.env ?? { PULUMI_CONFIG_PASSPHRASE: "pw" },
    projectRoot: "/repo",
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  return { deps, engine, regions, out: () => out, err: () => err };
}

const args = (over: Partial<DoctorArgs> = {}): DoctorArgs => ({
  stack: "dev",
  invoke: false,
  region: undefined,
  outputsFile: undefined,
  ...over,
});

describe("runDoctorCommand", () => {
  it("reads the outputs through the stack (select only, never create) and prints the report", async () => {
    const s = setup();
    expect(await runDoctorCommand(args(), s.deps)).toBe(0);
    expect(s.engine.selections).toEqual([
      {
        stackName: "dev",
        workDir: "/repo",
        envVars: { PULUMI_BACKEND_URL: "file:///repo/.pulumi-state" },
        secretsProvider: "passphrase",
        create: false,
      },
    ]);
    expect(s.regions).toEqual(["us-east-1", "clients:us-east-1"]);
    expect(s.out()).toMatch(/^doctor: stack dev \(us-east-1, account 123456789012\)\n/);
    expect(s.out()).toContain("7 passed, 0 failed\n");
    expect(s.err()).toBe("");
  });

  it("prefers --region, then the region output, then aws:region", async () => {
    const withOutput = setup({
      engine: {
        outputs: wrapped({ ...HEALTHY_OUTPUTS, region: "us-west-2" }),
        config: { "aws:region": "us-east-1" },
      },
    });
    await runDoctorCommand(args(), withOutput.deps);
    expect(withOutput.regions[0]).toBe("us-west-2");
    const withFlag = setup();
    await runDoctorCommand(args({ region: "eu-central-1" }), withFlag.deps);
    expect(withFlag.regions[0]).toBe("eu-central-1");
  });

  it("reads `pulumi stack output --json` from --outputs-file without the Pulumi CLI", async () => {
    const s = setup({
      engine: { cliError: cliMissingError() },
      env: { AWS_REGION: "us-east-1" },
      files: { "o.json": JSON.stringify(NETWORK_ONLY_OUTPUTS) },
    });
    expect(await runDoctorCommand(args({ outputsFile: "o.json" }), s.deps)).toBe(0);
    expect(s.engine.cliChecked).toBe(0);
    expect(s.out()).toContain(
      "SKIP  Executor target health  skipped: output executorTargetGroupArn not in this stack yet",
    );
    expect(s.out()).toContain("3 passed, 0 failed, 4 skipped\n");
  });

  it("exits 1 when a check fails", async () => {
    account.broken();
    const s = setup();
    expect(await runDoctorCommand(args({ invoke: true }), s.deps)).toBe(1);
    expect(s.out()).toContain("FAIL  Invoke round trip");
  });

  it.each([
    ["a missing Pulumi CLI", { engine: { cliError: cliMissingError() } }, `doctor failed: ${CLI_MISSING}\n`],
    [
      "missing AWS credentials",
      { identityError: new OperatorError(AWS_CREDENTIALS_MISSING) },
      `doctor failed: ${AWS_CREDENTIALS_MISSING}\n`,
    ],
    [
      "no region anywhere",
      { engine: { outputs: {} } },
      "doctor failed: no region: stack dev has no region output or aws:region config; pass --region or set AWS_REGION\n",
    ],
    [
      "a missing passphrase in CI",
      { env: { CI: "true" } },
      /^doctor failed: PULUMI_CONFIG_PASSPHRASE is not set/,
    ],
  ])("fails with one line for %s", async (_name, o, expected) => {
    const s = setup(o as Parameters<typeof setup>[0]);
    expect(await runDoctorCommand(args(), s.deps)).toBe(1);
    if (typeof expected === "string") expect(s.err()).toBe(expected);
    else expect(s.err()).toMatch(expected);
    expect(s.out()).toBe("");
  });

  it("reports a missing CLI before asking for the passphrase", async () => {
    const s = setup({ engine: { cliError: cliMissingError() }, env: { CI: "true" } });
    expect(await runDoctorCommand(args(), s.deps)).toBe(1);
    expect(s.err()).toBe(`doctor failed: ${CLI_MISSING}\n`);
  });

  it("names an unreadable or malformed outputs file", async () => {
    const missing = setup();
    await runDoctorCommand(args({ outputsFile: "nope.json" }), missing.deps);
    expect(missing.err()).toMatch(/^doctor failed: cannot read outputs from nope\.json: ENOENT/);
    const bad = setup({ files: { "a.json": "[1,2]" } });
    await runDoctorCommand(args({ outputsFile: "a.json" }), bad.deps);
    expect(bad.err()).toBe(
      "doctor failed: a.json is not a JSON object of outputs (pulumi stack output --json)\n",
    );
  });
});
