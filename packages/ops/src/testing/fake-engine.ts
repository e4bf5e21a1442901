/**
 * Test support: a scripted PulumiEngine that records every call, and errors shaped like the Automation API's.
 * Used by the driver's, doctor's and the sweep's tests (all open stacks through the same engine).
 */
import type {
  DeployStack,
  EngineEvent,
  OpMap,
  OperationOptions,
  OutputMap,
  ProgramOptions,
  PulumiEngine,
  StackSelection,
} from "../pulumi/engine";

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
  /** Preview and update only: refresh first. */
  refresh?: boolean;
  /** Preview and update only: the policy pack folders passed. */
  policyPacks?: string[];
}

export interface PluginInstall {
  name: string;
  version: string;
}

export interface FakeEngineOptions {
  cliError?: unknown;
  selectError?: unknown;
  config?: Record<string, string>;
  outputs?: OutputMap;
  ops?: Partial<Record<OpName, OpScript>>;
  /** Separate script for previewOnly refresh/destroy. */
  previewOps?: Partial<Record<"refresh" | "destroy", OpScript>>;
  /** Thrown by installPlugin for this plugin name. */
  pluginErrors?: Record<string, unknown>;
  /** What exportDeployment returns. */
  deployment?: unknown;
}

export interface FakeEngine extends PulumiEngine {
  readonly selections: StackSelection[];
  readonly calls: OpCall[];
  /** Plugin installs, in order; `callsBefore` is how many operations had run when each was installed. */
  readonly plugins: (PluginInstall & { callsBefore: number })[];
  cliChecked: number;
  outputsRead: number;
}

export function fakeEngine(opts: FakeEngineOptions = {}): FakeEngine {
  const selections: StackSelection[] = [];
  const calls: OpCall[] = [];
  const plugins: FakeEngine["plugins"] = [];
  const engine: FakeEngine = {
    selections,
    calls,
    plugins,
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
        o: OperationOptions & Partial<Pick<ProgramOptions, "refresh" | "policyPacks">>,
        previewOnly: boolean,
        expectNoChanges: boolean,
      ): Promise<{ changes: OpMap }> => {
        const program =
          op === "preview" || op === "up" ? { refresh: o.refresh, policyPacks: o.policyPacks } : {};
        calls.push({ op, previewOnly, expectNoChanges, diff: o.diff, ...program });
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
        installPlugin: async (name, version) => {
          plugins.push({ name, version, callsBefore: calls.length });
          const error = opts.pluginErrors?.[name];
          if (error !== undefined) throw error;
        },
        preview: (o) => run("preview", o, false, o.expectNoChanges),
        up: (o) => run("up", o, false, o.expectNoChanges),
        refresh: (o) => run("refresh", o, o.previewOnly, o.expectNoChanges),
        destroy: (o) => run("destroy", o, o.previewOnly, false),
        outputs: async () => {
          engine.outputsRead++;
          return opts.outputs ?? {};
        },
        exportDeployment: async () => opts.deployment ?? { resources: [] },
      };
      return stack;
    },
  };
  return engine;
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
