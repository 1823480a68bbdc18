// Checks of the recognition section of a lettre de mission (circulaire n° 2015-058, seeds 001–003).
// Errors block signing; warnings are shown to the chef and the DANE but allowed.
import { type CheckResult, type Issue, issue } from "./issue.ts";
import { MATRIX_ROWS, type MatrixRowKey } from "./missions.ts";
import { type Cents, formatEuros, sumCents } from "./money.ts";
import { LEGAL_IMP_RATES_2015, describeIllegalRate, isLegalImpRate } from "./rates.ts";

/** Seed 001: the DANE asks "que ce nombre ne dépasse pas 3 autant que possible" — a warning, not a ban. */
export const MAX_RECOMMENDED_REFERENTS = 3;

export interface ReferentRecognition {
  /** Stable id of the referent within the letter; the split matrix refers to it. */
  id: string;
  name: string;
  /** Academic email: identifies the person, so the same person cannot appear twice. */
  email?: string | null;
  /** Annual IMP in cents (one of the legal rates), or null/0 for none. */
  impAmount?: Cents | null;
  /** Allègement de service in weekly teaching hours, or null/0 for none. */
  reliefHours?: number | null;
}

export interface SplitEntry {
  responsibleIds: readonly string[];
  /** "Non concerné": only honoured for the tool sub-tasks (see MatrixRow.mayBeNotApplicable). */
  notApplicable?: boolean;
}
export type SplitMatrix = Partial<Record<MatrixRowKey, SplitEntry>>;

export interface RecognitionInput {
  referents: readonly ReferentRecognition[];
  /** Envelope notified to the establishment (envelopeFor(...).envelope.total), null when it cannot be computed. */
  envelope: Cents | null;
  /** "Complément" from the establishment's own IMP budget, recorded separately from the envelope; ≥ 0. */
  topUp?: Cents;
  split: SplitMatrix;
  legalRates?: readonly Cents[];
}

export type AttributionIssueCode =
  | "NO_REFERENT" | "DUPLICATE_REFERENT" | "ILLEGAL_IMP_RATE" | "INVALID_RELIEF_HOURS" | "IMP_AND_RELIEF"
  | "NO_RECOGNITION" | "INVALID_TOP_UP" | "ENVELOPE_UNKNOWN" | "ENVELOPE_EXCEEDED" | "TOO_MANY_REFERENTS"
  | "UNCOVERED_MISSION";

export interface AttributionTotals {
  /** Sum of the individual IMPs. */
  attributed: Cents;
  envelope: Cents;
  topUp: Cents;
  /** envelope + topUp: what may be attributed. */
  ceiling: Cents;
  /** How much the attributions exceed the ceiling (0 when within it). */
  overflow: Cents;
  /** The smallest top-up that would make the attributions fit the envelope alone. */
  topUpNeeded: Cents;
}

export function attributionTotals(referents: readonly ReferentRecognition[], envelope: Cents, topUp: Cents = 0): AttributionTotals {
  const attributed = sumCents(referents.map((referent) => impOf(referent) ?? 0));
  const ceiling = envelope + topUp;
  return {
    attributed,
    envelope,
    topUp,
    ceiling,
    overflow: Math.max(0, attributed - ceiling),
    topUpNeeded: Math.max(0, attributed - envelope),
  };
}

