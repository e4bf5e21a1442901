/**
 * Images are referenced by digest (`repo@sha256:<64 hex>`), never by a tag: a tag can be moved, so the
 * code that runs could differ from the code that was reviewed and deployed.
 */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { containerDefinitions, containerLabel } from "../ecs/containers";
import { type Finding, validateResourceWith } from "../resource/finding";
import { isUnknown, type PlainProps } from "../resource/plain";
import { isRuntime, runtimeView } from "../runtime/runtime-view";

const DIGEST_REFERENCE = /^[^@\s]+@sha256:[0-9a-f]{64}$/;

/** Whether `image` names an image by digest. */
export function isPinnedByDigest(image: unknown): boolean {
  return typeof image === "string" && DIGEST_REFERENCE.test(image);
}

const FIX =
  "reference the image as `<repository>@sha256:<digest>` (the component's `agentImageUri`/`executorImageUri`, " +
  "or `docker.Image.repoDigest`), not by tag";

function imageFinding(what: string, image: unknown): Finding[] {
  if (isUnknown(image) || isPinnedByDigest(image)) return [];
  return [
    {
      problem:
        typeof image === "string"
          ? `${what} "${image}", which is not pinned by digest`
          : `${what} unset, so no digest pins it`,
      fix: FIX,
    },
  ];
}

/** Every container image of a task definition; nothing while the definitions are unknown (preview). */
export function taskDefinitionImageFindings(props: PlainProps): Finding[] {
  const list = containerDefinitions(props);
  if (list.kind === "unknown") return [];
  if (list.kind === "invalid") {
    return [
      { problem: list.reason, fix: "pass `containerDefinitions` as a JSON list of container definitions" },
    ];
  }
  return list.containers.flatMap((container, index) =>
    imageFinding(`${containerLabel(container, index)} has the image`, container["image"]),
  );
}

/** The runtime's container image (`containerUri`). */
export function runtimeImageFindings(props: PlainProps, type: string): Finding[] {
  const view = runtimeView(type, props);
  return view ? imageFinding("the runtime has the containerUri", view.containerUri) : [];
}

export const imagesPinnedByDigest: ResourceValidationPolicy = {
  name: "images-pinned-by-digest",
  description:
    "The AgentCore runtime's containerUri and every ECS task-definition container image are pinned by digest (@sha256:).",
  enforcementLevel: "mandatory",
  validateResource: validateResourceWith([
    { resource: aws.ecs.TaskDefinition, check: taskDefinitionImageFindings },
    { recognise: isRuntime, check: runtimeImageFindings },
  ]),
};
