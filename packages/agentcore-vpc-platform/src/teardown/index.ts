export { SweepMarker } from "./resource";
export type { SweepMarkerArgs } from "./resource";
export { sweepMarkerProvider, sweepMarkerId } from "./provider";
export { stampSweepAfter, retainedResourceIds } from "./stamp";
export type { SweepMarkerInputs, StampResult } from "./stamp";
export {
  MAX_LINGER_HOURS,
  TAG_TARGET_GONE_CODES,
  sweepAfterTime,
  lingerHoursProblem,
  ec2ErrorCode,
  isTagTargetGone,
} from "./tags";
