/**
 * The seam between the tools and Pulumi. The real implementation (automation-engine.ts) wraps
 * `@pulumi/pulumi/automation`; tests use the fake in `../testing/fake-engine.ts`. Only what the tools need is
 * here.
 */
import type { EngineEvent, OpMap, OutputMap } from "@pulumi/pulumi/automation";

export type { EngineEvent, OpMap, OutputMap };

export interface StackSelection {
  stackName: string;
  /** Folder holding Pulumi.yaml. */
  workDir: string;
  /** Extra environment for every CLI call (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, …). */
  envVars: Record<string, string>;
  secretsProvider: string;
  /** Create the stack when it does not exist (preview/up); select only otherwise. */
  create: boolean;
}

export interface OperationOptions {
  onOutput: (text: string) => void;
  onEvent: (event: EngineEvent) => void;
  diff: boolean;
  color: "always" | "never";
}

export interface ChangeOptions extends OperationOptions {
  expectNoChanges: boolean;
}

/** Preview and update: the operations that evaluate the program against policy. */
export interface ProgramOptions extends ChangeOptions {
  /** Refresh the state from the cloud first (in memory for a preview). */
  refresh: boolean;
  /** Folders of the policy packs to run. */
  policyPacks: string[];
}

export interface OperationResult {
  changes: OpMap;
}

export interface DeployStack {
  readonly name: string;
  /** A config value by full key (`aws:region`); undefined when not set. */
  getConfig(key: string): Promise<string | undefined>;
  /** Installs a resource provider plugin (`aws`, `v7.48.0`) through the stack's workspace. */
  installPlugin(name: string, version: string): Promise<void>;
  preview(opts: ProgramOptions): Promise<OperationResult>;
  up(opts: ProgramOptions): Promise<OperationResult>;
  refresh(opts: ChangeOptions & { previewOnly: boolean }): Promise<OperationResult>;
  destroy(opts: OperationOptions & { previewOnly: boolean }): Promise<OperationResult>;
  outputs(): Promise<OutputMap>;
  /** The stack's state as `pulumi stack export` writes it (the `deployment` part). */
  exportDeployment(): Promise<unknown>;
}

export interface PulumiEngine {
  /** Finds and validates the Pulumi CLI; throws (ENOENT) when it is not installed. Returns its version. */
  cliVersion(): Promise<string>;
  selectStack(selection: StackSelection): Promise<DeployStack>;
}
