/**
 * The seam between the driver and Pulumi. The real implementation (localWorkspace.ts) wraps
 * `@pulumi/pulumi/automation`; tests use a fake. Only what the driver and doctor need is here.
 */
import type { EngineEvent, OpMap, OutputMap } from "@pulumi/pulumi/automation";

export type { EngineEvent, OpMap, OutputMap };

export interface StackSelection {
  stackName: string;
  /** Directory holding Pulumi.yaml. */
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

export interface OperationResult {
  changes: OpMap;
}

export interface DeployStack {
  readonly name: string;
  /** A config value by full key (`aws:region`); undefined when not set. */
  getConfig(key: string): Promise<string | undefined>;
  preview(opts: ChangeOptions): Promise<OperationResult>;
  up(opts: ChangeOptions): Promise<OperationResult>;
  refresh(opts: ChangeOptions & { previewOnly: boolean }): Promise<OperationResult>;
  destroy(opts: OperationOptions & { previewOnly: boolean }): Promise<OperationResult>;
  outputs(): Promise<OutputMap>;
}

export interface PulumiEngine {
  /** Finds and validates the Pulumi CLI; throws (ENOENT) when it is not installed. Returns its version. */
  cliVersion(): Promise<string>;
  selectStack(selection: StackSelection): Promise<DeployStack>;
}
