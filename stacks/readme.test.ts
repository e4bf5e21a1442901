import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS } from "./config";
import { REPO_ROOT } from "./testing/stack-files";

describe("README configuration table", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const rows = new Map(
    [...readme.matchAll(/^\|\s*`([^`]+)`\s*\|([^|]+)\|([^|]+)\|$/gm)].map((m) => [
      m[1],
      { def: m[2]?.trim(), doc: m[3]?.trim() },
    ]),
  );

  it.each(Object.entries(CONFIG_KEYS))("documents %s with its default and meaning", (key, spec) => {
    const row = rows.get(key);
    expect(row, `README has no row for ${key}`).toBeDefined();
    expect(row?.doc).toBe(spec.doc);
    expect(row?.def?.replace(/`/g, "")).toBe(spec.default.replace(/`/g, ""));
  });

  it("documents no key the program does not read", () => {
    const documented = [...rows.keys()].filter(
      (key): key is string => key !== undefined && !key.includes(":"),
    );
    expect(documented.sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
  });
});
