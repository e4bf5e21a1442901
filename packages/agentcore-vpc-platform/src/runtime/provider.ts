import type * as Sdk from "@aws-sdk/client-bedrock-agentcore-control";
import type * as pulumi from "@pulumi/pulumi";
import { consoleLog, newClient } from "./client";
import type { RuntimeApi } from "./client";
import { readSettings } from "./config";
import { changedProperties, diffRuntime, PROVIDER_KEY } from "./diff";
import { RuntimeInitError } from "./errors";
import { createRuntime, deleteRuntime, readRuntime, updateRuntime } from "./operations";
import type { RuntimeInputs, RuntimeOutputs } from "./types";
import { validateRuntimeInputs } from "./validation";

/*
 * The dynamic provider host loads this module through the stub stored in state (see provider-stub). Every
 * method require()s the SDK and builds its own client, so programs that only import the component never
 * load the SDK, and a client never outlives the call that needed it.
 */

function api(sdk: typeof Sdk, region: string, name: string): RuntimeApi {
  return { sdk, client: newClient(sdk, region), region, settings: readSettings(), log: consoleLog(name) };
}

/** The AgentCore runtime dynamic provider (CRUD against bedrock-agentcore-control). */
export const agentCoreRuntimeProvider: pulumi.dynamic.ResourceProvider<RuntimeInputs, RuntimeOutputs> = {
  async check(_olds, news) {
    return { inputs: news, failures: validateRuntimeInputs(news as unknown as Record<string, unknown>) };
  },

  async diff(_id, olds, news) {
    return diffRuntime(
      olds as unknown as Record<string, unknown>,
      news as unknown as Record<string, unknown>,
    );
  },

  async create(inputs) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, inputs.region, inputs.agentRuntimeName);
    try {
      return await createRuntime(ctx, inputs);
    } catch (err) {
      // The engine needs the serialized provider in any state it records, to delete/replace it later.
      if (err instanceof RuntimeInitError) {
        err.properties[PROVIDER_KEY] = (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY];
      }
      throw err;
    } finally {
      ctx.client.destroy();
    }
  },

  async read(id, props) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const region = props?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region)
      throw new Error(`Cannot read AgentCore runtime ${id}: no region in state and AWS_REGION is not set`);
    const ctx = api(sdk, region, props?.agentRuntimeName ?? id);
    try {
      const outputs = await readRuntime(ctx, id);
      // No id tells the engine the runtime is gone, so refresh drops it from state.
      return outputs ? { id, props: outputs } : {};
    } finally {
      ctx.client.destroy();
    }
  },

  async update(id, olds, news) {
    // Only the provider code changed: nothing for AWS, and no new runtime version.
    if (
      changedProperties(
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
      ).length === 0
    ) {
      const { [PROVIDER_KEY]: _stored, ...outs } = olds as unknown as Record<string, unknown>;
      return { outs: outs as unknown as RuntimeOutputs };
    }
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, news.region, news.agentRuntimeName);
    try {
      return { outs: await updateRuntime(ctx, id, news) };
    } finally {
      ctx.client.destroy();
    }
  },

  async delete(id, props) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const region = props.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "";
    const ctx = api(sdk, region, props.agentRuntimeName ?? id);
    try {
      await deleteRuntime(ctx, id);
    } finally {
      ctx.client.destroy();
    }
  },
};
