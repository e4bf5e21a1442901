/**
 * npm as a user runs it, for packing and installing packages into programs outside the repository.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";

/** npm's executable (npm.cmd on Windows). */
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * Runs npm in `cwd`; resolves with stdout, rejects with the command and the tail of its output.
 * @param onOutput receives stdout and stderr once npm is done @default none
 */
export function npm(
  args: readonly string[],
  cwd: string,
  onOutput?: (line: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      NPM,
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } },
      (error, stdout, stderr) => {
        for (const line of `${stdout}${stderr}`.split("\n")) if (line.trim()) onOutput?.(line);
        if (!error) return resolve(stdout);
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-15).join("\n");
        reject(new Error(`npm ${args.join(" ")} (in ${cwd}) failed:\n${tail}`));
      },
    );
  });
}

/**
 * `npm pack` of a package folder into `destination`; returns the tarball's path.
 * @param options.scripts run the package's prepack/prepare scripts (a workspace build) or not (a repack)
 */
export async function npmPack(
  packageDir: string,
  destination: string,
  options: { scripts: boolean; onOutput?: (line: string) => void },
): Promise<string> {
  const args = [
    "pack",
    packageDir,
    "--pack-destination",
    destination,
    "--json",
    ...(options.scripts ? [] : ["--ignore-scripts"]),
  ];
  const stdout = await npm(args, path.dirname(packageDir), options.onOutput);
  // Scripts may print before the JSON; it is the last top-level array in the output.
  const json = stdout.slice(stdout.lastIndexOf("\n[") + 1);
  const [packed] = JSON.parse(json.trimStart().startsWith("[") ? json : stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack ${packageDir} reported no tarball`);
  return path.join(destination, path.basename(packed.filename));
}
