export * from "./args";
export { AgentCoreVpcPlatform } from "./platform";
export { PlatformArgumentError, type ArgumentProblem } from "./errors";
export {
  normalizeArgs,
  runtimeNameProblem,
  SHIPPED_CONTEXTS,
  type NormalizedPlatformArgs,
  type ImageSource,
} from "./normalize";
export * from "./defaults";
export { componentNameProblem, platformNames, resourceName, type PlatformNames } from "./names";
export {
  SUPPORTED_AZ_IDS,
  MIN_AVAILABILITY_ZONES,
  MAX_AVAILABILITY_ZONES,
  selectAvailabilityZones,
  supportedAzIds,
  AzSelectionError,
  type AvailabilityZone,
} from "./network/az";
export { planSubnets, validateVpcCidr } from "./network/cidr";
export { placeZones, type ExistingSubnet, type ZonePlacement } from "./network/zones";
export {
  interfaceEndpointServices,
  planSecurityGroupRules,
  CORE_INTERFACE_ENDPOINTS,
  NO_NAT_INTERFACE_ENDPOINTS,
  type SecurityGroupRule,
} from "./network/plan";
export {
  runtimeEnvironment,
  type AgentEnvironmentSettings,
  type RuntimeSurroundings,
} from "./agents/environment";
export * from "./runtime";
export * from "./teardown";
// The names the platform's resources are found by, from the contract other tools share.
export {
  OWNER_TAG_KEYS,
  RETAINED_TAG,
  SWEEP_AFTER_TAG,
  STACK_OUTPUTS,
} from "agentcore-vpc-platform-contract";
export { AdoptedLogGroup, type AdoptedLogGroupArgs } from "./observability/adopted-log-group";
export {
  adoptedLogGroupProvider,
  type AdoptedLogGroupInputs,
  type AdoptedLogGroupOutputs,
} from "./observability/adopted-log-group-provider";
export { PlatformMonitoring, type PlatformMonitoringArgs } from "./observability/monitoring";
export { platformAlarms, type AlarmTargets, type AlarmSettings } from "./observability/alarms";
export {
  alarmSpecProblems,
  ALARM_LIMITS,
  type AlarmSpec,
  type MetricQuery,
} from "./observability/alarm-rules";
export { dashboardBody, dashboardProblems, DASHBOARD_LIMITS } from "./observability/dashboard";
export { agentCoreRuntimeDimensions, AGENTCORE_NAMESPACE } from "./observability/metrics";
export { agentCoreRuntimeLogGroupName, LOG_RETENTION_DAYS } from "./observability/log-groups";
export { AccessLogBucket, type AccessLogBucketArgs } from "./storage/access-log-bucket";
export { accessLogBucketPolicy } from "./storage/log-delivery";
