import type { ModelAgent } from "./models";

/**
 * Environment variables that cross a boundary: one side sets them, the other reads them. A name lives only
 * here, so renaming it on one side cannot silently break the other.
 */

/** Set by the component on the AgentCore runtime; read by the agent's configuration. */
export const RUNTIME_ENV = {
  /** Region of the runtime and of every AWS call the agent makes. */
  region: "AWS_REGION",
  /** `http://<internal ALB>`: where the agent reaches the executor. */
  executorUrl: "EXECUTOR_URL",
  /** The data bucket: inputs under `data/`, session artifacts under `sessions/<id>/`. */
  dataBucket: "DATA_BUCKET",
  /** Model of every agent without its own. */
  defaultModel: "DEFAULT_MODEL_ID",
  plannerModel: "PLANNER_MODEL_ID",
  coderModel: "CODER_MODEL_ID",
  validatorModel: "VALIDATOR_MODEL_ID",
  reporterModel: "REPORTER_MODEL_ID",
  /** Most output tokens per model call (`maxTokens`), a whole number ≥ 1, per agent. */
  plannerMaxTokens: "PLANNER_MAX_TOKENS",
  coderMaxTokens: "CODER_MAX_TOKENS",
  validatorMaxTokens: "VALIDATOR_MAX_TOKENS",
  reporterMaxTokens: "REPORTER_MAX_TOKENS",
  /**
   * Extended-thinking budget per model call, per agent: `0` turns thinking off; otherwise at least
   * `MIN_THINKING_BUDGET_TOKENS` and below the agent's max tokens (see `inferenceSettingsProblems`).
   */
  plannerThinkingBudget: "PLANNER_THINKING_BUDGET_TOKENS",
  coderThinkingBudget: "CODER_THINKING_BUDGET_TOKENS",
  validatorThinkingBudget: "VALIDATOR_THINKING_BUDGET_TOKENS",
  reporterThinkingBudget: "REPORTER_THINKING_BUDGET_TOKENS",
  /**
   * `"true"` or `"false"`: whether the agent loads the AWS Distro for OpenTelemetry and exports spans. ADOT
   * reads the same variable (it then signs OTLP exports for AgentCore observability).
   */
  observabilityEnabled: "AGENT_OBSERVABILITY_ENABLED",
  /** `"true"` when traces are off: AgentCore then drops the ADOT variables it sets on the runtime itself. */
  disableAdotObservability: "DISABLE_ADOT_OBSERVABILITY",
  /** `otlp` when traces are on. */
  otelTracesExporter: "OTEL_TRACES_EXPORTER",
  /** `http/protobuf` when traces are on: the encoding the X-Ray OTLP endpoint accepts. */
  otelExporterProtocol: "OTEL_EXPORTER_OTLP_PROTOCOL",
  /** `https://xray.<region>.<dns suffix>/v1/traces` when traces are on: X-Ray's OTLP traces endpoint. */
  otelTracesEndpoint: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
} as const;

/** The runtime variables that carry one agent's model settings. */
export interface AgentModelEnvNames {
  readonly model: RuntimeEnvName;
  readonly maxTokens: RuntimeEnvName;
  readonly thinkingBudgetTokens: RuntimeEnvName;
}

/** Per agent with its own model settings: the variables the component sets and the agent reads. */
export const AGENT_MODEL_ENV = {
  planner: {
    model: RUNTIME_ENV.plannerModel,
    maxTokens: RUNTIME_ENV.plannerMaxTokens,
    thinkingBudgetTokens: RUNTIME_ENV.plannerThinkingBudget,
  },
  coder: {
    model: RUNTIME_ENV.coderModel,
    maxTokens: RUNTIME_ENV.coderMaxTokens,
    thinkingBudgetTokens: RUNTIME_ENV.coderThinkingBudget,
  },
  validator: {
    model: RUNTIME_ENV.validatorModel,
    maxTokens: RUNTIME_ENV.validatorMaxTokens,
    thinkingBudgetTokens: RUNTIME_ENV.validatorThinkingBudget,
  },
  reporter: {
    model: RUNTIME_ENV.reporterModel,
    maxTokens: RUNTIME_ENV.reporterMaxTokens,
    thinkingBudgetTokens: RUNTIME_ENV.reporterThinkingBudget,
  },
} as const satisfies Record<ModelAgent, AgentModelEnvNames>;

/** Set by the component on the executor container; read by the executor's configuration. */
export const EXECUTOR_ENV = {
  /** Port the server listens on (`PORTS.executor`). */
  port: "PORT",
  region: "AWS_REGION",
  /** The only bucket sessions may sync with. */
  dataBucket: "DATA_BUCKET",
  /** Writable folder for session directories (a task volume on a read-only root filesystem). */
  workDir: "EXECUTOR_WORK_DIR",
  /** Seconds the server drains running executions after SIGTERM (the task's stop timeout less a margin). */
  drainGraceSeconds: "EXECUTOR_DRAIN_GRACE_SECONDS",
  /**
   * The task's memory in MiB (the task definition's `memory`): session memory budgets default to half of it,
   * and above 90 % of it the largest session is stopped.
   */
  taskMemoryMb: "EXECUTOR_TASK_MEMORY_MB",
} as const;

export type RuntimeEnvName = (typeof RUNTIME_ENV)[keyof typeof RUNTIME_ENV];
export type ExecutorEnvName = (typeof EXECUTOR_ENV)[keyof typeof EXECUTOR_ENV];

/** Every runtime variable the platform owns; `agent.environment` may not set them. */
export const RUNTIME_ENV_NAMES: readonly RuntimeEnvName[] = Object.values(RUNTIME_ENV);
/** Every executor variable the platform owns; extra executor environment may not set them. */
export const EXECUTOR_ENV_NAMES: readonly ExecutorEnvName[] = Object.values(EXECUTOR_ENV);
