/**
 * Collects what the engine reports while it runs, so a failure can name the resource and a drift
 * check can list what would change.
 */
import type { EngineEvent, OpMap } from "./engine";

export interface Diagnostic {
  urn: string | undefined;
  message: string;
}

export interface PolicyViolation {
  urn: string | undefined;
  policyPack: string;
  policyName: string;
  message: string;
}

export interface ResourceStep {
  urn: string;
  op: string;
}

export interface EventLog {
  onEvent(event: EngineEvent): void;
  readonly errors: Diagnostic[];
  readonly policyViolations: PolicyViolation[];
  readonly failedResources: ResourceStep[];
  /** Steps that change something (op other than same/read/refresh), in engine order, de-duplicated by URN. */
  readonly changes: ResourceStep[];
  readonly summary: OpMap | undefined;
}

const NON_CHANGING_OPS = new Set(["same", "read", "refresh", "discard"]);

export function createEventLog(): EventLog {
  const errors: Diagnostic[] = [];
  const policyViolations: PolicyViolation[] = [];
  const failedResources: ResourceStep[] = [];
  const changes: ResourceStep[] = [];
  const changedUrns = new Set<string>();
  let summary: OpMap | undefined;
  return {
    errors,
    policyViolations,
    failedResources,
    changes,
    get summary() {
      return summary;
    },
    onEvent(event) {
      const diag = event.diagnosticEvent;
      if (diag && diag.severity === "error") {
        errors.push({ urn: diag.urn || undefined, message: diag.message });
      }
      const policy = event.policyEvent;
      if (policy && policy.enforcementLevel === "mandatory") {
        policyViolations.push({
          urn: policy.resourceUrn || undefined,
          policyPack: policy.policyPackName,
          policyName: policy.policyName,
          message: policy.message,
        });
      }
      const failed = event.resOpFailedEvent;
      if (failed) failedResources.push({ urn: failed.metadata.urn, op: failed.metadata.op });
      const pre = event.resourcePreEvent;
      if (pre && !NON_CHANGING_OPS.has(pre.metadata.op) && !changedUrns.has(pre.metadata.urn)) {
        changedUrns.add(pre.metadata.urn);
        changes.push({ urn: pre.metadata.urn, op: pre.metadata.op });
      }
      if (event.summaryEvent) summary = event.summaryEvent.resourceChanges;
    },
  };
}
