// Slot of a session: "pendant le temps de classe" or "hors temps de classe" (seed 001: each virtual
// class theme is offered on at least two slots, one during class hours, one outside).
//
// Class hours are data (ClassHoursCalendar), in Europe/Paris wall-clock time. The standard week:
//   Monday, Tuesday, Thursday, Friday 08:00–17:30; Wednesday 08:00–12:00 (no classes on Wednesday
//   afternoon in most collèges and lycées); Saturday and Sunday: none;
//   plus closed periods (school holidays of the académie's zone, public holidays) without classes.
// 08:00–17:30 covers the usual first and last lessons of French secondary schools; an académie whose
// timetables differ passes its own calendar.
//
// Boundary rule: a session is "pendant le temps de classe" as soon as it overlaps class hours by at
// least one minute, because a teacher with a lesson at that time would have to be replaced or released.
// It is "hors temps de classe" only when it lies entirely outside them. Intervals are half-open, so a
// session from 17:30 to 19:00, or on Wednesday from 12:00, is outside.
import { type ClosedPeriod } from "./holidays.ts";
import { addDays, isoWeekday, parisDate, parisWallClockToUtc, parseIsoDate, parseTimeOfDay } from "./paris-time.ts";
import { assertValidInterval, type TrainingKind } from "./types.ts";

export type SessionSlot = "DURING_CLASS_HOURS" | "OUTSIDE_CLASS_HOURS";

export const SLOT_LABELS: Record<SessionSlot, string> = {
  DURING_CLASS_HOURS: "Pendant le temps de classe",
  OUTSIDE_CLASS_HOURS: "Hors temps de classe",
};

/** A span of Paris wall-clock time within a day, "HH:MM" to "HH:MM" (end exclusive, "24:00" allowed). */
export interface TimeRange {
  start: string;
  end: string;
}

/** 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ClassHoursCalendar {
  weekly: Readonly<Record<IsoWeekday, readonly TimeRange[]>>;
  closedPeriods: readonly ClosedPeriod[];
}

export const STANDARD_CLASS_WEEK: ClassHoursCalendar["weekly"] = {
  1: [{ start: "08:00", end: "17:30" }],
  2: [{ start: "08:00", end: "17:30" }],
  3: [{ start: "08:00", end: "12:00" }],
  4: [{ start: "08:00", end: "17:30" }],
  5: [{ start: "08:00", end: "17:30" }],
  6: [],
  7: [],
};

/** The standard week with the académie's closed periods (school and public holidays). */
export function classHoursCalendar(closedPeriods: readonly ClosedPeriod[] = []): ClassHoursCalendar {
  for (const period of closedPeriods) {
    parseIsoDate(period.from);
    parseIsoDate(period.to);
    if (period.to < period.from) {
      throw new Error(`Période « ${period.label} » invalide : elle se termine avant de commencer.`);
    }
  }
  return { weekly: STANDARD_CLASS_WEEK, closedPeriods };
}

export function isClosedDay(date: string, calendar: ClassHoursCalendar): boolean {
  return calendar.closedPeriods.some((p) => p.from <= date && date <= p.to);
}

/** Minutes of the session [startsAt, endsAt) that fall within class hours. DST-safe: each day's
 * ranges are turned into instants with that day's offset. */
export function classHoursOverlapMinutes(startsAt: Date, endsAt: Date, calendar: ClassHoursCalendar): number {
  assertValidInterval(startsAt, endsAt);
  const start = startsAt.getTime();
  const end = endsAt.getTime();
  const lastDay = parisDate(new Date(end - 1));
  let overlap = 0;
  for (let day = parisDate(startsAt); day <= lastDay; day = addDays(day, 1)) {
    if (isClosedDay(day, calendar)) continue;
    for (const range of calendar.weekly[isoWeekday(day) as IsoWeekday]) {
      if (parseTimeOfDay(range.end) <= parseTimeOfDay(range.start)) {
        throw new Error(`Plage horaire invalide : ${range.start}–${range.end}.`);
      }
      const from = parisWallClockToUtc(day, range.start).getTime();
      const to = parisWallClockToUtc(day, range.end).getTime();
      overlap += Math.max(0, Math.min(to, end) - Math.max(from, start));
    }
  }
  return Math.floor(overlap / 60_000);
}

export function sessionSlot(
  startsAt: Date,
  endsAt: Date,
  calendar: ClassHoursCalendar = classHoursCalendar(),
): SessionSlot {
  return classHoursOverlapMinutes(startsAt, endsAt, calendar) > 0 ? "DURING_CLASS_HOURS" : "OUTSIDE_CLASS_HOURS";
}

/**
 * For the catalogue: the slots a virtual class theme still lacks (seed 001: at least one during and
 * one outside class hours). Other kinds of training have no such requirement.
 */
export function missingSlots(
  trainingKind: TrainingKind,
  sessions: readonly { startsAt: Date; endsAt: Date; cancelled?: boolean }[],
  calendar: ClassHoursCalendar = classHoursCalendar(),
): { slot: SessionSlot; message: string }[] {
  if (trainingKind !== "VIRTUAL_CLASS") return [];
  const offered = new Set(
    sessions.filter((s) => !s.cancelled).map((s) => sessionSlot(s.startsAt, s.endsAt, calendar)),
  );
  return (["DURING_CLASS_HOURS", "OUTSIDE_CLASS_HOURS"] as const)
    .filter((slot) => !offered.has(slot))
    .map((slot) => ({
      slot,
      message: `Ajoutez une session ${SLOT_LABELS[slot].toLowerCase()} : chaque classe virtuelle est proposée sur deux créneaux, l'un pendant, l'autre hors du temps de classe.`,
    }));
}
