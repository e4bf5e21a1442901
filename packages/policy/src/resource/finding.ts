/** What a check found wrong with one resource, and how a violation message is worded. */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { type PlainProps, plainProps } from "./plain";

/** One broken invariant: what is wrong and what to change. */
export interface Finding {
  /** What is wrong, as a sentence (without a trailing period). */
  readonly problem: string;
  /** The change that fixes it, as a sentence (without a trailing period). */
  readonly fix: string;
}

/** The resource a violation is about. */
export interface Subject {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
}

/** `<type> "<name>" (<urn>): <problem>. Fix: <fix>.`: every violation names its resource and the fix. */
export function violationMessage(subject: Subject, finding: Finding): string {
  return `${subject.type} "${subject.name}" (${subject.urn}): ${finding.problem}. Fix: ${finding.fix}.`;
}

/** Reports each finding against `subject`, the URN attached so the engine shows it with the resource. */
export function reportFindings(
  subject: Subject,
  findings: readonly Finding[],
  reportViolation: ReportViolation,
): void {
  for (const finding of findings) reportViolation(violationMessage(subject, finding), subject.urn);
}

/** A resource class as the policy SDK's `isType` takes it (the generated `@pulumi/aws` classes). */
export type ResourceClass = Parameters<ResourceValidationArgs["isType"]>[0];

/**
 * A check of one kind of resource, on its properties with unknown values marked. It applies to the
 * resources of `resource` (a generated class, matched by type token as the SDK's `isType` does) or, for
 * resources without a class of their own (dynamic resources), to those `recognise` accepts.
 */
export type ResourceCheck = (
  | { readonly resource: ResourceClass; readonly recognise?: never }
  | { readonly recognise: (type: string, props: PlainProps) => boolean; readonly resource?: never }
) & { readonly check: (props: PlainProps, type: string) => readonly Finding[] };

/**
 * A resource validation that runs every check that applies to the resource and reports what it finds.
 * Resources no check applies to pass.
 */
export function validateResourceWith(checks: readonly ResourceCheck[]): ResourceValidation {
  return (args, reportViolation) => {
    let props: PlainProps | undefined;
    for (const entry of checks) {
      const applies = entry.resource
        ? args.isType(entry.resource)
        : entry.recognise(args.type, (props ??= plainProps(args.props)));
      if (applies)
        reportFindings(args, entry.check((props ??= plainProps(args.props)), args.type), reportViolation);
    }
  };
}
