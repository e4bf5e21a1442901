import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { STACK_OUTPUTS } from "agentcore-vpc-platform-contract";
import { afterEach, describe, expect, it } from "vitest";
import {
  PINNED_PACKAGES,
  findBuildContext,
  lockedVersions,
  programSource,
  sourceFileIn,
} from "./packed-program";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "packed-test-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("lockedVersions", () => {
  it("reads the repository lockfile's exact versions of the pinned packages", () => {
    const versions = lockedVersions(path.join(REPO_ROOT, "package-lock.json"), PINNED_PACKAGES);
    expect(versions["@pulumi/pulumi"]).toBe("3.248.0");
    expect(versions["@pulumi/aws"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(() => lockedVersions(path.join(REPO_ROOT, "package-lock.json"), ["no-such-package-here"])).toThrow(
      /has no version/,
    );
  });
});

describe("programSource", () => {
  it("builds the platform with no build-context arguments and exports every stack output", () => {
    const source = programSource();
    expect(source).toContain('new AgentCoreVpcPlatform("analytics", { runtimeName: "analytics_rt" })');
    for (const name of STACK_OUTPUTS) expect(source).toContain(`export const ${name} = platform.${name};`);
  });
});

describe("findBuildContext and sourceFileIn", () => {
  it("find the shipped agent context and a source file to edit", () => {
    const dir = tree({
      "contexts/agent/Dockerfile": "FROM node",
      "contexts/agent/src/server.ts": "",
      "contexts/executor/Dockerfile": "FROM node",
      "node_modules/x/agent/Dockerfile": "",
    });
    const context = findBuildContext(dir, "agent");
    expect(context).toBe(path.join(dir, "contexts/agent"));
    expect(sourceFileIn(context)).toBe(path.join(context, "src/server.ts"));
    expect(() => findBuildContext(dir, "worker")).toThrow(/found 0/);
  });
});
