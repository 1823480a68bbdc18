// Payment schedule of one IMP attribution (circulaire n° 2015-058, "Les modalités d'attribution et de versement"):
//
// - "Lorsque la mission est accomplie sur la totalité de l'année scolaire, l'indemnité sera versée mensuellement
//   par neuvième à compter du mois de novembre": nine payments, November → July. The ninths are whole cents: each
//   is floor(annual / 9) and the July payment, the last, also carries the remainder (at most 8 cents), so the
//   nine always add up exactly to the annual amount.
// - "Dans les autres cas, elle sera versée après service fait": a mission that does not cover the whole year
//   (starting after September, or ending before June) is paid in ONE payment, in the month following its last
//   month of service (by default June, hence July — the same month as the last ninth). The amount is the one
//   attributed, not prorated: the five rates are "forfaitaires", the text never prorates them (it even forbids
//   prorating for part-time work), and the chef chooses the rate "en fonction de la charge effective de
//   travail" — a half-year mission gets the lower rate the chef attributes, not 6/10 of a higher one (which
//   would not be a legal rate anyway).
// - "À compter du remplacement ou de l'intérim de l'agent […] l'indemnité cesse de lui être versée, et
//   bénéficie, durant la période correspondante, à l'agent désigné pour assurer le remplacement ou l'intérim":
//   from a handover day, the payments move to the replacing person. A month belongs to whoever holds the
//   mission for the greater part of it, on the 30-day month of public pay: a handover on day 1–15 gives that
//   month to the replacing person (16 days or more out of 30), from the 16th the month stays with the person
//   replaced. So an interim from 15 January takes the January ninth. For a mission paid after service, the
//   attributed amount is shared by the number of months each person held, each share paid the month after that
//   person's period ends.
// There is no quotité parameter: "le taux de l'IMP […] ne doit pas être proratisé" for part-time teachers.
import { type Issue, issue } from "./issue.ts";
import type { Cents } from "./money.ts";
import {
  type CalendarDay, type YearMonth, addMonths, formatDay, formatMonth, isInSchoolYear, isValidDay, isValidMonth,
  monthOrdinal, monthsBetween, schoolYearMonth, schoolYearStartYear,
} from "./school-month.ts";

export const NINTHS = 9;
/** Day of the month up to which a handover gives that month to the replacing person (30-day pay month). */
export const LAST_HANDOVER_DAY_FOR_SAME_MONTH = 15;

export interface Handover {
  /** First day the replacing person holds the mission. */
  from: CalendarDay;
  /** Id of the replacing person (or of the original holder coming back). */
  to: string;
}

export interface ScheduleInput {
  schoolYear: string;
  /** The attributed annual IMP, in cents. */
  annualAmount: Cents;
  /** Id of the person the IMP is attributed to. */
  holder: string;
  /** First month of service; default September (the rentrée). */
  start?: YearMonth;
  /** Last month of service; default June. */
  end?: YearMonth;
  /** Replacements / interims, in date order. */
  handovers?: readonly Handover[];
}

export interface Payment {
  month: YearMonth;
  payee: string;
  amount: Cents;
  kind: "NINTH" | "AFTER_SERVICE";
  /** 1…9 for a ninth. */
  ninth?: number;
}

export type ScheduleErrorCode = "INVALID_SCHOOL_YEAR" | "INVALID_AMOUNT" | "INVALID_PERIOD" | "INVALID_HANDOVER";
export type ScheduleResult =
  | { ok: true; fullYear: boolean; payments: Payment[] }
  | { ok: false; error: Issue<ScheduleErrorCode> };

export function paymentSchedule(input: ScheduleInput): ScheduleResult {
  try {
    schoolYearStartYear(input.schoolYear);
  } catch (error) {
    return fail("INVALID_SCHOOL_YEAR", (error as Error).message, ["schoolYear"]);
  }
  if (!Number.isSafeInteger(input.annualAmount) || input.annualAmount <= 0) {
    return fail("INVALID_AMOUNT", `Montant annuel invalide (${input.annualAmount}) : un montant positif en centimes est attendu.`, ["annualAmount"]);
  }
  const september = schoolYearMonth(input.schoolYear, 9);
  const june = schoolYearMonth(input.schoolYear, 6);
  const start = input.start ?? september;
  const end = input.end ?? june;
  for (const [field, value] of [["start", start], ["end", end]] as const) {
    if (!isValidMonth(value) || !isInSchoolYear(value, input.schoolYear)) {
      return fail("INVALID_PERIOD", `Mois ${field === "start" ? "de début" : "de fin"} hors de l'année scolaire ${input.schoolYear}.`, [field]);
    }
  }
  if (monthOrdinal(end) < monthOrdinal(start)) {
    return fail("INVALID_PERIOD", `La mission finit (${formatMonth(end)}) avant de commencer (${formatMonth(start)}).`, ["end"]);
  }
  const handovers = input.handovers ?? [];
  const handoverError = checkHandovers(handovers, start, end);
  if (handoverError) return { ok: false, error: handoverError };

  const holderOf = (month: YearMonth) => holderOfMonth(input.holder, handovers, month);
  const fullYear = monthOrdinal(start) <= monthOrdinal(september) && monthOrdinal(end) >= monthOrdinal(june);
  const payments = fullYear
    ? ninths(input.annualAmount, schoolYearMonth(input.schoolYear, 11), holderOf)
    : afterService(input.annualAmount, monthsBetween(start, end), holderOf);
  return { ok: true, fullYear, payments };
}

