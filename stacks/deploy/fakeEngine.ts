/**
 * Test support: a scripted PulumiEngine and driver dependencies that record every call.
 * Used by the driver tests and by doctor's tests (stack outputs come through the same engine).
 */
import type { AwsIdentity, AwsIdentityProbe } from "./aws";
import type { DriverDeps } from "./driver";
import type {
  DeployStack,
  EngineEvent,
  OpMap,
  OperationOptions,
  OutputMap,
  PulumiEngine,
  StackSelection,
} from "./workspace";

export type OpName = "preview" | "up" | "refresh" | "destroy";

export interface OpScript {
  /** Text streamed through onOutput. */
  output?: string;
  /** Engine events delivered through onEvent, in order. */
  events?: Partial<EngineEvent>[];
  /** Result change summary (when not failing). */
  changes?: OpMap;
  /** Thrown after the output and events. */
  error?: unknown;
}

export interface OpCall {
  op: OpName;
  previewOnly: boolean;
  expectNoChanges: boolean;
  diff: boolean;
}

export interface FakeEngineOptions {
  cliError?: unknown;
  selectError?: unknown;
  config?: Record<string, string>;
  outputs?: OutputMap;
  ops?: Partial<Record<OpName, OpScript>>;
  /** Separate script for previewOnly refresh/destroy. */
  previewOps?: Partial<Record<"refresh" | "destroy", OpScript>>;
}

export interface FakeEngine extends PulumiEngine {
  readonly selections: StackSelection[];
  readonly calls: OpCall[];
  cliChecked: number;
  outputsRead: number;
}

export function fakeEngine(opts: FakeEngineOptions = {}): FakeEngine {
  const selections: StackSelection[] = [];
  const calls: OpCall[] = [];
  const engine: FakeEngine = {
    selections,
    calls,
    cliChecked: 0,
    outputsRead: 0,
    async cliVersion() {
      engine.cliChecked++;
      if (opts.cliError !== undefined) throw opts.cliError;
      return "v3.248.0";
    },
    async selectStack(selection) {
      selections.push(selection);
      if (opts.selectError !== undefined) throw opts.selectError;
      const run = async (
        op: OpName,
        o: OperationOptions,
        previewOnly: boolean,
        expectNoChanges: boolean,
      ): Promise<{ changes: OpMap }> => {
        calls.push({ op, previewOnly, expectNoChanges, diff: o.diff });
        const script =
          (previewOnly && (op === "refresh" || op === "destroy") ? opts.previewOps?.[op] : undefined) ??
          opts.ops?.[op] ??
          {};
        if (script.output) o.onOutput(script.output);
        let sequence = 0;
        for (const e of script.events ?? []) o.onEvent({ sequence: sequence++, timestamp: 0, ...e });
        if (script.error !== undefined) throw script.error;
        return { changes: script.changes ?? { same: 1 } };
      };
      const stack: DeployStack = {
        name: selection.stackName,
        getConfig: async (key) => opts.config?.[key],
        preview: (o) => run("preview", o, false, o.expectNoChanges),
        up: (o) => run("up", o, false, o.expectNoChanges),
        refresh: (o) => run("refresh", o, o.previewOnly, o.expectNoChanges),
        destroy: (o) => run("destroy", o, o.previewOnly, false),
        outputs: async () => {
          engine.outputsRead++;
          return opts.outputs ?? {};
        },
      };
      return stack;
    },
  };
  return engine;
}

export interface FakeDeps extends DriverDeps {
  engine: FakeEngine;
  stdout: () => string;
  stderr: () => string;
  questions: string[];
  secretsAsked: string[];
  written: Map<string, string>;
  dirsMade: string[];
  identityRegions: (string | undefined)[];
}

export interface FakeDepsOptions {
  engine?: FakeEngine;
  env?: Record<string, string>;
  interactive?: boolean;
  confirmAnswer?: boolean;
  secretAnswer?: string;
  files?: string[];
  identity?: AwsIdentity | Error;
}

export const REPO_ROOT = "/repo";

export function fakeDeps(o: FakeDepsOptions = {}): FakeDeps {
  let out = "";
  let err = "";
  const questions: string[] = [];
  const secretsAsked: string[] = [];
  const written = new Map<string, string>();
  const dirsMade: string[] = [];
  const identityRegions: (string | undefined)[] = [];
  const identity: AwsIdentityProbe = {
    async whoAmI(region) {
      identityRegions.push(region);
      const id = o.identity ?? { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci" };
      if (id instanceof Error) throw id;
      return id;
    },
  };
  return {
    engine: o.engine ?? fakeEngine(),
    identity,
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      interactive: o.interactive ?? false,
      confirm: async (q) => {
        questions.push(q);
        return o.confirmAnswer ?? false;
      },
      askSecret: async (q) => {
        secretsAsked.push(q);
        return o.secretAnswer ?? "typed-passphrase";
      },
    },
    files: {
      listDir: () => o.files ?? ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "package.json"],
      mkdirp: (d) => {
        dirsMade.push(d);
      },
      appendFile: (f, t) => {
        written.set(f, (written.get(f) ?? "") + t);
      },
      writeFile: (f, t) => {
        written.set(f, t);
      },
    },
    env: o.env ?? {},
    repoRoot: REPO_ROOT,
    stdout: () => out,
    stderr: () => err,
    questions,
    secretsAsked,
    written,
    dirsMade,
    identityRegions,
  };
}

/** An error shaped like the Automation API's CommandError for `pulumi` missing from PATH (as observed). */
export function cliMissingError(): Error {
  const inner = Object.assign(new Error("Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"), {
    code: "ENOENT",
  });
  const e = new Error(
    "code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n err?: Error: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n",
  );
  e.name = "CommandError";
  return Object.assign(e, { commandResult: { stdout: "", stderr: inner.message, code: -2, err: inner } });
}

/** An error shaped like a CommandError from a failed `pulumi preview/up`. */
export function commandError(stderr: string, name = "CommandError"): Error {
  const e = new Error(`code: 255\n stdout: \n stderr: ${stderr}\n`);
  e.name = name;
  return Object.assign(e, { commandResult: { stdout: "", stderr, code: 255 } });
}
