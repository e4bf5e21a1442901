/** IAM policy documents as resources carry them: JSON text or an object, possibly unknown at preview. */
import { asList, asRecord, containsUnknown, isUnknown, type PlainProps } from "../resource/plain";

/** One statement, with `Action`/`NotAction`/`Resource` as lists. */
export interface Statement {
  readonly sid: string | undefined;
  readonly effect: unknown;
  readonly principal: unknown;
  readonly actions: readonly unknown[];
  readonly notActions: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly condition: PlainProps | undefined;
}

/** Either the statements, or why they cannot be read. */
export type ParsedDocument =
  | { readonly kind: "known"; readonly statements: readonly Statement[] }
  | { readonly kind: "unknown" }
  | { readonly kind: "absent" }
  | { readonly kind: "invalid"; readonly reason: string };

function statementOf(entry: unknown): Statement {
  const s = asRecord(entry) ?? {};
  return {
    sid: typeof s["Sid"] === "string" ? s["Sid"] : undefined,
    effect: s["Effect"],
    principal: s["Principal"],
    actions: asList(s["Action"]),
    notActions: asList(s["NotAction"]),
    resources: asList(s["Resource"]),
    condition: asRecord(s["Condition"]),
  };
}

/**
 * Reads a policy document given as JSON text (what the AWS provider stores) or as an object (what
 * `aws.iam.PolicyDocument` inputs allow). `Statement` may be one statement or a list.
 */
export function parseDocument(value: unknown): ParsedDocument {
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (isUnknown(value)) return { kind: "unknown" };
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value) as unknown;
    } catch (error) {
      return {
        kind: "invalid",
        reason: `the policy document is not valid JSON (${(error as Error).message})`,
      };
    }
  }
  // An object document built from outputs may hold unknown parts at preview.
  if (containsUnknown(document)) return { kind: "unknown" };
  const record = asRecord(document);
  if (!record) return { kind: "invalid", reason: "the policy document is not a JSON object" };
  return { kind: "known", statements: asList(record["Statement"]).map(statementOf) };
}

/** How a statement is referred to in a message: by Sid, else by position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement ${index}`;
}
