/**
 * Test support: the deploy driver's dependencies over a fake engine, a fake project on disk (stack files,
 * lockfile, built policy pack) and a scripted terminal, recording everything the driver does.
 */
import type { AwsIdentity, AwsIdentityProbe } from "../aws/identity";
import type { DriverDeps } from "../deploy/driver";
import { fakeEngine } from "./fake-engine";
import type { FakeEngine } from "./fake-engine";

export const PROJECT_ROOT = "/repo";
export const POLICY_PACK = `${PROJECT_ROOT}/packages/policy`;

/** The provider versions the fake lockfile pins (deliberately not this repository's). */
export const LOCKED = { aws: "7.1.2", docker: "5.0.9" } as const;

/** A project as the driver reads it: stack files, package-lock.json and a built policy pack. */
export function projectFiles(): Record<string, string> {
  return {
    [`${PROJECT_ROOT}/Pulumi.yaml`]: "name: agentcore-vpc-platform\n",
    [`${PROJECT_ROOT}/Pulumi.dev.yaml`]: "config: {}\n",
    [`${PROJECT_ROOT}/Pulumi.prod.yaml`]: "config: {}\n",
    [`${PROJECT_ROOT}/package.json`]: "{}",
    [`${PROJECT_ROOT}/package-lock.json`]: JSON.stringify({
      lockfileVersion: 3,
      packages: {
        "": { name: "root" },
        "node_modules/@pulumi/aws": { version: LOCKED.aws },
        "node_modules/@pulumi/docker": { version: LOCKED.docker },
      },
    }),
    [`${POLICY_PACK}/PulumiPolicy.yaml`]: "runtime: nodejs\n",
    [`${POLICY_PACK}/package.json`]: JSON.stringify({
      name: "agentcore-vpc-platform-policy",
      main: "dist/index.js",
      scripts: { build: "tsc -p tsconfig.build.json" },
    }),
    [`${POLICY_PACK}/dist/index.js`]: "",
  };
}

export interface FakeDeps extends DriverDeps {
  engine: FakeEngine;
  stdout: () => string;
  stderr: () => string;
  questions: string[];
  secretsAsked: string[];
  written: Map<string, string>;
  dirsMade: string[];
  identityRegions: (string | undefined)[];
}

export interface FakeDepsOptions {
  engine?: FakeEngine;
  env?: Record<string, string>;
  interactive?: boolean;
  confirmAnswer?: boolean;
  secretAnswer?: string;
  /** The project on disk, absolute path → text. @default projectFiles() */
  files?: Record<string, string>;
  /** Whether `@pulumi/policy` resolves from the pack. @default true */
  policyInstalled?: boolean;
  identity?: AwsIdentity | Error;
}

export function fakeDeps(o: FakeDepsOptions = {}): FakeDeps {
  let out = "";
  let err = "";
  const questions: string[] = [];
  const secretsAsked: string[] = [];
  const written = new Map<string, string>();
  const dirsMade: string[] = [];
  const identityRegions: (string | undefined)[] = [];
  const disk = o.files ?? projectFiles();
  const identity: AwsIdentityProbe = {
    async whoAmI(region) {
      identityRegions.push(region);
      const id = o.identity ?? { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci" };
      if (id instanceof Error) throw id;
      return id;
    },
  };
  return {
    engine: o.engine ?? fakeEngine(),
    identity,
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      interactive: o.interactive ?? false,
      confirm: async (q) => {
        questions.push(q);
        return o.confirmAnswer ?? false;
      },
      askSecret: async (q) => {
        secretsAsked.push(q);
        return o.secretAnswer ?? "typed-passphrase";
      },
    },
    files: {
      listDir: (dir) =>
        Object.keys(disk)
          .filter((file) => file.startsWith(`${dir}/`) && !file.slice(dir.length + 1).includes("/"))
          .map((file) => file.slice(dir.length + 1)),
      mkdirp: (d) => {
        dirsMade.push(d);
      },
      appendFile: (f, t) => {
        written.set(f, (written.get(f) ?? "") + t);
      },
      writeFile: (f, t) => {
        written.set(f, t);
      },
      readFile: (f) => {
        const text = disk[f];
        if (text === undefined)
          throw Object.assign(new Error(`ENOENT: no such file, open '${f}'`), { code: "ENOENT" });
        return text;
      },
      exists: (f) => f in disk,
      resolves: (request, fromDir) =>
        (o.policyInstalled ?? true) && request === "@pulumi/policy" && fromDir === POLICY_PACK,
    },
    env: o.env ?? {},
    projectRoot: PROJECT_ROOT,
    stdout: () => out,
    stderr: () => err,
    questions,
    secretsAsked,
    written,
    dirsMade,
    identityRegions,
  };
}
