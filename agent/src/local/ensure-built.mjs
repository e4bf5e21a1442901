/* global process, console */
// Run by the root scripts (dev, invoke, sample-data, console) before tsx starts them: the workspaces they
// import are used from their compiled dist/, so build any whose dist/ is missing or older than its src/.
// Usage: node agent/src/local/ensure-built.mjs <workspace folder>...
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

for (const folder of process.argv.slice(2)) {
  const root = path.join(repo, folder);
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const entry = path.join(root, pkg.main ?? "dist/index.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest(path.join(root, "src"))) continue;
  console.error(`building ${pkg.name} (its dist/ is missing or older than src/) …`);
  const build = spawnSync("npm", ["run", "build", "--silent", "-w", pkg.name], {
    cwd: repo,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
