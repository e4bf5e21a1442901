/**
 * A container that runs as root keeps no more Linux capabilities than the executor needs. The executor
 * runs as root on purpose (it switches each session's worker to its own uid) with every other default
 * capability dropped; the contract names both sets, so the policy and the task definition cannot drift.
 */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  DEFAULT_CONTAINER_CAPABILITIES,
  EXECUTOR_ADDED_CAPABILITIES,
  EXECUTOR_CAPABILITIES,
  EXECUTOR_CONTAINER_USER,
} from "agentcore-vpc-platform-contract";
import { type Finding, validateResourceWith } from "../resource/finding";
import { asList, asRecord, type PlainProps } from "../resource/plain";
import { containerDefinitions, containerLabel } from "./containers";

/**
 * Whether `user` runs the container as root: uid 0 or `root`, with or without a group. An unset user
 * counts as root, since the image's USER is not visible to the policy.
 */
export function runsAsRoot(user: unknown): boolean {
  if (user === undefined || user === null) return true;
  const who = String(user).split(":")[0]?.trim() ?? "";
  return who === "" || who === "root" || /^0+$/.test(who);
}

function capabilityName(value: unknown): string {
  return String(value).toUpperCase().replace(/^CAP_/, "");
}

/** Capabilities a container keeps: the defaults less `drop` (`ALL` drops every one), plus `add`. */
export function keptCapabilities(container: PlainProps): string[] {
  const capabilities = asRecord(asRecord(container["linuxParameters"])?.["capabilities"]);
  const drop = new Set(asList(capabilities?.["drop"]).map(capabilityName));
  const add = asList(capabilities?.["add"]).map(capabilityName);
  const kept = drop.has("ALL") ? [] : DEFAULT_CONTAINER_CAPABILITIES.filter((c) => !drop.has(c));
  return [...new Set([...kept, ...add])];
}

/** Findings for one container definition. */
export function rootContainerFindings(container: PlainProps, label: string): Finding[] {
  const findings: Finding[] = [];
  if (container["privileged"] === true) {
    findings.push({
      problem: `${label} is privileged`,
      fix: "remove `privileged: true` (Fargate rejects it; on EC2 it gives the container the host)",
    });
  }
  if (!runsAsRoot(container["user"])) return findings;
  // What the executor keeps, plus what it adds (SYS_PTRACE, to read session memory use).
  const allowed: readonly string[] = [...EXECUTOR_CAPABILITIES, ...EXECUTOR_ADDED_CAPABILITIES];
  const extra = keptCapabilities(container).filter((c) => !allowed.includes(c));
  if (extra.length > 0) {
    const user =
      container["user"] === undefined
        ? "no `user` (the image's, possibly root)"
        : `user "${String(container["user"])}"`;
    findings.push({
      problem: `${label} runs as ${user} and keeps the capabilities ${extra.join(", ")}`,
      fix:
        `drop ${JSON.stringify(extra)} (\`linuxParameters.capabilities\`: a root container may keep at most ` +
        `${allowed.join(", ")}, as the executor does with user "${EXECUTOR_CONTAINER_USER}"), ` +
        `or set a non-root \`user\``,
    });
  }
  return findings;
}

/** Findings for every container of a task definition; none while the definitions are unknown (preview). */
export function taskDefinitionRootFindings(props: PlainProps): Finding[] {
  const list = containerDefinitions(props);
  if (list.kind === "unknown") return [];
  if (list.kind === "invalid") {
    return [
      { problem: list.reason, fix: "pass `containerDefinitions` as a JSON list of container definitions" },
    ];
  }
  return list.containers.flatMap((container, index) =>
    rootContainerFindings(container, containerLabel(container, index)),
  );
}

export const rootContainersDropCapabilities: ResourceValidationPolicy = {
  name: "root-containers-drop-capabilities",
  description:
    "A task-definition container that runs as root (or leaves the user to the image) drops every Linux capability beyond the executor's set; no container is privileged.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.ecs.TaskDefinition, check: taskDefinitionRootFindings },
  ]),
};
