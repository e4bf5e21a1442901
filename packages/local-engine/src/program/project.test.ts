import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  configEnvironment,
  configText,
  fullKey,
  loadStackConfig,
  programLocation,
  readProject,
} from "./project";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-test-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("programLocation (how the engine resolves Pulumi.yaml main)", () => {
  it("runs a main folder from that folder with '.' as the program", () => {
    const dir = project({ "stacks/package.json": "{}" });
    expect(programLocation(dir, "stacks/")).toEqual({ programDir: path.join(dir, "stacks"), entry: "." });
  });

  it("runs a main file from the project folder, and the project folder when main is unset", () => {
    const dir = project({ "src/app.ts": "" });
    expect(programLocation(dir, "src/app.ts")).toEqual({
      programDir: dir,
      entry: path.join(dir, "src/app.ts"),
    });
    expect(programLocation(dir, undefined)).toEqual({ programDir: dir, entry: "." });
  });

  it("refuses a main outside the project or missing", () => {
    const dir = project({});
    expect(() => programLocation(dir, "/etc")).toThrow(/must be relative/);
    expect(() => programLocation(dir, "../elsewhere")).toThrow(/subfolder/);
    expect(() => programLocation(dir, "missing/")).toThrow(/does not exist/);
  });
});

describe("readProject and loadStackConfig", () => {
  const files = {
    "Pulumi.yaml": [
      "name: shop",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "main: app/",
      "config:",
      "  apiKey:",
      "    secret: true",
      "  size:",
      "    default: 3",
      "  aws:region: eu-west-1",
    ].join("\n"),
    "app/package.json": "{}",
    "Pulumi.dev.yaml": [
      "config:",
      "  aws:region: us-east-1",
      "  shop:apiKey: hunter2",
      "  shop:tags:",
      "    team: data",
      "  shop:count: 2",
    ].join("\n"),
    "Pulumi.bad.yaml": ["config:", "  shop:apiKey:", "    secure: AAABAGx1"].join("\n"),
  };

  it("reads the project's name, runtime options, program location and config declarations", () => {
    const dir = project(files);
    const p = readProject(dir);
    expect(p).toMatchObject({
      name: "shop",
      typescript: false,
      programDir: path.join(dir, "app"),
      entry: ".",
    });
    expect(p.configDefaults).toEqual({ "shop:size": "3", "aws:region": "eu-west-1" });
    expect(p.declaredSecretKeys).toEqual(["shop:apiKey"]);
  });

  it("layers the stack's config over the defaults, structured values as JSON, secret keys marked", () => {
    const dir = project(files);
    const config = loadStackConfig(readProject(dir), "dev", ["count"]);
    expect(config.values).toEqual({
      "shop:size": "3",
      "aws:region": "us-east-1",
      "shop:apiKey": "hunter2",
      "shop:tags": '{"team":"data"}',
      "shop:count": "2",
    });
    expect(config.secretKeys).toEqual(["shop:apiKey", "shop:count"]);
    expect(configEnvironment(config)).toEqual({
      PULUMI_CONFIG: JSON.stringify({
        "shop:config:size": "3",
        "aws:config:region": "us-east-1",
        "shop:config:apiKey": "hunter2",
        "shop:config:tags": '{"team":"data"}',
        "shop:config:count": "2",
      }),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["shop:apiKey", "shop:count"]),
    });
  });

  it("refuses encrypted config and a non-Node.js runtime", () => {
    const dir = project(files);
    expect(() => loadStackConfig(readProject(dir), "bad")).toThrow(/shop:apiKey is encrypted/);
    const other = project({ "Pulumi.yaml": "name: x\nruntime: python\n" });
    expect(() => readProject(other)).toThrow(/is not nodejs/);
  });

  it("names keys and values as the CLI does", () => {
    expect(fullKey("size", "shop")).toBe("shop:size");
    expect(fullKey("aws:region", "shop")).toBe("aws:region");
    expect(configText(["a"])).toBe('["a"]');
    expect(configText("plain")).toBe("plain");
  });
});
