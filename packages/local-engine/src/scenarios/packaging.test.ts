import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedProgram, packedProgram } from "./packed-program";

// These install real tarballs with npm (from its cache where it can): minutes, not seconds.
const INSTALL_TIMEOUT = 600_000;

interface CheckResult {
  graph: {
    resources: number;
    byType: Record<string, number>;
    outputs: string[];
    runtime: Record<string, unknown>;
    marker: Record<string, unknown>;
    contexts: string[];
  };
  providers: {
    runtime?: { failures: unknown[]; id: string; status: string; version: string; operations: string[] };
    upgrade?: {
      diff: { changes: boolean; replaces: string[] };
      requests: string[];
      versionBefore: string;
      versionAfter: string;
    };
    marker: { id: string; tagCalls: { resources: string[]; tags: Record<string, string> }[] };
  };
}

const REPO_ROOT = path.resolve(__dirname, "../../../..");
const { version: VERSION } = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "packages", "agentcore-vpc-platform", "package.json"), "utf8"),
) as { version: string };
/** What `upgradeComponent` installs: the same code one patch version up. */
const NEXT_VERSION = VERSION.replace(/\d+$/, (patch) => String(Number(patch) + 1));
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as CheckResult;
let packed: PackedProgram;
let program: string;
let work: string;
let first: string;
let result: CheckResult;

/** Runs consumer-check.js from the program's folder; returns its result file. */
function check(previous?: string): string {
  fs.copyFileSync(path.join(__dirname, "consumer-check.js"), path.join(program, "consumer-check.js"));
  const output = path.join(work, `result-${fs.readdirSync(work).length}.json`);
  execFileSync(process.execPath, ["consumer-check.js", output, ...(previous ? [previous] : [])], {
    cwd: program,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return output;
}

beforeAll(async () => {
  packed = await packedProgram(REPO_ROOT);
  program = packed.projectDir;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "packaging-results-"));
  first = check();
  result = read(first);
}, INSTALL_TIMEOUT);
afterAll(() => {
  packed.remove();
  fs.rmSync(work, { recursive: true, force: true });
}, INSTALL_TIMEOUT);

describe("the component installed from its tarball into a program outside the repository", () => {
  it("evaluates under mocks: the whole graph, every output, the shipped reference apps", () => {
    const { graph } = result;
    expect(graph.resources).toBeGreaterThan(70);
    expect(graph.byType["pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime"]).toBe(1);
    expect(graph.byType["pulumi-nodejs:dynamic/agentcore:SweepMarker"]).toBe(1);
    expect(graph.byType["docker:index/image:Image"]).toBe(2);
    expect(graph.outputs).toContain("runtimeArn");
    const installed = path.join(program, "node_modules", "agentcore-vpc-platform", "contexts");
    expect(graph.contexts.map((c) => path.resolve(program, c)).sort()).toEqual([
      path.join(installed, "agent"),
      path.join(installed, "executor"),
    ]);
  });

  it("stores thin provider stubs that name the package and its version", () => {
    for (const stub of [result.graph.runtime["__provider"], result.graph.marker["__provider"]]) {
      expect(stub).toContain('"agentcore-vpc-platform"');
      expect(stub).toContain(`"${VERSION}"`);
      expect(stub).not.toMatch(/dist\//);
    }
  });

  it("runs the runtime's serialized provider from the program's folder against the fake control plane", () => {
    expect(result.providers.runtime).toMatchObject({ failures: [], status: "READY", version: "1" });
    expect(result.providers.runtime?.id).toMatch(/^analytics_rt-[a-zA-Z0-9]{10}$/);
    expect(result.providers.runtime?.operations).toContain("CreateAgentRuntime");
    console.info(
      `packed program ${program}: ${result.graph.resources} resources under mocks; the serialized runtime ` +
        `provider created ${result.providers.runtime?.id} (${result.providers.runtime?.status}, version ` +
        `${result.providers.runtime?.version}) with ${result.providers.runtime?.operations.join(", ")}`,
    );
  });

  it("runs the SweepMarker's serialized provider: create records, delete tags the retained network", () => {
    const { marker } = result.providers;
    expect(marker.id).toBe("sweep-marker-vpc-0ccccccccccccccc0");
    expect(marker.tagCalls).toHaveLength(1);
    expect(marker.tagCalls[0]?.resources[0]).toBe("vpc-0ccccccccccccccc0");
    expect(Object.keys(marker.tagCalls[0]?.tags ?? {})).toEqual(["agentcore-vpc-platform:sweep-after"]);
  });

  it(
    "ships contexts that install with npm ci from their own lockfile",
    () => {
      for (const app of ["agent", "executor"]) {
        const copy = path.join(work, `context-${app}`);
        fs.cpSync(path.join(program, "node_modules", "agentcore-vpc-platform", "contexts", app), copy, {
          recursive: true,
        });
        execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
          cwd: copy,
          stdio: "ignore",
        });
        const manifest = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as {
          dependencies: Record<string, string>;
          devDependencies: Record<string, string>;
        };
        const wanted = { ...manifest.dependencies, ...manifest.devDependencies };
        expect(Object.keys(wanted)).toContain("typescript");
        for (const [name, spec] of Object.entries(wanted)) {
          expect(
            fs.existsSync(path.join(copy, "node_modules", name, "package.json")),
            `${app}: ${name}`,
          ).toBe(true);
          // The workspace's contract package travels inside the context, linked from node_modules.
          if (spec.startsWith("file:")) {
            expect(fs.readlinkSync(path.join(copy, "node_modules", name))).toBe(
              `../${spec.slice("file:".length)}`,
            );
          }
        }
      }
    },
    INSTALL_TIMEOUT,
  );
});

describe("an upgrade of the package (repacked one patch version up and installed into the same program)", () => {
  let upgraded: CheckResult;
  beforeAll(async () => {
    await packed.upgradeComponent();
    upgraded = read(check(first));
  }, INSTALL_TIMEOUT);

  it("changes the stored provider text, so the engine sees the new code", () => {
    expect(upgraded.graph.runtime["__provider"]).not.toBe(result.graph.runtime["__provider"]);
    expect(upgraded.graph.runtime["__provider"]).toContain(`"${NEXT_VERSION}"`);
    expect(upgraded.graph.marker["__provider"]).toContain(`"${NEXT_VERSION}"`);
  });

  it("updates the runtime in place without an AgentCore call or a new version", () => {
    expect(upgraded.providers.upgrade).toEqual({
      diff: expect.objectContaining({ changes: true, replaces: [] }),
      requests: [],
      versionBefore: "1",
      versionAfter: "1",
    });
  });
});
