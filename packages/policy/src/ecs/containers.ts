/** Container definitions of an ECS task definition, as the `containerDefinitions` JSON text carries them. */
import { asRecord, isUnknown, type PlainProps } from "../resource/plain";

/** Either the containers, or why they cannot be read (unknown at preview, or not a JSON list). */
export type ContainerList =
  | { readonly kind: "known"; readonly containers: readonly PlainProps[] }
  | { readonly kind: "unknown" }
  | { readonly kind: "invalid"; readonly reason: string };

/** Parses a task definition's `containerDefinitions` (JSON text, as the provider takes it). */
export function containerDefinitions(props: PlainProps): ContainerList {
  const raw = props["containerDefinitions"];
  if (isUnknown(raw)) return { kind: "unknown" };
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch (error) {
      return {
        kind: "invalid",
        reason: `containerDefinitions is not valid JSON (${(error as Error).message})`,
      };
    }
  }
  if (!Array.isArray(parsed)) return { kind: "invalid", reason: "containerDefinitions is not a JSON list" };
  return { kind: "known", containers: parsed.map((entry) => asRecord(entry) ?? {}) };
}

/** The name a container is reported by: its `name`, or its position. */
export function containerLabel(container: PlainProps, index: number): string {
  return typeof container["name"] === "string" ? `container "${container["name"]}"` : `container ${index}`;
}
