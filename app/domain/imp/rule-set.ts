// IMP envelope rules as data. Each académie notifies every establishment an IMP envelope computed from rules
// that change from year to year (Poitiers 2015 by pupil numbers; Clermont-Ferrand revised its own in 2024), so a
// rule set belongs to one académie and one school year, is effective from a date (the circular allows later
// "ajustements" of the envelope), and is edited by the DANE — never a constant in code (ARCHITECTURE rule 3).
import type { EstablishmentType } from "../directory/common.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../labels.ts";
import { schoolYearBounds } from "../school-year.ts";
import { type Issue, issue } from "./issue.ts";
import { type Cents, formatEuros } from "./money.ts";
import { LEGAL_IMP_RATES_2015, describeIllegalRate, isLegalImpRate } from "./rates.ts";
import { academyLabel } from "../format/fr.ts";

export type { EstablishmentType };
export const ESTABLISHMENT_TYPES: readonly EstablishmentType[] = ["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"];
/** Types every rule set must cover for any pupil count. OTHER (out of the RUPN scope) may have no rule. */
export const REQUIRED_TYPES: readonly EstablishmentType[] = ["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA"];

/** type × pupil-count range (inclusive; maxPupils null = no upper bound) → units × unitRate. */
export interface EnvelopeRule {
  type: EstablishmentType;
  minPupils: number;
  maxPupils: number | null;
  units: number;
  unitRate: Cents;
}

export interface ImpRuleSet {
  /** Académie code of the Annuaire de l'éducation ("13" = Poitiers). */
  academyCode: string;
  academyName: string;
  /** "2025-2026" */
  schoolYear: string;
  /** ISO date "YYYY-MM-DD": a later rule set of the same year supersedes this one from that day. */
  effectiveFrom: string;
  /** Where the rule comes from (letter, date), shown to the DANE. */
  source?: string;
  rules: readonly EnvelopeRule[];
}

export interface Envelope {
  units: number;
  unitRate: Cents;
  total: Cents;
}

export type RuleSetIssueCode =
  | "INVALID_ACADEMY" | "INVALID_SCHOOL_YEAR" | "INVALID_EFFECTIVE_DATE" | "UNKNOWN_TYPE" | "INVALID_RANGE"
  | "INVALID_UNITS" | "ILLEGAL_UNIT_RATE" | "OVERLAPPING_RANGES" | "MISSING_RANGE" | "MISSING_TYPE";
export type EnvelopeErrorCode = "PUPIL_COUNT_UNKNOWN" | "PUPIL_COUNT_INVALID" | "NO_MATCHING_RULE" | "AMBIGUOUS_RULES";
export type EnvelopeResult =
  | { ok: true; envelope: Envelope; rule: EnvelopeRule }
  | { ok: false; error: Issue<EnvelopeErrorCode> };

const POITIERS_UNIT = 125_000;
/**
 * Lettre de cadrage du recteur de Poitiers (juin 2015), seed 001: "1 IMP par collège jusqu'à 200 élèves […]
 * 2 IMP par collège de plus 200 élèves […] 2 IMP par lycée et EREA jusqu'à 500 élèves […] 3 IMP par lycée de
 * plus 500 élèves", 1 250 € each.
 *
 * Lycées professionnels follow the lycée rule. The letter only distinguishes collège / lycée / EREA, and a
 * lycée professionnel is a lycée: the Annuaire de l'éducation files it under the type "Lycée" (only its nature
 * code 320/334 tells it apart, see directory/annuaire.ts), and the code de l'éducation names the EPLE "collèges,
 * lycées et établissements d'éducation spéciale" with no separate LP category. The LP rows are nevertheless
 * separate data so that a DANE who wants another treatment edits them without touching the lycée rows.
 *
 * EREA: the letter gives no tier above 500 pupils ("3 IMP par lycée de plus 500" names lycées only), so an
 * EREA gets 2 IMP whatever its size — in practice EREAs are far below 500 pupils. This keeps the rule set
 * complete (every count has an envelope) without inventing a third IMP the letter does not grant.
 */
