import type * as Sdk from "@aws-sdk/client-bedrock-agentcore-control";
import type * as pulumi from "@pulumi/pulumi";
import { consoleLog, newClient } from "./client";
import type { RuntimeApi } from "./client";
import { connectionProblem } from "../connection/credentials";
import type { AwsConnection } from "../connection/types";
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

function api(
  sdk: typeof Sdk,
  region: string,
  name: string,
  connection: AwsConnection | undefined,
): RuntimeApi {
  return {
    sdk,
    client: newClient(sdk, region, connection),
    region,
    settings: readSettings(),
    log: consoleLog(name),
  };
}

/** Outputs carry the connection too: `read` and `delete` get only the state's outputs. */
function withConnection(outs: RuntimeOutputs, connection: AwsConnection | undefined): RuntimeOutputs {
  return connection ? { ...outs, aws: connection } : outs;
}

function regionOf(id: string, props: Partial<RuntimeOutputs> | undefined): string {
  const region = props?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error(`AgentCore runtime ${id}: no region in state and AWS_REGION is not set`);
  return region;
}

/** The AgentCore runtime dynamic provider (CRUD against bedrock-agentcore-control). */
export const agentCoreRuntimeProvider: pulumi.dynamic.ResourceProvider<RuntimeInputs, RuntimeOutputs> = {
  async check(_olds, news) {
    const failures = validateRuntimeInputs(news as unknown as Record<string, unknown>);
    // Before anything is created: the account this provider would act in must be the component's.
    if (failures.length === 0 && typeof news.region === "string") {
      const problem = await connectionProblem(news.aws, news.region);
      if (problem)
        failures.push({ property: "aws", reason: `AgentCore runtime ${news.agentRuntimeName}: ${problem}` });
    }
    return { inputs: news, failures };
  },

  async diff(_id, olds, news) {
    return diffRuntime(
      olds as unknown as Record<string, unknown>,
      news as unknown as Record<string, unknown>,
    );
  },

  async create(inputs) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, inputs.region, inputs.agentRuntimeName, inputs.aws);
    try {
      return await createRuntime(ctx, inputs).then(({ id, outs }) => ({
        id,
        outs: withConnection(outs, inputs.aws),
      }));
    } catch (err) {
      // The engine needs the serialized provider (and the connection) in any state it records, to delete or
      // replace it later.
      if (err instanceof RuntimeInitError) {
        err.properties[PROVIDER_KEY] = (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY];
        if (inputs.aws) err.properties["aws"] = inputs.aws;
      }
      throw err;
    } finally {
      ctx.client.destroy();
    }
  },

  async read(id, props) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, regionOf(id, props), props?.agentRuntimeName ?? id, props?.aws);
    try {
      const outputs = await readRuntime(ctx, id);
      // No id tells the engine the runtime is gone, so refresh drops it from state.
      return outputs ? { id, props: withConnection(outputs, props?.aws) } : {};
    } finally {
      ctx.client.destroy();
    }
  },

  async update(id, olds, news) {
    // Only the provider code (or the connection) changed: nothing for AWS, and no new runtime version.
    if (
      changedProperties(
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
      ).length === 0
    ) {
      const { [PROVIDER_KEY]: _stored, aws: _old, ...outs } = olds as unknown as Record<string, unknown>;
      return { outs: withConnection(outs as unknown as RuntimeOutputs, news.aws) };
    }
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, news.region, news.agentRuntimeName, news.aws);
    try {
      return { outs: withConnection(await updateRuntime(ctx, id, news), news.aws) };
    } finally {
      ctx.client.destroy();
    }
  },

  async delete(id, props) {
    const sdk = require("@aws-sdk/client-bedrock-agentcore-control") as typeof Sdk;
    const ctx = api(sdk, regionOf(id, props), props.agentRuntimeName ?? id, props.aws);
    try {
      await deleteRuntime(ctx, id);
    } finally {
      ctx.client.destroy();
    }
  },
};
