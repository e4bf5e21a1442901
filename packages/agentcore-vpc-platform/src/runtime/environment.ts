import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";

/** What the platform tells the agent about its surroundings. */
export interface RuntimeEnvironmentValues {
  readonly region: string;
  readonly executorUrl: string;
  readonly dataBucket: string;
  readonly models: {
    readonly default: string;
    readonly coder: string;
    readonly validator: string;
    readonly reporter: string;
  };
}

/**
 * The runtime's environment: the user's extra variables, then the platform's own (`RUNTIME_ENV`, which the
 * agent's configuration reads by the same names).
 */
export function runtimeEnvironment(
  values: RuntimeEnvironmentValues,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ...extra,
    [RUNTIME_ENV.region]: values.region,
    [RUNTIME_ENV.executorUrl]: values.executorUrl,
    [RUNTIME_ENV.dataBucket]: values.dataBucket,
    [RUNTIME_ENV.defaultModel]: values.models.default,
    [RUNTIME_ENV.coderModel]: values.models.coder,
    [RUNTIME_ENV.validatorModel]: values.models.validator,
    [RUNTIME_ENV.reporterModel]: values.models.reporter,
  };
}