export const POITIERS_2015_RULES: ImpRuleSet = {
  academyCode: "13",
  academyName: "Poitiers",
  schoolYear: "2015-2016",
  effectiveFrom: "2015-09-01",
  source: "Lettre de cadrage du recteur de l'académie de Poitiers, juin 2015",
  rules: [
    { type: "COLLEGE", minPupils: 0, maxPupils: 200, units: 1, unitRate: POITIERS_UNIT },
    { type: "COLLEGE", minPupils: 201, maxPupils: null, units: 2, unitRate: POITIERS_UNIT },
    { type: "LYCEE", minPupils: 0, maxPupils: 500, units: 2, unitRate: POITIERS_UNIT },
    { type: "LYCEE", minPupils: 501, maxPupils: null, units: 3, unitRate: POITIERS_UNIT },
    { type: "LYCEE_PRO", minPupils: 0, maxPupils: 500, units: 2, unitRate: POITIERS_UNIT },
    { type: "LYCEE_PRO", minPupils: 501, maxPupils: null, units: 3, unitRate: POITIERS_UNIT },
    { type: "EREA", minPupils: 0, maxPupils: null, units: 2, unitRate: POITIERS_UNIT },
  ],
};

/**
 * The source recorded with the Poitiers rules when they are copied to an académie: its own text for Poitiers, and
 * for any other académie a plain statement that it is a demo copy, so that nobody reads "lettre de cadrage de
 * Poitiers" as the rule of the académie de Rennes.
 */
export function poitiersRulesSourceFor(academy: { code: string; name: string }): string {
  if (academy.code === POITIERS_2015_RULES.academyCode) return POITIERS_2015_RULES.source!;
  return `Copie de démonstration des règles de l'${academyLabel(POITIERS_2015_RULES.academyName)} (lettre de cadrage du recteur, juin 2015) : à remplacer par le texte de l'${academyLabel(academy.name)}`;
}

/** The same rules for another year (the DANE starts the next year's rule set from the current one). */
export function carryOverRuleSet(ruleSet: ImpRuleSet, schoolYear: string, effectiveFrom: string): ImpRuleSet {
  return { ...ruleSet, schoolYear, effectiveFrom, rules: ruleSet.rules.map((rule) => ({ ...rule })) };
}

/** The rule set in force for an académie and school year on a day (ISO date; default: the latest one). */
export function ruleSetInForce(
  ruleSets: readonly ImpRuleSet[],
  query: { academyCode: string; schoolYear: string; on?: string },
): ImpRuleSet | null {
  const candidates = ruleSets
    .filter((set) => set.academyCode === query.academyCode && set.schoolYear === query.schoolYear)
    .filter((set) => query.on === undefined || set.effectiveFrom <= query.on)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  return candidates.at(-1) ?? null;
}

/** "jusqu'à 200 élèves", "de 201 à 500 élèves", "à partir de 501 élèves", "quel que soit l'effectif". */
export function formatPupilRange(minPupils: number, maxPupils: number | null): string {
  const n = (value: number) => new Intl.NumberFormat("fr-FR").format(value);
  if (maxPupils === null) return minPupils <= 0 ? "quel que soit l'effectif" : `à partir de ${n(minPupils)} élèves`;
  return minPupils <= 0 ? `jusqu'à ${n(maxPupils)} élèves` : `de ${n(minPupils)} à ${n(maxPupils)} élèves`;
}

/** "Collège, jusqu'à 200 élèves : 1 × 1 250,00 € = 1 250,00 €" */
export function describeRule(rule: EnvelopeRule): string {
  const total = formatEuros(rule.units * rule.unitRate);
  return `${typeLabel(rule.type)}, ${formatPupilRange(rule.minPupils, rule.maxPupils)} : ${rule.units} × ${formatEuros(rule.unitRate)} = ${total}`;
}

