// School holidays (vacances scolaires) as data (ADR 012). The ministry splits metropolitan académies into
// three zones (A, B, C) whose winter and spring holidays are staggered; Corse and the académies d'outre-mer
// set their own calendars. A holiday period is stored as the Paris calendar days without classes, both
// inclusive: the official "du samedi 14 février au lundi 2 mars" (departure after the last class on
// Saturday, classes resume on Monday morning) is 14 February → 1 March.
// Pure rules: validation of a period, the periods a session touches, the académie → zone table.
import { schoolYearBounds } from "../school-year.ts";
import type { ClosedPeriod } from "./holidays.ts";
import { addDays, parisDate, parseIsoDate } from "./paris-time.ts";

export const HOLIDAY_ZONES = ["A", "B", "C"] as const;
export type HolidayZone = (typeof HOLIDAY_ZONES)[number];

/**
 * Zone of each académie of metropolitan France, by its Annuaire code (Code_academie), as fixed by the
 * arrêtés of the calendrier scolaire since 2016 (Caen and Rouen merged into Normandie, code 70, in 2020).
 * Corse (27) and outre-mer are absent on purpose: they follow their own calendar.
 */
export const ACADEMY_ZONES: Readonly<Record<string, { name: string; zone: HolidayZone }>> = {
  "03": { name: "Besançon", zone: "A" },
  "04": { name: "Bordeaux", zone: "A" },
  "06": { name: "Clermont-Ferrand", zone: "A" },
  "07": { name: "Dijon", zone: "A" },
  "08": { name: "Grenoble", zone: "A" },
  "10": { name: "Lyon", zone: "A" },
  "13": { name: "Poitiers", zone: "A" },
  "22": { name: "Limoges", zone: "A" },
  "02": { name: "Aix-Marseille", zone: "B" },
  "05": { name: "Caen", zone: "B" },
  "09": { name: "Lille", zone: "B" },
  "12": { name: "Nancy-Metz", zone: "B" },
  "14": { name: "Rennes", zone: "B" },
  "15": { name: "Strasbourg", zone: "B" },
  "17": { name: "Nantes", zone: "B" },
  "18": { name: "Orléans-Tours", zone: "B" },
  "19": { name: "Reims", zone: "B" },
  "20": { name: "Amiens", zone: "B" },
  "21": { name: "Rouen", zone: "B" },
  "23": { name: "Nice", zone: "B" },
  "70": { name: "Normandie", zone: "B" },
  "01": { name: "Paris", zone: "C" },
  "11": { name: "Montpellier", zone: "C" },
  "16": { name: "Toulouse", zone: "C" },
  "24": { name: "Créteil", zone: "C" },
  "25": { name: "Versailles", zone: "C" },
};

export function zoneOfAcademyCode(code: string): HolidayZone | null {
  return ACADEMY_ZONES[code]?.zone ?? null;
}

/** A holiday period as the domain sees it: dates are YYYY-MM-DD (Paris calendar days, inclusive). */
export interface HolidayPeriod {
  id?: string;
  zone: HolidayZone;
  schoolYearId: string;
  label: string;
  firstDay: string;
  lastDay: string;
}

export const HOLIDAY_LABEL_MAX = 100;

/**
 * French messages naming the field for every rule a period breaks (empty when valid): a label, real
 * dates in order, inside the school year (1 September – 31 August), and no overlap with another period
 * of the same zone and year (two periods covering the same day would make the calendar ambiguous).
 */
export function holidayPeriodErrors(period: HolidayPeriod, others: readonly HolidayPeriod[]): string[] {
  const errors: string[] = [];
  const label = period.label.trim();
  if (label.length < 3) errors.push("Intitulé : 3 caractères au moins (par exemple « Vacances d'hiver »).");
  if (label.length > HOLIDAY_LABEL_MAX) errors.push(`Intitulé : ${HOLIDAY_LABEL_MAX} caractères au plus.`);
  const valid = (date: string, field: string) => {
    try {
      parseIsoDate(date);
      return true;
    } catch {
      errors.push(`${field} : date invalide.`);
      return false;
    }
  };
  const datesValid = [valid(period.firstDay, "Premier jour sans classe"), valid(period.lastDay, "Dernier jour sans classe")].every(Boolean);
  if (!datesValid) return errors;
  if (period.lastDay < period.firstDay) {
    errors.push("Dernier jour sans classe : il doit suivre le premier jour (ou être le même).");
    return errors;
  }
  const bounds = schoolYearBounds(period.schoolYearId);
  const yearStart = bounds.startsOn.toISOString().slice(0, 10);
  const yearEnd = bounds.endsOn.toISOString().slice(0, 10);
  if (period.firstDay < yearStart || period.lastDay > yearEnd) {
    errors.push(`Dates : une période de l'année scolaire ${period.schoolYearId} se situe entre le ${frenchDate(yearStart)} et le ${frenchDate(yearEnd)}.`);
  }
  const clash = others.find(
    (o) => o.id !== period.id && o.zone === period.zone && o.schoolYearId === period.schoolYearId && o.firstDay <= period.lastDay && period.firstDay <= o.lastDay,
  );
  if (clash) {
    errors.push(`Dates : la période chevauche « ${clash.label} » (du ${frenchDate(clash.firstDay)} au ${frenchDate(clash.lastDay)}).`);
  }
  const duplicate = others.find((o) => o.id !== period.id && o.zone === period.zone && o.schoolYearId === period.schoolYearId && o.label.trim() === label);
  if (duplicate) errors.push(`Intitulé : la zone ${period.zone} a déjà une période « ${label} » cette année-là.`);
  return errors;
}

/** Holiday periods as closed days for the class-hours calendar (slots.ts). */
export function asClosedPeriods(periods: readonly Pick<HolidayPeriod, "label" | "firstDay" | "lastDay">[]): ClosedPeriod[] {
  return periods.map((p) => ({ from: p.firstDay, to: p.lastDay, label: p.label }));
}

/** The periods a session [startsAt, endsAt) touches on at least one Paris calendar day. */
export function holidaysTouching<P extends Pick<HolidayPeriod, "firstDay" | "lastDay">>(startsAt: Date, endsAt: Date, periods: readonly P[]): P[] {
  const first = parisDate(startsAt);
  const last = parisDate(new Date(Math.max(startsAt.getTime(), endsAt.getTime() - 1)));
  return periods.filter((p) => p.firstDay <= last && first <= p.lastDay);
}

/** The morning classes resume: the day after the last day without classes. */
export function resumptionDay(period: Pick<HolidayPeriod, "lastDay">): string {
  return addDays(period.lastDay, 1);
}

/** "14/02/2026" from "2026-02-14". */
export function frenchDate(date: string): string {
  const { year, month, day } = parseIsoDate(date);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}
