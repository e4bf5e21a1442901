import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bumpPatchVersion, linkNodeModules } from "./program-copy";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copy-test-"));
  dirs.push(dir);
  return dir;
}

describe("linkNodeModules", () => {
  it("links every installed package back, scopes whole, with overrides pointing elsewhere", () => {
    const root = tempDir();
    for (const pkg of ["left-pad", "@scope/a", "component"])
      fs.mkdirSync(path.join(root, "src", pkg), { recursive: true });
    fs.writeFileSync(path.join(root, "src", ".package-lock.json"), "{}");
    fs.mkdirSync(path.join(root, "copy"));
    linkNodeModules(path.join(root, "src"), path.join(root, "nm"), { component: path.join(root, "copy") });
    expect(fs.readdirSync(path.join(root, "nm")).sort()).toEqual(["@scope", "component", "left-pad"]);
    expect(fs.realpathSync(path.join(root, "nm", "@scope", "a"))).toBe(
      fs.realpathSync(path.join(root, "src", "@scope", "a")),
    );
    expect(fs.realpathSync(path.join(root, "nm", "component"))).toBe(
      fs.realpathSync(path.join(root, "copy")),
    );
  });
});

describe("bumpPatchVersion", () => {
  it("raises the patch number and keeps the rest of package.json", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "x", version: "0.1.9", main: "i.js" }),
    );
    expect(bumpPatchVersion(dir)).toBe("0.1.10");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))).toEqual({
      name: "x",
      version: "0.1.10",
      main: "i.js",
    });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "next" }));
    expect(() => bumpPatchVersion(dir)).toThrow(/not x.y.z/);
  });
});
