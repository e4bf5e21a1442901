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
  coderModel: "CODER_MODEL_ID",
  validatorModel: "VALIDATOR_MODEL_ID",
  reporterModel: "REPORTER_MODEL_ID",
} as const;

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
