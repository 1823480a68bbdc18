// French public holidays (jours fériés, metropolitan France), computed: they are law, not académie data.
// School holidays (vacances scolaires, by zone, plus the "pont de l'Ascension") are published each year
// and are passed in as data (ClosedPeriod[]), not computed here.
import { schoolYearBounds } from "../school-year.ts";
import { addDays } from "./paris-time.ts";

/** Inclusive range of Paris calendar dates (YYYY-MM-DD) without classes. */
export interface ClosedPeriod {
  from: string;
  to: string;
  label: string;
}

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The eleven public holidays of a calendar year. Lundi de Pentecôte is included: schools do not open
 * on it (the journée de solidarité is organised otherwise in the Éducation nationale). Alsace-Moselle's
 * two extra days are not: an académie there adds them as closed periods.
 */
export function frenchPublicHolidays(year: number): ClosedPeriod[] {
  const easter = easterSunday(year);
  const day = (date: string, label: string): ClosedPeriod => ({ from: date, to: date, label });
  return [
    day(`${year}-01-01`, "Jour de l'an"),
    day(addDays(easter, 1), "Lundi de Pâques"),
    day(`${year}-05-01`, "Fête du Travail"),
    day(`${year}-05-08`, "Victoire 1945"),
    day(addDays(easter, 39), "Ascension"),
    day(addDays(easter, 50), "Lundi de Pentecôte"),
    day(`${year}-07-14`, "Fête nationale"),
    day(`${year}-08-15`, "Assomption"),
    day(`${year}-11-01`, "Toussaint"),
    day(`${year}-11-11`, "Armistice 1918"),
    day(`${year}-12-25`, "Noël"),
  ].sort((x, y) => x.from.localeCompare(y.from));
}

/** Public holidays of both calendar years of a school year ("2025-2026"). */
export function publicHolidaysOfSchoolYear(schoolYearId: string): ClosedPeriod[] {
  const start = schoolYearBounds(schoolYearId).startsOn.getUTCFullYear();
  return [...frenchPublicHolidays(start), ...frenchPublicHolidays(start + 1)];
}
