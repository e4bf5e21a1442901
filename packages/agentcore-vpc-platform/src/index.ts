export * from "./args";
export { PlatformArgumentError, type ArgumentProblem } from "./errors";
export { AgentCoreVpcPlatform, PLATFORM_TAG_KEYS } from "./platform";
export {
  normalizeArgs,
  runtimeNameProblem,
  PLATFORM_DEFAULTS,
  type NormalizedPlatformArgs,
} from "./normalize";
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
export {
  interfaceEndpointServices,
  planSecurityGroupRules,
  CORE_INTERFACE_ENDPOINTS,
  NO_NAT_INTERFACE_ENDPOINTS,
  type SecurityGroupRule,
} from "./network/plan";
export { PlatformNetwork, RETAINED_TAG } from "./network/network";
export * from "./runtime";
export * from "./teardown";
