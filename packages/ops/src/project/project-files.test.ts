import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { readProjectName, readStackRegion, stackConfigNames } from "./project-files";

const files: Record<string, string> = {
  "/repo/Pulumi.yaml": "name: agentcore-vpc-platform\nruntime: nodejs\n",
  "/repo/Pulumi.dev.yaml": "config:\n  aws:region: us-east-1\n",
  "/repo/Pulumi.noregion.yaml": "config:\n  agentcore-vpc-platform:runtimeName: x\n",
  "/repo/Pulumi.empty.yaml": "",
  "/other/Pulumi.yaml": "runtime: nodejs\n",
};
const readFile = (file: string) => {
  const text = files[file];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
  return text;
};

describe("stackConfigNames", () => {
  it("lists the stacks that have a config file", () => {
    expect(stackConfigNames(["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yml", "package.json"])).toEqual([
      "dev",
      "prod",
    ]);
  });
});

describe("readProjectName", () => {
  it("reads Pulumi.yaml's name", () => {
    expect(readProjectName("/repo", readFile)).toBe("agentcore-vpc-platform");
  });

  it("fails naming the file when there is no name", () => {
    expect(() => readProjectName("/other", readFile)).toThrow(
      new OperatorError("no project name in /other/Pulumi.yaml"),
    );
    expect(() => readProjectName("/none", readFile)).toThrow("no project name in /none/Pulumi.yaml");
  });
});

describe("readStackRegion", () => {
  it("reads aws:region from the stack file", () => {
    expect(readStackRegion("/repo", "dev", readFile)).toBe("us-east-1");
  });

  it.each([
    ["noregion", "Pulumi.noregion.yaml sets no aws:region"],
    ["empty", "Pulumi.empty.yaml is missing or has no config"],
    ["staging", "Pulumi.staging.yaml is missing or has no config"],
  ])("says what is missing for %s and how to go on", (stack, reason) => {
    expect(() => readStackRegion("/repo", stack, readFile)).toThrow(
      `no region: ${reason}; pass --region <region>`,
    );
  });

  it("passes read errors other than a missing file through", () => {
    const denied = () => {
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    };
    expect(() => readStackRegion("/repo", "dev", denied)).toThrow("EACCES");
  });
});
