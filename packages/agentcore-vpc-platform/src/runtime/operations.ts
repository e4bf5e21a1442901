import type { GetAgentRuntimeResponse } from "@aws-sdk/client-bedrock-agentcore-control";
import { describeCallError, getRuntime, retrying, waitForRuntime } from "./client";
import type { RuntimeApi } from "./client";
import {
  errorMessage,
  failureMessage,
  hintForFailure,
  isAccessDenied,
  isConflict,
  isNotFound,
  RuntimeInitError,
} from "./errors";
import {
  clientTokenFor,
  normalizeInputs,
  outputsFromGet,
  tagChanges,
  toCreateRequest,
  toUpdateRequest,
} from "./request";
import type { RuntimeConfig, RuntimeInputs, RuntimeOutputs } from "./types";
import { WaitTimeoutError } from "./wait";

const outputsOf = (config: RuntimeConfig, get: GetAgentRuntimeResponse, id: string): RuntimeOutputs => ({
  ...config,
  agentRuntimeId: id,
  agentRuntimeArn: get.agentRuntimeArn ?? "",
  agentRuntimeVersion: get.agentRuntimeVersion ?? "",
  status: get.status ?? "UNKNOWN",
});

/**
 * CreateAgentRuntime, then wait for READY. Transactional: a runtime that fails to create or times
 * out is deleted before the error is thrown; if even that fails, a {@link RuntimeInitError} carries
 * its id so the engine records it (and the next `up` replaces it). See README.md.
 * @param api operation context
 * @param inputs resolved provider inputs
 */
export async function createRuntime(
  api: RuntimeApi,
  inputs: RuntimeInputs,
): Promise<{ id: string; outs: RuntimeOutputs }> {
  const config = normalizeInputs(inputs);
  const name = config.agentRuntimeName;
  const deadline = Date.now() + api.settings.createTimeoutMs;
  // Deterministic, so a crashed `up` that retries the same create gets the same runtime back.
  let token = clientTokenFor("create", config);
  for (let attempt = 0; ; attempt++) {
    const created = await retrying(
      api,
      `CreateAgentRuntime ${name}`,
      () => api.client.send(new api.sdk.CreateAgentRuntimeCommand(toCreateRequest(config, token))),
      deadline,
    ).catch(async (err: unknown) => {
      throw await explainCreateError(api, name, err);
    });
    const id = created.agentRuntimeId;
    if (!id) throw new Error(`CreateAgentRuntime for ${name} returned no agentRuntimeId`);
    api.log(`CreateAgentRuntime accepted: ${id} (${created.status ?? "?"})`);

    let get: GetAgentRuntimeResponse | undefined;
    try {
      get = await waitForRuntime(api, id, {
        waitingFor: `AgentCore runtime ${name} to become READY after create`,
        timeoutMs: Math.max(0, deadline - Date.now()),
        configuredTimeoutMs: api.settings.createTimeoutMs,
        timeoutSetting: "AGENTCORE_CREATE_TIMEOUT_MINUTES or AGENTCORE_TIMEOUT_MINUTES",
        isDone: (g) => g.status !== "CREATING",
        onNotFound: "vanished",
      });
    } catch (err) {
      if (!(err instanceof WaitTimeoutError)) throw err;
      return discardFailedCreate(api, config, id, err.message, err.lastStatus?.split(" ")[0] ?? "CREATING");
    }
    if (get === undefined) {
      // The token replayed a runtime that no longer exists (e.g. one we deleted after a failed create):
      // AWS answers an idempotent retry with the original response. Create anew with a fresh token, once.
      if (attempt >= 1)
        throw new Error(`AgentCore runtime ${id} (${name}) disappeared right after CreateAgentRuntime`);
      api.log(`${id} does not exist; the client token was already used. Creating with a fresh token.`);
      token = clientTokenFor("create", config, `after-${id}-${Date.now()}`);
      continue;
    }
    if (get.status === "READY") {
      api.log(`${id}: READY (version ${get.agentRuntimeVersion ?? "?"})`);
      return { id, outs: outputsOf(config, get, id) };
    }
    const message = failureMessage({
      operation: "create",
      name,
      id,
      region: config.region,
      status: get.status ?? "UNKNOWN",
      failureReason: get.failureReason,
    });
    return discardFailedCreate(api, config, id, message, get.status ?? "CREATE_FAILED");
  }
}

