// Europe/Paris wall-clock time without a date library. Instants are stored in UTC; class hours,
// deadlines and documents speak Paris time, which is UTC+1 in winter and UTC+2 in summer (EU rule:
// switch on the last Sunday of March and of October at 01:00 UTC). Intl carries the tz database.

export const PARIS_TIME_ZONE = "Europe/Paris";

export interface WallClock {
  year: number;
  /** 1 = January. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatter = new Intl.DateTimeFormat("en-US", {
  timeZone: PARIS_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const MINUTE = 60_000;
const DAY = 86_400_000;

export function parisWallClock(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** Minutes to add to UTC to get Paris time at that instant: 60 (CET) or 120 (CEST). */
export function parisOffsetMinutes(instant: Date): number {
  const w = parisWallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / MINUTE);
}

/**
 * The instant at which Paris clocks show `date` (YYYY-MM-DD) `time` (HH:MM, "24:00" allowed).
 * Like Temporal's "compatible" disambiguation: a time skipped in March (02:30) is pushed forward by
 * the gap (03:30 CEST); a time seen twice in October (02:30) resolves to the first one (CEST).
 */
export function parisWallClockToUtc(date: string, time: string): Date {
  const d = parseIsoDate(date);
  const t = parseTimeOfDay(time);
  const local = Date.UTC(d.year, d.month - 1, d.day) + t * MINUTE;
  const before = parisOffsetMinutes(new Date(local - DAY));
  const after = parisOffsetMinutes(new Date(local + DAY));
  const candidates = [before, after]
    .map((offset) => local - offset * MINUTE)
    .filter((utc) => utc + parisOffsetMinutes(new Date(utc)) * MINUTE === local)
    .sort((a, b) => a - b);
  return new Date(candidates.length > 0 ? candidates[0] : local - before * MINUTE);
}

/** The Paris calendar date of an instant, as YYYY-MM-DD. */
export function parisDate(instant: Date): string {
  const w = parisWallClock(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = parseIsoDate(date);
  const day = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const d = parseIsoDate(date);
  return new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY).toISOString().slice(0, 10);
}

const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/** "13/01/2026" */
export function formatParisDate(instant: Date): string {
  const w = parisWallClock(instant);
  return `${pad(w.day)}/${pad(w.month)}/${w.year}`;
}

/** "mardi 13 janvier 2026" (1er for the first day of the month, as French usage wants). */
export function formatParisLongDate(instant: Date): string {
  const w = parisWallClock(instant);
  const weekday = WEEKDAYS[isoWeekday(parisDate(instant)) - 1];
  return `${weekday} ${w.day === 1 ? "1er" : w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** "14 h 05" */
export function formatParisTime(instant: Date): string {
  const w = parisWallClock(instant);
  return `${w.hour} h ${pad(w.minute)}`;
}

/** "13/01/2026 à 14 h 05" */
export function formatParisDateTime(instant: Date): string {
  return `${formatParisDate(instant)} à ${formatParisTime(instant)}`;
}

export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!parsed || new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)).toISOString().slice(0, 10) !== date) {
    throw new Error(`Date invalide : « ${date} » (attendu : AAAA-MM-JJ).`);
  }
  return parsed;
}

/** Minutes since midnight of "HH:MM"; "24:00" is the end of the day. */
export function parseTimeOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new Error(`Heure invalide : « ${time} » (attendu : HH:MM).`);
  }
  return minutes;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** "le mardi 13 janvier 2026 de 14 h 00 à 16 h 00", or "du 12/01/2026 à 9 h 00 au 13/01/2026 à 17 h 00". */
export function formatParisSpan(startsAt: Date, endsAt: Date): string {
  if (parisDate(startsAt) === parisDate(endsAt)) {
    return `le ${formatParisLongDate(startsAt)} de ${formatParisTime(startsAt)} à ${formatParisTime(endsAt)}`;
  }
  return `du ${formatParisDateTime(startsAt)} au ${formatParisDateTime(endsAt)}`;
}
