// Reading a lettre de mission's answers (surveys/lettre-de-mission/<year>.json) into the IMP domain and checking
// them: the attribution rules of attribution.ts, plus what only a whole letter can tell — replacements that
// point at someone of the letter, periods inside the school year, a payment schedule for every IMP.
// Fields hidden by the form's conditions are ignored here (an IMP amount left over after choosing
// "allègement" is not an IMP), so what is checked is what the signatory sees.
import { type AttributionIssueCode, type ReferentRecognition, type SplitMatrix, attributionTotals, checkRecognition } from "./attribution.ts";
import { type CheckResult, type Issue, issue } from "./issue.ts";
import { MATRIX_ROWS } from "./missions.ts";
import { type Cents, eurosToCents } from "./money.ts";
import { type Handover, type Payment, paymentSchedule } from "./payments.ts";
import type { CalendarDay, YearMonth } from "./school-month.ts";
import { schoolYearBounds } from "../school-year.ts";

export type StaffStatus = "enseignant" | "cpe" | "documentaliste";
export type MissionPeriod = "year" | "partial" | "replacement";

export interface LetterReferent {
  position: number;
  firstName: string;
  lastName: string;
  /** Lower-cased; identifies the person within the letter. */
  email: string;
  staffStatus: StaffStatus | null;
  discipline: string | null;
  newcomer: boolean;
  period: MissionPeriod;
  /** ISO dates "YYYY-MM-DD"; null = from the rentrée / to the end of the year. */
  startsOn: string | null;
  endsOn: string | null;
  /** For a replacement: the email of the referent replaced from startsOn. */
  replacesEmail: string | null;
  impCents: Cents | null;
  reliefHours: number | null;
}

export interface ReadLetter {
  referents: LetterReferent[];
  split: SplitMatrix;
  topUp: Cents;
  signUpNewcomers: boolean;
}

export type LetterIssueCode =
  | AttributionIssueCode
  | "INVALID_AMOUNT" | "INVALID_DATE" | "PERIOD_OUTSIDE_YEAR" | "PERIOD_REVERSED" | "REPLACEMENT_TARGET"
  | "REPLACEMENT_WITHOUT_IMP" | "SCHEDULE";

type Answers = Record<string, unknown>;

const STATUSES: readonly StaffStatus[] = ["enseignant", "cpe", "documentaliste"];

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

function record(value: unknown): Answers {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Answers) : {};
}

function euros(value: unknown): Cents | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  try {
    return eurosToCents(value);
  } catch {
    return Number.NaN;
  }
}

/** The letter's answers as domain values (no validation: see checkLetter). */
export function readLetterAnswers(answers: unknown): ReadLetter {
  const data = record(answers);
  const panels = Array.isArray(data.referents) ? data.referents : [];
  const referents = panels.map((raw, position): LetterReferent => {
    const panel = record(raw);
    const period: MissionPeriod = panel.periode === "remplacement" ? "replacement" : panel.periode === "partielle" ? "partial" : "year";
    const status = STATUSES.find((s) => s === panel.statut) ?? null;
    const recognition = period === "replacement" ? null : panel.reconnaissance;
    const hours = typeof panel.allegement_heures === "number" ? panel.allegement_heures : null;
    return {
      position,
      firstName: text(panel.prenom),
      lastName: text(panel.nom),
      email: text(panel.email).toLowerCase(),
      staffStatus: status,
      discipline: status === "enseignant" ? text(panel.discipline) || null : null,
      newcomer: panel.nouveau === true,
      period,
      startsOn: period === "year" ? null : text(panel.debut) || null,
      endsOn: period === "partial" ? text(panel.fin) || null : null,
      replacesEmail: period === "replacement" ? text(panel.remplace).toLowerCase() || null : null,
      impCents: recognition === "imp" ? euros(panel.imp_montant) : null,
      reliefHours: recognition === "allegement" ? hours : null,
    };
  });
  const matrix = record(data.repartition);
  const split: SplitMatrix = {};
  for (const row of MATRIX_ROWS) {
    const cell = record(matrix[row.key]);
    const responsible = Array.isArray(cell.responsables) ? cell.responsables.map((v) => text(v).toLowerCase()).filter(Boolean) : [];
    split[row.key] = { responsibleIds: responsible, notApplicable: cell.non_concerne === true };
  }
  const topUp = euros(data.complement) ?? 0;
  return { referents, split, topUp, signUpNewcomers: data.inscription_formation !== false };
}

export function fullName(referent: Pick<LetterReferent, "firstName" | "lastName">): string {
  return `${referent.firstName} ${referent.lastName}`.trim();
}

export interface LetterCheckInput {
  answers: unknown;
  schoolYear: string;
  /** The establishment's envelope in cents, null when it cannot be computed. */
  envelope: Cents | null;
  legalRates?: readonly Cents[];
}

export interface LetterCheck extends CheckResult<LetterIssueCode> {
  letter: ReadLetter;
  totals: { envelope: Cents | null; topUp: Cents; attributed: Cents };
}