async function discardFailedCreate(
  api: RuntimeApi,
  config: RuntimeConfig,
  id: string,
  message: string,
  status: string,
): Promise<never> {
  try {
    await deleteRuntime(api, id);
  } catch (cleanupError) {
    const outs = { ...config, agentRuntimeId: id, agentRuntimeArn: "", agentRuntimeVersion: "", status };
    throw new RuntimeInitError(
      `${message}\nDeleting the failed runtime ${id} also failed: ${errorMessage(cleanupError)}\n` +
        `It is recorded in the stack state with status ${status}: the next \`pulumi up\` replaces it, ` +
        "`pulumi destroy` deletes it.",
      id,
      outs,
    );
  }
  throw new Error(
    `${message}\nThe failed runtime ${id} was deleted; the next \`pulumi up\` creates it again.`,
  );
}

async function explainCreateError(api: RuntimeApi, name: string, err: unknown): Promise<Error> {
  if (isConflict(err)) {
    const existing = await findByName(api, name).catch(() => undefined);
    const who = existing ? `runtime ${existing.id} (status ${existing.status})` : "an existing runtime";
    return describeCallError(
      `CreateAgentRuntime ${name}: the name is already used in ${api.region} by ${who}, which this stack does not ` +
        "track. Delete that runtime or choose another agentRuntimeName. CreateAgentRuntime",
      err,
    );
  }
  const wrapped = describeCallError(`CreateAgentRuntime ${name}`, err);
  const hint = hintForFailure(errorMessage(err));
  if (hint) wrapped.message += `\n${hint}`;
  return wrapped;
}

/** Looks a runtime up by name (ListAgentRuntimes, all pages). */
export async function findByName(
  api: RuntimeApi,
  name: string,
): Promise<{ id: string; status: string } | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await retrying(api, "ListAgentRuntimes", () =>
      api.client.send(
        new api.sdk.ListAgentRuntimesCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
      ),
    );
    const hit = page.agentRuntimes?.find((r) => r.agentRuntimeName === name);
    if (hit?.agentRuntimeId) return { id: hit.agentRuntimeId, status: hit.status ?? "UNKNOWN" };
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

const TRANSITIONAL = ["CREATING", "UPDATING", "DELETING"];

/**
 * UpdateAgentRuntime with the full configuration, wait for the new version to be READY, then bring
 * tags in line (they are not part of UpdateAgentRuntime).
 * @param api operation context
 * @param id the runtime id
 * @param inputs resolved new inputs
 */
export async function updateRuntime(
  api: RuntimeApi,
  id: string,
  inputs: RuntimeInputs,
): Promise<RuntimeOutputs> {
  const config = normalizeInputs(inputs);
  const name = config.agentRuntimeName;
  const timeoutSetting = "AGENTCORE_UPDATE_TIMEOUT_MINUTES or AGENTCORE_TIMEOUT_MINUTES";
  const deadline = Date.now() + api.settings.updateTimeoutMs;
  const remaining = () => Math.max(0, deadline - Date.now());
  // An update sent while the runtime is still transitioning (e.g. after an earlier timeout) is a Conflict.
  const current = await waitForRuntime(api, id, {
    waitingFor: `AgentCore runtime ${name} to finish its current transition before updating`,
    timeoutMs: remaining(),
    configuredTimeoutMs: api.settings.updateTimeoutMs,
    timeoutSetting,
    isDone: (g) => !TRANSITIONAL.includes(g.status ?? ""),
    onNotFound: "fail",
  });
  const token = clientTokenFor("update", id, current?.agentRuntimeVersion, config);
  const updated = await retrying(
    api,
    `UpdateAgentRuntime ${id}`,
    () => api.client.send(new api.sdk.UpdateAgentRuntimeCommand(toUpdateRequest(id, config, token))),
    deadline,
  ).catch((err: unknown) => {
    const wrapped = describeCallError(`UpdateAgentRuntime ${name} (${id})`, err);
    const hint = hintForFailure(errorMessage(err));
    if (hint) wrapped.message += `\n${hint}`;
    throw wrapped;
  });
  const target = Number(updated.agentRuntimeVersion ?? "0");
  api.log(
    `UpdateAgentRuntime accepted: ${id} version ${updated.agentRuntimeVersion ?? "?"} (${updated.status ?? "?"})`,
  );
  let sawUpdating = false;
  const get = (await waitForRuntime(api, id, {
    waitingFor: `AgentCore runtime ${name} version ${target} to become READY after update`,
    timeoutMs: remaining(),
    configuredTimeoutMs: api.settings.updateTimeoutMs,
    timeoutSetting,
    // A read right after the update may still show the previous version's settled status.
    isDone: (g) => {
      if (g.status === "UPDATING") sawUpdating = true;
      const isTarget = Number(g.agentRuntimeVersion ?? "0") >= target;
      return (
        (g.status === "READY" && isTarget) || (g.status === "UPDATE_FAILED" && (isTarget || sawUpdating))
      );
    },
    onNotFound: "fail",
  })) as GetAgentRuntimeResponse;
  if (get.status !== "READY") {
    throw new Error(
      failureMessage({
        operation: "update",
        name,
        id,
        region: config.region,
        status: get.status ?? "UNKNOWN",
        failureReason: get.failureReason,
        aftermath: "The stack keeps the previous configuration, so the next `pulumi up` retries this update.",
      }),
    );
  }
  api.log(`${id}: READY (version ${get.agentRuntimeVersion ?? "?"})`);
  await syncTags(api, get.agentRuntimeArn ?? updated.agentRuntimeArn ?? "", config.tags, deadline);
  return outputsOf(config, get, id);
}

