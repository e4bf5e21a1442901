// The program every stack runs, loaded by index.ts once the build is checked: stack config in, one
// AgentCoreVpcPlatform, its outputs out.
import * as pulumi from "@pulumi/pulumi";
import { AgentCoreVpcPlatform } from "agentcore-vpc-platform";
import { readStackConfig } from "./config";

function settingsFromConfig() {
  try {
    return readStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
  } catch (error) {
    // A RunError fails the run with just this message, no stack trace.
    throw new pulumi.RunError((error as Error).message);
  }
}

const settings = settingsFromConfig();
const platform = new AgentCoreVpcPlatform(settings.name, settings.args);

/** Every output the platform defines (STACK_OUTPUTS), under its contract name. */
export const outputs = platform.outputs;
