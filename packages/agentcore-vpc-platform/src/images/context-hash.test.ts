import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, it, expect } from "vitest";
import {
  contentTag,
  contextIgnoreRules,
  hashBuildContext,
  isIgnored,
  listContextFiles,
  parseDockerignore,
} from "./context-hash";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh context folder with the given files (path → content). */
function context(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
  dirs.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

const base = {
  Dockerfile: "FROM scratch\nCOPY . /app\n",
  "src/a.ts": "a",
  "src/b.ts": "b",
  "README.md": "r",
};
const opts = { platform: "linux/arm64" };

describe("parseDockerignore / isIgnored", () => {
  const rules = parseDockerignore(
    ["# comment", "", "*.md", "/build/", "**/*.log", "docs", "!docs/keep.txt", "tmp?", "cache/**"].join("\n"),
  );

  it.each([
    ["README.md", true],
    ["src/README.md", false], // like Docker, a pattern without ** matches from the root only
    ["build/x.js", true],
    ["a/b/c.log", true],
    ["x.log", true],
    ["docs/guide.txt", true],
    ["docs/keep.txt", false],
    ["tmp1", true],
    ["tmp12", false],
    ["cache/a/b", true],
    ["src/index.ts", false],
  ])("%s → ignored=%s", (file, expected) => {
    expect(isIgnored(file, rules)).toBe(expected);
  });

  it("skips comments and blank lines and cleans leading / and ./", () => {
    expect(parseDockerignore("# x\n\n/a/\n./b\n!c").map((r) => [r.pattern, r.negate])).toEqual([
      ["a", false],
      ["b", false],
      ["c", true],
    ]);
  });
});

describe("listContextFiles", () => {
  it("skips node_modules, dist and .git at any depth, honours .dockerignore, sorts by code unit", () => {
    const dir = context({
      ...base,
      "node_modules/x/index.js": "x",
      "pkg/node_modules/y.js": "y",
      "dist/out.js": "o",
      ".git/HEAD": "h",
      ".dockerignore": "*.md\n",
      "Z.txt": "z",
    });
    expect(listContextFiles(dir, contextIgnoreRules(dir))).toEqual([
      ".dockerignore",
      "Dockerfile",
      "Z.txt",
      "src/a.ts",
      "src/b.ts",
    ]);
  });

  it("lets .dockerignore re-include a default-ignored folder", () => {
    const dir = context({ ...base, "dist/out.js": "o", ".dockerignore": "!dist\n" });
    expect(listContextFiles(dir, contextIgnoreRules(dir))).toContain("dist/out.js");
  });
});

describe("hashBuildContext", () => {
  it("is deterministic for equal contents in different folders and independent of creation order", () => {
    const a = context(base);
    const reversed = Object.fromEntries(Object.entries(base).reverse());
    const b = context(reversed);
    expect(hashBuildContext(a, opts)).toBe(hashBuildContext(b, opts));
    expect(hashBuildContext(a, opts)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when any sent file's content, name or executable bit changes, or a file is added", () => {
    const reference = hashBuildContext(context(base), opts);
    const variants: Record<string, string>[] = [
      { ...base, "src/a.ts": "a2" },
      { ...base, Dockerfile: "FROM scratch\n" },
      { ...base, "src/c.ts": "" },
      { Dockerfile: base.Dockerfile, "src/a.ts": "a", "src/bb.ts": "b", "README.md": "r" },
      // Moving bytes between the name and the content of a file must not collide.
      { ...base, "src/a.ts": "", "src/a.tsa": "" },
    ];
    const hashes = variants.map((files) => hashBuildContext(context(files), opts));
    for (const hash of hashes) expect(hash).not.toBe(reference);
    expect(new Set(hashes).size).toBe(hashes.length);

    const executable = context(base);
    fs.chmodSync(path.join(executable, "src/a.ts"), 0o755);
    expect(hashBuildContext(executable, opts)).not.toBe(reference);
  });

  it("ignores changes to files Docker does not send", () => {
    const dir = context({ ...base, ".dockerignore": "README.md\n" });
    const before = hashBuildContext(dir, opts);
    fs.writeFileSync(path.join(dir, "README.md"), "changed");
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "node_modules", "m.js"), "m");
    expect(hashBuildContext(dir, opts)).toBe(before);
  });

  it("covers the platform, build args and a Dockerfile kept elsewhere", () => {
    const dir = context({ ...base, "docker/Prod.Dockerfile": "FROM scratch\n", ".dockerignore": "docker\n" });
    const reference = hashBuildContext(dir, opts);
    expect(hashBuildContext(dir, { platform: "linux/amd64" })).not.toBe(reference);
    expect(hashBuildContext(dir, { ...opts, buildArgs: { V: "1" } })).not.toBe(
      hashBuildContext(dir, { ...opts, buildArgs: { V: "2" } }),
    );
    expect(hashBuildContext(dir, { ...opts, buildArgs: { A: "1", B: "2" } })).toBe(
      hashBuildContext(dir, { ...opts, buildArgs: { B: "2", A: "1" } }),
    );
    const custom = hashBuildContext(dir, { ...opts, dockerfile: "docker/Prod.Dockerfile" });
    fs.writeFileSync(path.join(dir, "docker/Prod.Dockerfile"), "FROM busybox\n");
    expect(hashBuildContext(dir, { ...opts, dockerfile: "docker/Prod.Dockerfile" })).not.toBe(custom);
  });

  it("property: random single-byte edits always change the hash; rewriting the same bytes never does", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const dir = context(base);
    const files = ["Dockerfile", "src/a.ts", "src/b.ts", "README.md"];
    for (let round = 0; round < 25; round++) {
      const before = hashBuildContext(dir, opts);
      const file = path.join(dir, files[random(files.length)] ?? "Dockerfile");
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, bytes);
      expect(hashBuildContext(dir, opts)).toBe(before);
      const edited = Buffer.concat([bytes, Buffer.from([random(256)])]);
      fs.writeFileSync(file, edited);
      expect(hashBuildContext(dir, opts)).not.toBe(before);
    }
  });

  it("tags are the first 16 hex digits", () => {
    expect(contentTag("0123456789abcdef0123")).toBe("0123456789abcdef");
  });
});
