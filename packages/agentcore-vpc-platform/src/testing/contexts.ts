import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Build contexts for a mock graph: folders with a Dockerfile, so the component hashes real files. */
export interface PlaceholderContexts {
  readonly agent: string;
  readonly executor: string;
  /** Deletes both folders. */
  remove(): void;
}

/**
 * Makes an agent and an executor build context in a new temporary folder named from `prefix`: a one-line
 * Dockerfile and a `main.js` each. Nothing is built under mocks; the contexts only have to exist and hash.
 */
export function placeholderContexts(prefix: string): PlaceholderContexts {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const make = (app: string): string => {
    const dir = path.join(root, app);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM public.ecr.aws/docker/library/node:22-slim\n");
    fs.writeFileSync(path.join(dir, "main.js"), `console.log("${app}");\n`);
    return dir;
  };
  return {
    agent: make("agent"),
    executor: make("executor"),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
