import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { locatePolicyPack } from "./policy-pack";
import type { PolicyPackProbe } from "./policy-pack";

const PACK = "/repo/packages/policy";

function probe(files: Record<string, string>, installed = true): PolicyPackProbe {
  return {
    exists: (file) => file in files,
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT: ${file}`);
      return text;
    },
    resolves: (request, fromDir) => installed && request === "@pulumi/policy" && fromDir === PACK,
  };
}

const built = {
  [`${PACK}/PulumiPolicy.yaml`]: "runtime: nodejs\n",
  [`${PACK}/package.json`]: JSON.stringify({
    name: "agentcore-vpc-platform-policy",
    main: "dist/index.js",
    scripts: { build: "tsc" },
  }),
  [`${PACK}/dist/index.js`]: "",
};

const without = (file: string) => Object.fromEntries(Object.entries(built).filter(([f]) => f !== file));

describe("locatePolicyPack", () => {
  it("returns the pack's folder and name when the CLI can run it", () => {
    expect(locatePolicyPack("/repo", probe(built))).toEqual({
      dir: PACK,
      name: "agentcore-vpc-platform-policy",
    });
  });

  it("accepts an unbuilt TypeScript pack without main (the analyzer runs index.ts)", () => {
    const files = {
      [`${PACK}/PulumiPolicy.yaml`]: "runtime: nodejs\n",
      [`${PACK}/package.json`]: JSON.stringify({ name: "p" }),
      [`${PACK}/index.ts`]: "",
    };
    expect(locatePolicyPack("/repo", probe(files)).dir).toBe(PACK);
  });

  it("fails when the folder is missing, saying how to restore it", () => {
    const run = () => locatePolicyPack("/repo", probe({}));
    expect(run).toThrow(OperatorError);
    expect(run).toThrow(
      /^no policy pack at packages\/policy \(PulumiPolicy\.yaml missing; the driver runs it on every preview and update\): restore the folder .*git checkout -- packages\/policy/,
    );
  });

  it("fails without package.json", () => {
    expect(() => locatePolicyPack("/repo", probe(without(`${PACK}/package.json`)))).toThrow(
      /policy pack packages\/policy has no package\.json/,
    );
  });

  it("fails when the build is missing, naming the build command", () => {
    expect(() => locatePolicyPack("/repo", probe(without(`${PACK}/dist/index.js`)))).toThrow(
      "policy pack agentcore-vpc-platform-policy is not built: packages/policy/dist/index.js does not exist (the driver runs it on every preview and update); build it: `npm run build -w packages/policy`",
    );
  });

  it("without a build script, says to fix main", () => {
    const files = {
      ...without(`${PACK}/dist/index.js`),
      [`${PACK}/package.json`]: JSON.stringify({ name: "p", main: "bin/pack.js" }),
    };
    expect(() => locatePolicyPack("/repo", probe(files))).toThrow(
      /packages\/policy\/bin\/pack\.js does not exist.*point "main" in packages\/policy\/package\.json/,
    );
  });

  it("fails when @pulumi/policy is not installed, naming npm ci", () => {
    expect(() => locatePolicyPack("/repo", probe(built, false))).toThrow(
      /cannot load @pulumi\/policy .*`npm ci`/,
    );
  });
});
