// Months and days of a school year as plain values ({ year, month }, month 1–12): payments are monthly and a
// handover has a calendar day, and neither must shift with a time zone the way a JavaScript Date would.
import { schoolYearBounds } from "../school-year.ts";

export interface YearMonth {
  year: number;
  /** 1 = January … 12 = December */
  month: number;
}

export interface CalendarDay extends YearMonth {
  day: number;
}

const MONTH_NAMES = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/** "2025-2026" → 2025 (throws a French error for a malformed id). */
export function schoolYearStartYear(schoolYear: string): number {
  return schoolYearBounds(schoolYear).startsOn.getUTCFullYear();
}

/** The school-year month of a calendar month number: September 2025 and June 2026 for "2025-2026". */
export function schoolYearMonth(schoolYear: string, month: number): YearMonth {
  const start = schoolYearStartYear(schoolYear);
  return { year: month >= 9 ? start : start + 1, month };
}

/** Months since year 0, for comparisons and arithmetic. */
export function monthOrdinal({ year, month }: YearMonth): number {
  return year * 12 + (month - 1);
}

export function fromOrdinal(ordinal: number): YearMonth {
  return { year: Math.floor(ordinal / 12), month: (ordinal % 12) + 1 };
}

export function addMonths(value: YearMonth, count: number): YearMonth {
  return fromOrdinal(monthOrdinal(value) + count);
}

/** Months from `first` to `last`, both included. */
export function monthsBetween(first: YearMonth, last: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let n = monthOrdinal(first); n <= monthOrdinal(last); n++) months.push(fromOrdinal(n));
  return months;
}

/** True when the month is within the school year (September → August). */
export function isInSchoolYear(value: YearMonth, schoolYear: string): boolean {
  const n = monthOrdinal(value);
  return n >= monthOrdinal(schoolYearMonth(schoolYear, 9)) && n <= monthOrdinal(schoolYearMonth(schoolYear, 8));
}

export function isValidMonth(value: YearMonth): boolean {
  return Number.isInteger(value.year) && Number.isInteger(value.month) && value.month >= 1 && value.month <= 12;
}

export function isValidDay(value: CalendarDay): boolean {
  if (!isValidMonth(value) || !Number.isInteger(value.day) || value.day < 1) return false;
  return value.day <= new Date(Date.UTC(value.year, value.month, 0)).getUTCDate();
}

/** "janvier 2026" */
export function formatMonth({ year, month }: YearMonth): string {
  return `${MONTH_NAMES[month - 1]} ${year}`;
}

/** "15 janvier 2026" ("1er" for the first day) */
export function formatDay(value: CalendarDay): string {
  return `${value.day === 1 ? "1er" : value.day} ${formatMonth(value)}`;
}
