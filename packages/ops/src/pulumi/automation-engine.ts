/**
 * The real PulumiEngine: `@pulumi/pulumi/automation` driving the `pulumi` CLI on PATH against the project's
 * Pulumi.yaml (a local program, not an inline one). Its tests run it against a stand-in CLI that records its
 * arguments; everything above it is tested through the PulumiEngine interface with a fake.
 */
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { LocalWorkspaceOptions, Stack } from "@pulumi/pulumi/automation";
import type { DeployStack, ProgramOptions, PulumiEngine, StackSelection } from "./engine";

export function createPulumiEngine(): PulumiEngine {
  let command: PulumiCommand | undefined;
  return {
    async cliVersion() {
      // Runs `pulumi version`; throws a CommandError wrapping "spawn pulumi ENOENT" when the CLI is absent.
      command = await PulumiCommand.get();
      return command.version?.toString() ?? "unknown";
    },
    async selectStack(selection: StackSelection) {
      const opts: LocalWorkspaceOptions = {
        envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", ...selection.envVars },
        secretsProvider: selection.secretsProvider,
        ...(command ? { pulumiCommand: command } : {}),
      };
      const args = { stackName: selection.stackName, workDir: selection.workDir };
      const stack = selection.create
        ? await LocalWorkspace.createOrSelectStack(args, opts)
        : await LocalWorkspace.selectStack(args, opts);
      return wrapStack(stack);
    },
  };
}

function programOptions(o: ProgramOptions) {
  return {
    onOutput: o.onOutput,
    onEvent: o.onEvent,
    diff: o.diff,
    color: o.color,
    expectNoChanges: o.expectNoChanges,
    refresh: o.refresh,
    policyPacks: o.policyPacks,
  };
}

function wrapStack(stack: Stack): DeployStack {
  return {
    name: stack.name,
    async getConfig(key) {
      // getAllConfig never throws for a missing key (getConfig does), and it also proves the passphrase early.
      const all = await stack.getAllConfig();
      return all[key]?.value;
    },
    installPlugin: (name, version) => stack.workspace.installPlugin(name, version, "resource"),
    async preview(o) {
      const r = await stack.preview(programOptions(o));
      return { changes: r.changeSummary };
    },
    async up(o) {
      const r = await stack.up(programOptions(o));
      return { changes: r.summary.resourceChanges ?? {} };
    },
    async refresh(o) {
      const common = { onOutput: o.onOutput, onEvent: o.onEvent, color: o.color };
      if (o.previewOnly) {
        const r = await stack.previewRefresh({ ...common, expectNoChanges: o.expectNoChanges });
        return { changes: r.changeSummary };
      }
      const r = await stack.refresh({ ...common, expectNoChanges: o.expectNoChanges });
      return { changes: r.summary.resourceChanges ?? {} };
    },
    async destroy(o) {
      const common = { onOutput: o.onOutput, onEvent: o.onEvent, color: o.color };
      if (o.previewOnly) {
        const r = await stack.previewDestroy(common);
        return { changes: r.changeSummary };
      }
      const r = await stack.destroy(common);
      return { changes: r.summary.resourceChanges ?? {} };
    },
    outputs: () => stack.outputs(),
    exportDeployment: async () => (await stack.exportStack()).deployment as unknown,
  };
}