/** Who holds the mission for a month, given the handovers (see the 1–15 / 16+ rule above). */
export function holderOfMonth(initialHolder: string, handovers: readonly Handover[], month: YearMonth): string {
  let holder = initialHolder;
  for (const handover of handovers) {
    if (monthOrdinal(firstMonthHeld(handover)) <= monthOrdinal(month)) holder = handover.to;
  }
  return holder;
}

/** Total received by each person over the schedule. */
export function totalsByPayee(payments: readonly Payment[]): Map<string, Cents> {
  const totals = new Map<string, Cents>();
  for (const payment of payments) totals.set(payment.payee, (totals.get(payment.payee) ?? 0) + payment.amount);
  return totals;
}

function firstMonthHeld(handover: Handover): YearMonth {
  return handover.from.day <= LAST_HANDOVER_DAY_FOR_SAME_MONTH ? handover.from : addMonths(handover.from, 1);
}

function ninths(annual: Cents, first: YearMonth, holderOf: (month: YearMonth) => string): Payment[] {
  const base = Math.floor(annual / NINTHS);
  return Array.from({ length: NINTHS }, (_, index) => {
    const month = addMonths(first, index);
    const last = index === NINTHS - 1;
    return { month, payee: holderOf(month), amount: last ? annual - base * (NINTHS - 1) : base, kind: "NINTH", ninth: index + 1 };
  });
}

/** One payment per uninterrupted period of one holder, the month after it ends; shares by months held. */
function afterService(annual: Cents, served: YearMonth[], holderOf: (month: YearMonth) => string): Payment[] {
  const periods: { payee: string; months: YearMonth[] }[] = [];
  for (const month of served) {
    const payee = holderOf(month);
    const current = periods.at(-1);
    if (current && current.payee === payee) current.months.push(month);
    else periods.push({ payee, months: [month] });
  }
  let paid = 0;
  return periods.map((period, index) => {
    const last = index === periods.length - 1;
    const amount = last ? annual - paid : Math.floor((annual * period.months.length) / served.length);
    paid += amount;
    return { month: addMonths(period.months[period.months.length - 1], 1), payee: period.payee, amount, kind: "AFTER_SERVICE" };
  });
}

function checkHandovers(handovers: readonly Handover[], start: YearMonth, end: YearMonth): Issue<ScheduleErrorCode> | null {
  let previous: CalendarDay | null = null;
  for (const [index, handover] of handovers.entries()) {
    const path = ["handovers", index, "from"];
    if (!isValidDay(handover.from)) {
      return issue("INVALID_HANDOVER", `Date de remplacement invalide (${JSON.stringify(handover.from)}).`, path);
    }
    const n = monthOrdinal(handover.from);
    if (n < monthOrdinal(start) || n > monthOrdinal(end)) {
      return issue("INVALID_HANDOVER", `Remplacement au ${formatDay(handover.from)} en dehors de la mission (${formatMonth(start)} – ${formatMonth(end)}).`, path);
    }
    if (previous && dayOrdinal(handover.from) <= dayOrdinal(previous)) {
      return issue("INVALID_HANDOVER", `Les remplacements doivent être dans l'ordre des dates (${formatDay(handover.from)} après ${formatDay(previous)}).`, path);
    }
    if (!handover.to.trim()) return issue("INVALID_HANDOVER", `Remplaçant non renseigné pour le ${formatDay(handover.from)}.`, ["handovers", index, "to"]);
    previous = handover.from;
  }
  return null;
}

function dayOrdinal(day: CalendarDay): number {
  return monthOrdinal(day) * 31 + day.day;
}

function fail(code: ScheduleErrorCode, message: string, path: string[]): ScheduleResult {
  return { ok: false, error: issue(code, message, path) };
}