/** Every error (blocks submitting and signing) and warning of a letter. */
export function checkLetter(input: LetterCheckInput): LetterCheck {
  const letter = readLetterAnswers(input.answers);
  const errors: Issue<LetterIssueCode>[] = [];
  const warnings: Issue<LetterIssueCode>[] = [];
  const { startsOn, endsOn } = schoolYearBounds(input.schoolYear);
  const first = startsOn.toISOString().slice(0, 10);
  const last = endsOn.toISOString().slice(0, 10);

  letter.referents.forEach((referent, index) => {
    const who = fullName(referent) || `le référent n° ${index + 1}`;
    const at = (field: string) => ["referents", index, field];
    if (Number.isNaN(referent.impCents)) errors.push(issue("INVALID_AMOUNT", `IMP de ${who} : montant invalide (au plus deux décimales).`, at("imp_montant")));
    for (const [field, value] of [["debut", referent.startsOn], ["fin", referent.endsOn]] as const) {
      if (value === null) continue;
      if (!isIsoDay(value)) errors.push(issue("INVALID_DATE", `${capitalize(who)} : date invalide « ${value} » (attendu : AAAA-MM-JJ).`, at(field)));
      else if (value < first || value > last) {
        errors.push(issue("PERIOD_OUTSIDE_YEAR", `${capitalize(who)} : la date du ${formatIso(value)} est hors de l'année scolaire ${input.schoolYear}.`, at(field)));
      }
    }
    if (referent.startsOn && referent.endsOn && isIsoDay(referent.startsOn) && isIsoDay(referent.endsOn) && referent.endsOn < referent.startsOn) {
      errors.push(issue("PERIOD_REVERSED", `${capitalize(who)} : la mission finit le ${formatIso(referent.endsOn)}, avant de commencer le ${formatIso(referent.startsOn)}.`, at("fin")));
    }
    if (referent.period === "replacement") {
      const target = letter.referents.find((other) => other.email === referent.replacesEmail && other !== referent);
      if (!target) {
        errors.push(issue("REPLACEMENT_TARGET", `${capitalize(who)} : choisissez le référent remplacé parmi les autres référents de la lettre.`, at("remplace")));
      } else if (target.period === "replacement") {
        errors.push(issue("REPLACEMENT_TARGET", `${capitalize(who)} remplace ${fullName(target)}, qui est déjà un remplaçant : indiquez le titulaire de la mission.`, at("remplace")));
      } else if (target.impCents === null) {
        warnings.push(issue("REPLACEMENT_WITHOUT_IMP", `${capitalize(who)} remplace ${fullName(target)}, qui ne perçoit pas d'IMP : aucune indemnité ne lui sera transférée.`, at("remplace")));
      }
    }
  });

  const recognitionReferents: ReferentRecognition[] = letter.referents.map((referent) => ({
    id: referent.email || `#${referent.position}`,
    name: fullName(referent),
    email: referent.email || null,
    impAmount: Number.isNaN(referent.impCents) ? null : referent.impCents,
    reliefHours: referent.reliefHours,
  }));
  const recognition = checkRecognition({
    referents: recognitionReferents,
    envelope: input.envelope,
    topUp: Number.isNaN(letter.topUp) ? 0 : letter.topUp,
    split: letter.split,
    legalRates: input.legalRates,
  });
  errors.push(...recognition.errors);
  // A replacing person is paid the IMP of the person replaced: "no recognition" is expected for them.
  warnings.push(...recognition.warnings.filter((w) => !(w.code === "NO_RECOGNITION" && letter.referents[Number(w.path[1])]?.period === "replacement")));
  if (Number.isNaN(letter.topUp)) errors.push(issue("INVALID_TOP_UP", "Complément invalide : au plus deux décimales.", ["complement"]));

  if (errors.length === 0) {
    for (const schedule of schedulesOf(letter, input.schoolYear)) {
      if (!schedule.result.ok) {
        errors.push(issue("SCHEDULE", `Versements de l'IMP de ${fullName(schedule.holder)} : ${schedule.result.error.message}`, ["referents", schedule.holder.position]));
      }
    }
  }
  const valid = letter.referents.map((r) => ({ impAmount: Number.isNaN(r.impCents) ? null : r.impCents }));
  const totals = attributionTotals(valid.map((r, i) => ({ id: String(i), name: "", ...r })), input.envelope ?? 0, Number.isNaN(letter.topUp) ? 0 : letter.topUp);
  return { errors, warnings, letter, totals: { envelope: input.envelope, topUp: totals.topUp, attributed: totals.attributed } };
}

export interface HolderSchedule {
  holder: LetterReferent;
  result: ReturnType<typeof paymentSchedule>;
}

/** The payment schedule of every IMP of the letter, with the replacements as handovers (payee = email). */
export function schedulesOf(letter: ReadLetter, schoolYear: string): HolderSchedule[] {
  return letter.referents
    .filter((referent) => referent.impCents !== null && !Number.isNaN(referent.impCents) && referent.period !== "replacement")
    .map((holder) => {
      const handovers: Handover[] = letter.referents
        .filter((other) => other.period === "replacement" && other.replacesEmail === holder.email && other.startsOn && isIsoDay(other.startsOn))
        .map((other) => ({ from: toDay(other.startsOn!), to: other.email }))
        .sort((a, b) => (a.from.year - b.from.year) * 400 + (a.from.month - b.from.month) * 31 + (a.from.day - b.from.day));
      const start = holder.startsOn && isIsoDay(holder.startsOn) ? toMonth(holder.startsOn) : undefined;
      const end = holder.endsOn && isIsoDay(holder.endsOn) ? toMonth(holder.endsOn) : undefined;
      return { holder, result: paymentSchedule({ schoolYear, annualAmount: holder.impCents!, holder: holder.email, start, end, handovers }) };
    });
}

export type { Payment };

function toDay(iso: string): CalendarDay {
  const [year, month, day] = iso.split("-").map(Number);
  return { year, month, day };
}

function toMonth(iso: string): YearMonth {
  const { year, month } = toDay(iso);
  return { year, month };
}

export function isIsoDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function formatIso(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
