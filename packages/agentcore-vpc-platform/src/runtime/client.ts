import type * as Sdk from "@aws-sdk/client-bedrock-agentcore-control";
import type { GetAgentRuntimeResponse } from "@aws-sdk/client-bedrock-agentcore-control";
import { clientSettings } from "../connection/credentials";
import type { AwsConnection } from "../connection/types";
import type { OperationSettings } from "./config";
import { errorMessage, errorName, isNotFound } from "./errors";
import { withRetry } from "./retry";
import { pollUntil } from "./wait";

/** What every operation needs; built inside each provider method (see provider.ts for why). */
export interface RuntimeApi {
  /** The SDK module, loaded with require() inside the provider method. */
  sdk: typeof Sdk;
  client: Sdk.BedrockAgentCoreControlClient;
  region: string;
  settings: OperationSettings;
  log: (message: string) => void;
  /** @default real setTimeout (tests may pass a recording sleep) */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A client with the SDK's own retries off (maxAttempts 1): {@link withRetry} owns retrying, so the
 * number of attempts and the delays are ours alone. The endpoint comes from the SDK's usual chain,
 * including AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL.
 * @param sdk the required SDK module
 * @param region the runtime's region
 * @param connection the identity to act as @default the SDK's default credential chain
 */
export function newClient(
  sdk: typeof Sdk,
  region: string,
  connection?: AwsConnection,
): Sdk.BedrockAgentCoreControlClient {
  return new sdk.BedrockAgentCoreControlClient({
    ...clientSettings(connection, region),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

/** Progress lines go to stdout, which the Pulumi engine shows for dynamic providers. */
export function consoleLog(prefix: string): (message: string) => void {
  return (message) => console.log(`AgentCoreRuntime ${prefix}: ${message}`);
}

/**
 * Runs one API call with our retry policy, bounded by `deadline`.
 * @param api the operation context
 * @param label e.g. "CreateAgentRuntime deep_insight", used in retry logs and the give-up note
 * @param call the SDK call
 * @param deadline epoch ms after which no retry is started @default none
 */
export function retrying<T>(
  api: RuntimeApi,
  label: string,
  call: () => Promise<T>,
  deadline?: number,
): Promise<T> {
  return withRetry(call, {
    label,
    maxAttempts: api.settings.maxAttempts,
    baseMs: api.settings.retryBaseMs,
    capMs: api.settings.retryMaxDelayMs,
    log: api.log,
    ...(deadline !== undefined ? { deadline } : {}),
    ...(api.sleep ? { sleep: api.sleep } : {}),
  });
}

/** GetAgentRuntime with retries. Throws ResourceNotFoundException unchanged. */
export function getRuntime(api: RuntimeApi, id: string, deadline?: number): Promise<GetAgentRuntimeResponse> {
  return retrying(
    api,
    `GetAgentRuntime ${id}`,
    () => api.client.send(new api.sdk.GetAgentRuntimeCommand({ agentRuntimeId: id })),
    deadline,
  );
}

export interface WaitForRuntimeOptions {
  /** Completes "waiting for ..." in the timeout message. */
  waitingFor: string;
  timeoutMs: number;
  /** The operation's configured bound (timeoutMs may be only what is left of it). */
  configuredTimeoutMs: number;
  /** The environment variable that raises this bound. */
  timeoutSetting: string;
  /** True when this response ends the wait. */
  isDone: (get: GetAgentRuntimeResponse) => boolean;
  /**
   * What a ResourceNotFoundException means: "done" (deleting), "fail" (it must exist), or "vanished":
   * tolerate a few (just-created resources may not be visible yet), then report it gone.
   */
  onNotFound: "done" | "fail" | "vanished";
}

/** Reads in a row that must say "not found" before a just-created runtime counts as vanished. */
export const VANISHED_AFTER_READS = 3;

/**
 * Polls GetAgentRuntime (first right away, then growing intervals) until `isDone`, or until it is
 * gone when `onNotFound` allows. Bounded by `timeoutMs`; the timeout error names what was awaited,
 * the id and the last status seen.
 * @returns the final response, or undefined when the runtime is gone
 */
export function waitForRuntime(
  api: RuntimeApi,
  id: string,
  options: WaitForRuntimeOptions,
): Promise<GetAgentRuntimeResponse | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  let missing = 0;
  return pollUntil<GetAgentRuntimeResponse | undefined>(
    async () => {
      try {
        const get = await getRuntime(api, id, deadline);
        missing = 0;
        if (options.isDone(get)) return { done: true, value: get };
        return {
          done: false,
          status: `${get.status ?? "UNKNOWN"} (version ${get.agentRuntimeVersion ?? "?"})`,
        };
      } catch (err) {
        if (!isNotFound(err) || options.onNotFound === "fail") {
          if (isNotFound(err)) {
            throw new Error(
              `AgentCore runtime ${id} no longer exists (deleted outside Pulumi?) while waiting for ${options.waitingFor}. ` +
                "Run `pulumi refresh` to drop it from the stack state, then `pulumi up` to create it again.",
              { cause: err },
            );
          }
          throw err;
        }
        missing += 1;
        if (options.onNotFound === "done" || missing >= VANISHED_AFTER_READS)
          return { done: true, value: undefined };
        return { done: false, status: "NOT_FOUND" };
      }
    },
    {
      waitingFor: options.waitingFor,
      id,
      timeoutSetting: options.timeoutSetting,
      timeoutMs: options.timeoutMs,
      configuredTimeoutMs: options.configuredTimeoutMs,
      pollIntervalMs: api.settings.pollIntervalMs,
      maxPollIntervalMs: api.settings.maxPollIntervalMs,
      log: api.log,
      ...(api.sleep ? { sleep: api.sleep } : {}),
    },
  );
}

/** Wraps a failed call with what we were doing, keeping the service error name visible. */
export function describeCallError(action: string, err: unknown): Error {
  const wrapped = new Error(`${action} failed: ${errorName(err)}: ${errorMessage(err)}`, { cause: err });
  return wrapped;
}
