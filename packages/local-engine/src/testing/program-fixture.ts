/**
 * Small Pulumi programs in temporary folders for engine tests: Pulumi.yaml, a stack file, a strict
 * tsconfig and the given sources, with node_modules linked to this repository's install.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "..", "..", "node_modules");

export interface ProgramFixture {
  readonly dir: string;
  /** Replaces (or adds) a file. */
  write(name: string, text: string): void;
  remove(): void;
}

/**
 * Writes a program named `name` with these files (index.ts at least); `Pulumi.yaml` and `Pulumi.dev.yaml`
 * are generated unless given.
 */
export function programFixture(name: string, files: Record<string, string>): ProgramFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engine-program-${name}-`));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write("Pulumi.yaml", `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
  write("Pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n");
  write("package.json", JSON.stringify({ name, private: true, main: "index.ts" }));
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node10",
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    }),
  );
  for (const [file, text] of Object.entries(files)) write(file, text);
  fs.symlinkSync(REPO_NODE_MODULES, path.join(dir, "node_modules"));
  return { dir, write, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