/** Every problem of a rule set, as French errors; an empty list means the DANE may publish it. */
export function validateRuleSet(ruleSet: ImpRuleSet, legalRates: readonly Cents[] = LEGAL_IMP_RATES_2015): Issue<RuleSetIssueCode>[] {
  const errors: Issue<RuleSetIssueCode>[] = [];
  if (!ruleSet.academyCode.trim()) errors.push(issue("INVALID_ACADEMY", "Académie non renseignée.", ["academyCode"]));
  if (!isSchoolYear(ruleSet.schoolYear)) {
    errors.push(issue("INVALID_SCHOOL_YEAR", `Année scolaire invalide : « ${ruleSet.schoolYear} » (attendu : 2025-2026).`, ["schoolYear"]));
  }
  if (!isIsoDate(ruleSet.effectiveFrom)) {
    errors.push(issue("INVALID_EFFECTIVE_DATE", `Date d'effet invalide : « ${ruleSet.effectiveFrom} » (attendu : AAAA-MM-JJ).`, ["effectiveFrom"]));
  }
  ruleSet.rules.forEach((rule, index) => errors.push(...ruleErrors(rule, index, legalRates)));
  const ranged = ruleSet.rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => hasValidRange(rule));
  for (const type of ESTABLISHMENT_TYPES) {
    const ofType = ranged.filter(({ rule }) => rule.type === type);
    if (ofType.length === 0) {
      if (REQUIRED_TYPES.includes(type)) {
        errors.push(issue("MISSING_TYPE", `${typeLabel(type)} : aucune règle — l'enveloppe de ces établissements ne pourrait pas être calculée.`, ["rules"]));
      }
      continue;
    }
    errors.push(...coverageErrors(type, ofType));
  }
  return errors;
}

function ruleErrors(rule: EnvelopeRule, index: number, legalRates: readonly Cents[]): Issue<RuleSetIssueCode>[] {
  const at = (field: string) => ["rules", index, field];
  if (!ESTABLISHMENT_TYPES.includes(rule.type)) {
    return [issue("UNKNOWN_TYPE", `Type d'établissement inconnu : « ${String(rule.type)} ».`, at("type"))];
  }
  const errors: Issue<RuleSetIssueCode>[] = [];
  const label = typeLabel(rule.type);
  if (!hasValidRange(rule)) {
    const range = `${rule.minPupils} – ${rule.maxPupils ?? "…"}`;
    const field = Number.isInteger(rule.minPupils) && rule.minPupils >= 0 ? "maxPupils" : "minPupils";
    return [issue("INVALID_RANGE", `${label} : tranche d'effectif invalide (${range}) ; bornes entières, minimum ≥ 0 et maximum ≥ minimum.`, at(field))];
  }
  const where = `${label}, ${formatPupilRange(rule.minPupils, rule.maxPupils)}`;
  if (!Number.isInteger(rule.units) || rule.units < 0) {
    errors.push(issue("INVALID_UNITS", `${where} : nombre d'IMP invalide (${rule.units}) ; un entier positif ou nul est attendu.`, at("units")));
  }
  if (!isLegalImpRate(rule.unitRate, legalRates)) {
    errors.push(issue("ILLEGAL_UNIT_RATE", `${where} : taux unitaire refusé — ${describeIllegalRate(rule.unitRate, legalRates)}`, at("unitRate")));
  }
  return errors;
}

