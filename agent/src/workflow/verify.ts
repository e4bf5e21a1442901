import { z } from "zod";

/**
 * The verification gate, in code rather than in a model's judgement: the Coder's recorded values
 * (artifacts/calculations.json) against the Validator's independent recomputations (artifacts/validation.json).
 */
const value = z.union([z.number(), z.string(), z.null()]);
const calculation = z.object({
  id: z.string().min(1),
  description: z.string().optional(),
  code: z.string().optional(),
  value,
});
const calculationsFile = z.union([z.object({ calculations: z.array(calculation) }), z.array(calculation)]);
const checkEntry = z.object({
  id: z.string().min(1),
  value,
  code: z.string().optional(),
  citation: z.string().optional(),
});
const validationFile = z.union([z.object({ checks: z.array(checkEntry) }), z.array(checkEntry)]);

export interface Check {
  id: string;
  coderValue: number | string | null;
  validatorValue: number | string | null;
  match: boolean;
  citation?: string;
}

export interface Verification {
  verdict: "pass" | "fail";
  checks: Check[];
  findings: string[];
}

/** Relative tolerance for floating-point noise between two pandas routes to the same number. */
const REL_TOL = 1e-6;

export function valuesMatch(a: number | string | null, b: number | string | null): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= REL_TOL * Math.max(1, Math.abs(a), Math.abs(b));
  }
  const na = typeof a === "string" ? Number(a.replace(/,/g, "")) : NaN;
  const nb = typeof b === "string" ? Number(b.replace(/,/g, "")) : NaN;
  if (typeof a === "number" && !Number.isNaN(nb)) return valuesMatch(a, nb);
  if (typeof b === "number" && !Number.isNaN(na)) return valuesMatch(na, b);
  return a === b;
}

function parse<T>(
  schema: z.ZodType<T>,
  text: string | undefined,
  file: string,
): { data?: T; problem?: string } {
  if (text === undefined) return { problem: `${file} was not written` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `${file} is not valid JSON (${String(err)})` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { problem: `${file} does not have the expected shape: ${parsed.error.issues[0]?.message}` };
  return { data: parsed.data };
}

export function verify(
  calculationsText: string | undefined,
  validationText: string | undefined,
): Verification {
  const calcs = parse(calculationsFile, calculationsText, "artifacts/calculations.json");
  const vals = parse(validationFile, validationText, "artifacts/validation.json");
  const findings = [calcs.problem, vals.problem].filter((p): p is string => p !== undefined);
  if (!calcs.data || !vals.data) return { verdict: "fail", checks: [], findings };
  const calcList = Array.isArray(calcs.data) ? calcs.data : calcs.data.calculations;
  const checkList = Array.isArray(vals.data) ? vals.data : vals.data.checks;
  const byId = new Map(calcList.map((c) => [c.id, c]));
  const checks: Check[] = [];
  for (const entry of checkList) {
    const calc = byId.get(entry.id);
    if (!calc) {
      findings.push(`the Validator checked "${entry.id}", which is not in artifacts/calculations.json`);
      continue;
    }
    const match = valuesMatch(calc.value, entry.value);
    checks.push({
      id: entry.id,
      coderValue: calc.value,
      validatorValue: entry.value,
      match,
      ...(entry.citation ? { citation: entry.citation } : {}),
    });
    if (!match) {
      findings.push(
        `"${entry.id}": the Coder recorded ${JSON.stringify(calc.value)} but the independent recomputation gives ` +
          `${JSON.stringify(entry.value)}${entry.code ? ` (validator code: ${entry.code})` : ""}`,
      );
    }
  }
  if (calcList.length === 0) findings.push("artifacts/calculations.json records no calculations");
  if (checks.length === 0 && calcList.length > 0)
    findings.push("the Validator re-computed none of the recorded values");
  return { verdict: findings.length === 0 ? "pass" : "fail", checks, findings };
}
