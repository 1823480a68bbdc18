// The DANE's rule-set editor posts text fields; this turns them into a domain rule set and collects every
// problem as a French message attached to its field ("rules.2.maxPupils"), so the form can show each error next
// to the input that caused it. Typing errors (not a number) are reported here; the rules themselves (ranges
// that overlap or leave a hole, illegal rates…) by validateRuleSet, the same check the publication runs.
import { schoolYearBounds } from "../school-year.ts";
import { type Issue, type IssuePath, issue } from "./issue.ts";
import type { Cents } from "./money.ts";
import { type EnvelopeRule, type EstablishmentType, type ImpRuleSet, validateRuleSet } from "./rule-set.ts";

export const MAX_RULE_ROWS = 100;
export const MAX_SOURCE_LENGTH = 500;

export interface RuleRowInput {
  type: string;
  minPupils: string;
  maxPupils: string;
  units: string;
  unitRate: string;
}

export interface RuleSetFormInput {
  effectiveFrom: string;
  source: string;
  rows: RuleRowInput[];
}

export type RuleSetFormResult =
  | { ok: true; ruleSet: ImpRuleSet }
  | { ok: false; errors: Issue[]; fieldErrors: Record<string, string>; generalErrors: string[] };

const FIELD_LABELS: Record<keyof RuleRowInput, string> = {
  type: "type d'établissement",
  minPupils: "effectif minimum",
  maxPupils: "effectif maximum",
  units: "nombre d'IMP",
  unitRate: "taux unitaire",
};

/** "rules.2.maxPupils" for ["rules", 2, "maxPupils"]: the key the form uses to place a message. */
export function fieldKey(path: IssuePath): string {
  return path.join(".");
}

function wholeNumber(raw: string, row: number, field: keyof RuleRowInput, errors: Issue[], optional = false): number | null {
  const value = raw.trim();
  if (value === "" && optional) return null;
  if (!/^\d{1,7}$/.test(value)) {
    const shown = value === "" ? "vide" : `« ${value} »`;
    errors.push(issue("NOT_A_NUMBER", `Ligne ${row + 1} : ${FIELD_LABELS[field]} invalide (${shown}) ; un nombre entier positif est attendu${optional ? ", ou rien pour « sans limite »" : ""}.`, ["rules", row, field]));
    return Number.NaN;
  }
  return Number(value);
}

/**
 * Parses and validates the editor's fields against the legal rates of the rule set. The school year and
 * académie come from the stored rule set, never from the form.
 */
export function parseRuleSetForm(
  input: RuleSetFormInput,
  context: { academyCode: string; academyName: string; schoolYear: string; legalRates: readonly Cents[] },
): RuleSetFormResult {
  const errors: Issue[] = [];
  const effectiveFrom = input.effectiveFrom.trim();
  const source = input.source.trim();
  if (source.length > MAX_SOURCE_LENGTH) {
    errors.push(issue("SOURCE_TOO_LONG", `Source trop longue (${MAX_SOURCE_LENGTH} caractères au plus).`, ["source"]));
  }
  if (input.rows.length > MAX_RULE_ROWS) {
    errors.push(issue("TOO_MANY_ROWS", `Trop de lignes (${MAX_RULE_ROWS} au plus).`, ["rules"]));
  }
  const rules: EnvelopeRule[] = input.rows.slice(0, MAX_RULE_ROWS).map((row, index) => ({
    type: row.type as EstablishmentType,
    minPupils: wholeNumber(row.minPupils, index, "minPupils", errors) ?? Number.NaN,
    maxPupils: wholeNumber(row.maxPupils, index, "maxPupils", errors, true),
    units: wholeNumber(row.units, index, "units", errors) ?? Number.NaN,
    unitRate: wholeNumber(row.unitRate, index, "unitRate", errors) ?? Number.NaN,
  }));
  const ruleSet: ImpRuleSet = {
    academyCode: context.academyCode,
    academyName: context.academyName,
    schoolYear: context.schoolYear,
    effectiveFrom,
    source: source || undefined,
    rules,
  };
  if (errors.length === 0) {
    errors.push(...validateRuleSet(ruleSet, context.legalRates));
    errors.push(...effectiveDateErrors(effectiveFrom, context.schoolYear, errors));
  }
  if (errors.length === 0) return { ok: true, ruleSet };
  const fieldErrors: Record<string, string> = {};
  const generalErrors: string[] = [];
  for (const error of errors) {
    const key = fieldKey(error.path);
    // A message about the whole table (a hole in the ranges, a missing type) has no single field.
    if (error.path.length === 1 && error.path[0] === "rules") generalErrors.push(error.message);
    else if (fieldErrors[key]) fieldErrors[key] += ` ${error.message}`;
    else fieldErrors[key] = error.message;
  }
  return { ok: false, errors, fieldErrors, generalErrors };
}

/** The effective date must fall within the rule set's school year (1 September → 31 August). */
function effectiveDateErrors(effectiveFrom: string, schoolYear: string, already: Issue[]): Issue[] {
  if (already.some((e) => e.path[0] === "effectiveFrom")) return [];
  const { startsOn, endsOn } = schoolYearBounds(schoolYear);
  const first = startsOn.toISOString().slice(0, 10);
  const last = endsOn.toISOString().slice(0, 10);
  if (effectiveFrom >= first && effectiveFrom <= last) return [];
  return [issue("EFFECTIVE_DATE_OUTSIDE_YEAR", `Date d'effet hors de l'année scolaire ${schoolYear} (du ${frenchDay(first)} au ${frenchDay(last)}).`, ["effectiveFrom"])];
}

function frenchDay(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}