/** Ranges of one type must tile 0…∞ exactly: no overlap, no hole, open-ended at the top. */
function coverageErrors(type: EstablishmentType, ofType: { rule: EnvelopeRule; index: number }[]): Issue<RuleSetIssueCode>[] {
  const errors: Issue<RuleSetIssueCode>[] = [];
  const label = typeLabel(type);
  const sorted = [...ofType].sort((a, b) => a.rule.minPupils - b.rule.minPupils);
  let next = 0; // first pupil count not covered yet; Infinity once an open-ended rule is seen
  let reach: { rule: EnvelopeRule; index: number } | null = null; // the rule reaching furthest so far
  for (const current of sorted) {
    const { rule } = current;
    if (rule.minPupils > next) {
      errors.push(issue("MISSING_RANGE", `${label} : aucune règle pour les effectifs ${formatPupilRange(next, rule.minPupils - 1)}.`, ["rules"]));
    } else if (reach && rule.minPupils < next) {
      const overlapMax = minBound(reach.rule.maxPupils, rule.maxPupils);
      errors.push(issue(
        "OVERLAPPING_RANGES",
        `${label} : les tranches « ${formatPupilRange(reach.rule.minPupils, reach.rule.maxPupils)} » et « ${formatPupilRange(rule.minPupils, rule.maxPupils)} » se chevauchent (${formatPupilRange(rule.minPupils, overlapMax)}).`,
        ["rules", current.index],
      ));
    }
    const end = rule.maxPupils === null ? Infinity : rule.maxPupils + 1;
    if (end > next) {
      next = end;
      reach = current;
    }
  }
  if (next !== Infinity) {
    errors.push(issue("MISSING_RANGE", `${label} : aucune règle pour les effectifs ${formatPupilRange(next, null)}.`, ["rules"]));
  }
  return errors;
}

/** The envelope of one establishment, or a French error saying why it cannot be computed. */
export function envelopeFor(
  ruleSet: ImpRuleSet,
  establishment: { type: EstablishmentType; pupilCount: number | null | undefined; name?: string },
): EnvelopeResult {
  const { type, pupilCount } = establishment;
  const who = establishment.name ?? `cet établissement (${typeLabel(type)})`;
  if (pupilCount === null || pupilCount === undefined) {
    return fail("PUPIL_COUNT_UNKNOWN", `Effectif inconnu pour ${who} : impossible de calculer l'enveloppe IMP.`, ["pupilCount"]);
  }
  if (!Number.isInteger(pupilCount) || pupilCount < 0) {
    return fail("PUPIL_COUNT_INVALID", `Effectif invalide pour ${who} (${pupilCount}) : impossible de calculer l'enveloppe IMP.`, ["pupilCount"]);
  }
  const matches = ruleSet.rules.filter(
    (rule) => rule.type === type && pupilCount >= rule.minPupils && (rule.maxPupils === null || pupilCount <= rule.maxPupils),
  );
  const context = `${typeLabel(type)}, ${pupilCount} élèves ; règles ${ruleSet.academyName} ${ruleSet.schoolYear}`;
  if (matches.length === 0) return fail("NO_MATCHING_RULE", `Aucune règle d'enveloppe IMP ne s'applique à ${who} (${context}).`, ["type"]);
  if (matches.length > 1) return fail("AMBIGUOUS_RULES", `Plusieurs règles d'enveloppe IMP s'appliquent à ${who} (${context}) : corrigez les tranches.`, ["type"]);
  const [rule] = matches;
  return { ok: true, rule, envelope: { units: rule.units, unitRate: rule.unitRate, total: rule.units * rule.unitRate } };
}

function fail(code: EnvelopeErrorCode, message: string, path: string[]): EnvelopeResult {
  return { ok: false, error: issue(code, message, path) };
}

function typeLabel(type: EstablishmentType): string {
  return ESTABLISHMENT_TYPE_LABELS[type] ?? String(type);
}

function hasValidRange(rule: EnvelopeRule): boolean {
  if (!ESTABLISHMENT_TYPES.includes(rule.type) || !Number.isInteger(rule.minPupils) || rule.minPupils < 0) return false;
  return rule.maxPupils === null || (Number.isInteger(rule.maxPupils) && rule.maxPupils >= rule.minPupils);
}

function minBound(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function isSchoolYear(id: string): boolean {
  try {
    schoolYearBounds(id);
    return true;
  } catch {
    return false;
  }
}

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