export function checkRecognition(input: RecognitionInput): CheckResult<AttributionIssueCode> {
  const errors: Issue<AttributionIssueCode>[] = [];
  const warnings: Issue<AttributionIssueCode>[] = [];
  const { referents } = input;
  const legalRates = input.legalRates ?? LEGAL_IMP_RATES_2015;

  if (referents.length === 0) {
    errors.push(issue("NO_REFERENT", "Aucun référent désigné : la lettre de mission doit nommer au moins un référent.", ["referents"]));
  }
  if (referents.length > MAX_RECOMMENDED_REFERENTS) {
    warnings.push(issue(
      "TOO_MANY_REFERENTS",
      `${referents.length} référents désignés : la DANE demande de ne pas dépasser ${MAX_RECOMMENDED_REFERENTS} autant que possible, afin de garantir la cohérence de l'action.`,
      ["referents"],
    ));
  }

  const seenEmails = new Map<string, number>();
  referents.forEach((referent, index) => {
    const who = displayName(referent, index);
    const at = (field: string) => ["referents", index, field];
    const email = referent.email?.trim().toLowerCase();
    if (email) {
      const first = seenEmails.get(email);
      if (first !== undefined) {
        errors.push(issue("DUPLICATE_REFERENT", `${capitalize(who)} figure deux fois parmi les référents (${email}) : une seule ligne par personne.`, at("email")));
      } else seenEmails.set(email, index);
    }
    const imp = impOf(referent);
    const hours = referent.reliefHours ?? 0;
    if (imp !== null && !isLegalImpRate(imp, legalRates)) {
      errors.push(issue("ILLEGAL_IMP_RATE", `IMP de ${who} : ${describeIllegalRate(imp, legalRates)}`, at("impAmount")));
    }
    if (!Number.isFinite(hours) || hours < 0) {
      errors.push(issue("INVALID_RELIEF_HOURS", `Allègement de service de ${who} invalide (${hours} h) : un nombre d'heures positif est attendu.`, at("reliefHours")));
    }
    if (imp !== null && hours > 0) {
      errors.push(issue(
        "IMP_AND_RELIEF",
        `${capitalize(who)} ne peut pas recevoir à la fois une IMP (${formatEuros(imp)}) et un allègement de service (${formatHours(hours)}) : pour une mission en établissement, l'IMP est exclusive d'un allègement au titre de la même mission (circulaire n° 2015-058).`,
        ["referents", index],
      ));
    }
    if (imp === null && hours === 0) {
      warnings.push(issue("NO_RECOGNITION", `Aucune reconnaissance indiquée pour ${who} : ni IMP, ni allègement de service.`, ["referents", index]));
    }
  });

  errors.push(...envelopeErrors(input));
  warnings.push(...coverageWarnings(input));
  return { errors, warnings };
}

function envelopeErrors(input: RecognitionInput): Issue<AttributionIssueCode>[] {
  const topUp = input.topUp ?? 0;
  if (!Number.isSafeInteger(topUp) || topUp < 0) {
    return [issue("INVALID_TOP_UP", `Complément invalide (${topUp}) : un montant positif ou nul, en centimes, est attendu.`, ["topUp"])];
  }
  const attributed = sumCents(input.referents.map((referent) => impOf(referent) ?? 0));
  if (attributed === 0) return [];
  if (input.envelope === null) {
    return [issue("ENVELOPE_UNKNOWN", "Enveloppe IMP de l'établissement inconnue : le total des IMP ne peut pas être vérifié (effectif manquant ?).", ["envelope"])];
  }
  const totals = attributionTotals(input.referents, input.envelope, topUp);
  if (totals.overflow === 0) return [];
  const limit = topUp > 0
    ? `l'enveloppe notifiée (${formatEuros(totals.envelope)}) augmentée du complément de l'établissement (${formatEuros(topUp)}), soit ${formatEuros(totals.ceiling)}`
    : `l'enveloppe notifiée (${formatEuros(totals.envelope)}), sans complément de l'établissement`;
  return [issue(
    "ENVELOPE_EXCEEDED",
    `Le total des IMP attribuées (${formatEuros(totals.attributed)}) dépasse ${limit}, de ${formatEuros(totals.overflow)}. Réduisez les montants ou augmentez le complément.`,
    ["referents"],
  )];
}

/** Every row of the split matrix needs at least one of the letter's referents, unless marked "non concerné". */
function coverageWarnings(input: RecognitionInput): Issue<AttributionIssueCode>[] {
  const referentIds = new Set(input.referents.map((referent) => referent.id));
  return MATRIX_ROWS.flatMap((row) => {
    const entry = input.split[row.key];
    if (entry?.notApplicable && row.mayBeNotApplicable) return [];
    if (entry?.responsibleIds.some((id) => referentIds.has(id))) return [];
    const hint = row.mayBeNotApplicable ? " (ou indiquez « non concerné »)" : "";
    return [issue("UNCOVERED_MISSION", `Aucun responsable désigné pour la mission « ${row.fullLabel} »${hint}.`, ["split", row.key])];
  });
}

/** 0 and empty mean "no IMP"; anything else is an amount to check. */
function impOf(referent: ReferentRecognition): Cents | null {
  const amount = referent.impAmount;
  return amount === null || amount === undefined || amount === 0 ? null : amount;
}

function displayName(referent: ReferentRecognition, index: number): string {
  return referent.name.trim() || `le référent n° ${index + 1}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatHours(hours: number): string {
  return `${new Intl.NumberFormat("fr-FR").format(hours)} h`;
}
