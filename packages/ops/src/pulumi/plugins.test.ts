import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { describePlugins, pinnedProviderPlugins } from "./plugins";

const lock = (packages: Record<string, unknown>) => JSON.stringify({ lockfileVersion: 3, packages });

describe("pinnedProviderPlugins", () => {
  it("reads the exact aws and docker versions the lockfile installs", () => {
    const plugins = pinnedProviderPlugins(
      lock({
        "": { name: "root" },
        "node_modules/@pulumi/aws": { version: "7.48.0" },
        "node_modules/@pulumi/docker": { version: "5.2.0" },
        "node_modules/@pulumi/pulumi": { version: "3.248.0" },
      }),
    );
    expect(plugins).toEqual([
      { name: "aws", version: "7.48.0" },
      { name: "docker", version: "5.2.0" },
    ]);
    expect(describePlugins(plugins)).toBe("aws v7.48.0, docker v5.2.0");
  });

  it("includes a nested copy at another version, once per version", () => {
    const plugins = pinnedProviderPlugins(
      lock({
        "node_modules/@pulumi/aws": { version: "7.48.0" },
        "packages/x/node_modules/@pulumi/aws": { version: "7.48.0" },
        "node_modules/agentcore-vpc-platform/node_modules/@pulumi/docker": { version: "5.2.1" },
        "node_modules/@pulumi/docker": { version: "5.2.0" },
        "node_modules/@pulumi/docker-build": { version: "0.0.9" },
      }),
    );
    expect(plugins).toEqual([
      { name: "aws", version: "7.48.0" },
      { name: "docker", version: "5.2.0" },
      { name: "docker", version: "5.2.1" },
    ]);
  });

  it("fails naming the package when the lockfile pins no version of it", () => {
    const run = () => pinnedProviderPlugins(lock({ "node_modules/@pulumi/aws": { version: "7.48.0" } }));
    expect(run).toThrow(OperatorError);
    expect(run).toThrow(/pins no version of @pulumi\/docker.*npm install/);
  });

  it("refuses a version that is not exact", () => {
    expect(() =>
      pinnedProviderPlugins(
        lock({ "node_modules/@pulumi/aws": { version: "^7.0.0" }, "node_modules/@pulumi/docker": {} }),
      ),
    ).toThrow(/no exact version for node_modules\/@pulumi\/aws \(\^7\.0\.0\)/);
  });

  it("refuses a lockfile without a packages map, or no JSON at all", () => {
    expect(() => pinnedProviderPlugins(JSON.stringify({ lockfileVersion: 1, dependencies: {} }))).toThrow(
      /lockfileVersion 1.*npm 7 or later/,
    );
    expect(() => pinnedProviderPlugins("<<<<<<< HEAD")).toThrow(/not valid JSON/);
  });

  it("reads this repository's lockfile: the versions node_modules holds and the SDKs ask for", () => {
    const root = path.resolve(__dirname, "../../../..");
    const plugins = pinnedProviderPlugins(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
    for (const name of ["aws", "docker"]) {
      const file = path.join(root, "node_modules/@pulumi", name, "package.json");
      const installed = JSON.parse(fs.readFileSync(file, "utf8")) as { version: string; pulumi?: unknown };
      expect(plugins).toContainEqual({ name, version: installed.version });
      expect(installed.pulumi).toMatchObject({ name, version: installed.version });
    }
  });
});
