import * as pulumi from "@pulumi/pulumi";

/**
 * One rejected argument: where it is (`network.cidrBlock`) and why, with the fix. The same shape as the
 * entries of `pulumi.InputPropertiesError`.
 */
export interface ArgumentProblem {
  readonly propertyPath: string;
  readonly reason: string;
}

/**
 * Raised for arguments AWS would reject (or that would fail later, after minutes of waiting).
 *
 * It is a `RunError`, so `pulumi preview` fails with just this message and no stack trace, and it lists
 * every problem at once so one run shows the user all there is to fix. `errors` carries them one by one,
 * as `pulumi.InputPropertiesError` does.
 */
export class PlatformArgumentError extends pulumi.RunError {
  readonly errors: readonly ArgumentProblem[];

  constructor(componentName: string, errors: readonly ArgumentProblem[]) {
    const lines = errors.map((p) => `  - ${p.propertyPath}: ${p.reason}`);
    super(`Invalid arguments for AgentCoreVpcPlatform "${componentName}":\n${lines.join("\n")}`);
    this.name = "PlatformArgumentError";
    this.errors = errors;
  }
}