async function syncTags(
  api: RuntimeApi,
  arn: string,
  desired: Record<string, string>,
  deadline: number,
): Promise<void> {
  const listed = await retrying(
    api,
    "ListTagsForResource",
    () => api.client.send(new api.sdk.ListTagsForResourceCommand({ resourceArn: arn })),
    deadline,
  );
  const { remove, set } = tagChanges(listed.tags ?? {}, desired);
  if (remove.length > 0) {
    await retrying(api, "UntagResource", () =>
      api.client.send(new api.sdk.UntagResourceCommand({ resourceArn: arn, tagKeys: remove })),
    );
  }
  if (Object.keys(set).length > 0) {
    await retrying(api, "TagResource", () =>
      api.client.send(new api.sdk.TagResourceCommand({ resourceArn: arn, tags: set })),
    );
  }
}

/**
 * DeleteAgentRuntime, then wait until GetAgentRuntime says not found. A runtime that is already gone
 * is success; so is AccessDenied from Delete, but only when a follow-up Get confirms the runtime does
 * not exist (AWS answers Delete on a missing runtime that way; a real denial is rethrown).
 * @param api operation context
 * @param id the runtime id
 */
export async function deleteRuntime(api: RuntimeApi, id: string): Promise<void> {
  const deadline = Date.now() + api.settings.deleteTimeoutMs;
  try {
    await retrying(
      api,
      `DeleteAgentRuntime ${id}`,
      () => api.client.send(new api.sdk.DeleteAgentRuntimeCommand({ agentRuntimeId: id })),
      deadline,
    );
  } catch (err) {
    if (isNotFound(err)) return api.log(`${id} is already gone`);
    if (isAccessDenied(err) && (await isGone(api, id))) return api.log(`${id} is already gone`);
    throw describeCallError(`DeleteAgentRuntime ${id}`, err);
  }
  const get = await waitForRuntime(api, id, {
    waitingFor: `AgentCore runtime ${id} to be deleted`,
    timeoutMs: Math.max(0, deadline - Date.now()),
    configuredTimeoutMs: api.settings.deleteTimeoutMs,
    timeoutSetting: "AGENTCORE_DELETE_TIMEOUT_MINUTES or AGENTCORE_TIMEOUT_MINUTES",
    isDone: (g) => g.status === "DELETE_FAILED",
    onNotFound: "done",
  });
  if (get) {
    throw new Error(
      failureMessage({
        operation: "delete",
        name: get.agentRuntimeName ?? id,
        id,
        region: api.region,
        status: get.status ?? "DELETE_FAILED",
        failureReason: get.failureReason,
      }),
    );
  }
  api.log(`${id} deleted`);
}

async function isGone(api: RuntimeApi, id: string): Promise<boolean> {
  try {
    await getRuntime(api, id);
    return false;
  } catch (err) {
    return isNotFound(err);
  }
}

/**
 * Reads the live runtime for `pulumi refresh`; undefined when it no longer exists, so the engine
 * drops it from state.
 * @param api operation context
 * @param id the runtime id
 */
export async function readRuntime(api: RuntimeApi, id: string): Promise<RuntimeOutputs | undefined> {
  let get: GetAgentRuntimeResponse;
  try {
    get = await getRuntime(api, id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw describeCallError(`GetAgentRuntime ${id}`, err);
  }
  const tags = get.agentRuntimeArn
    ? await retrying(api, "ListTagsForResource", () =>
        api.client.send(new api.sdk.ListTagsForResourceCommand({ resourceArn: get.agentRuntimeArn })),
      )
    : { tags: {} };
  return outputsFromGet(get, api.region, tags.tags ?? {});
}
