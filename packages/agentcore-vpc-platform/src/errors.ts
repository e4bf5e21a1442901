import * as pulumi from "@pulumi/pulumi";

/** One rejected argument: where it is (`network.cidrBlock`) and why, with the fix. */
export interface ArgumentProblem {
  readonly path: string;
  readonly reason: string;
}

/**
 * Raised for arguments AWS would reject (or that would fail later, after minutes of waiting).
 *
 * It is a `RunError`, so `pulumi preview` fails with just this message and no stack trace, and it
 * lists every problem at once so one run shows the user all there is to fix.
 */
export class PlatformArgumentError extends pulumi.RunError {
  readonly problems: readonly ArgumentProblem[];

  constructor(componentName: string, problems: readonly ArgumentProblem[]) {
    const lines = problems.map((p) => `  - ${p.path}: ${p.reason}`);
    super(`Invalid arguments for AgentCoreVpcPlatform "${componentName}":\n${lines.join("\n")}`);
    this.name = "PlatformArgumentError";
    this.problems = problems;
  }
}
