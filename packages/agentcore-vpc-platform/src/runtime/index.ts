export { AgentCoreRuntime, runtimeResourceOptions } from "./resource";
export type { AgentCoreRuntimeArgs } from "./resource";
export { agentCoreRuntimeProvider } from "./provider";
export { validateRuntimeInputs, suggestRuntimeName } from "./validation";
export {
  normalizeInputs,
  toCreateRequest,
  toUpdateRequest,
  toNetworkConfiguration,
  clientTokenFor,
  outputsFromGet,
} from "./request";
export { diffRuntime, changedProperties } from "./diff";
export { hintForFailure, RuntimeInitError } from "./errors";
export { isRetryable, fullJitterDelay } from "./retry";
export { readSettings } from "./config";
export type { OperationSettings } from "./config";
export type { RuntimeInputs, RuntimeConfig, RuntimeOutputs, ServerProtocol } from "./types";
