// Class-hours calendars of académies (ADR 012): the standard week, minus the public holidays (computed)
// and the school holidays of the académie's zone (SchoolHoliday rows). One query per call, whatever the
// number of sessions: load the calendars of the académies involved, then ask each session's slot.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { frenchPublicHolidays, type ClosedPeriod } from "../domain/trainings/holidays.ts";
import { parisWallClock } from "../domain/trainings/paris-time.ts";
import { ACADEMY_ZONES, HOLIDAY_ZONES, asClosedPeriods, holidaysTouching, frenchDate, type HolidayZone } from "../domain/trainings/school-holidays.ts";
import { classHoursCalendar, sessionSlot, type ClassHoursCalendar, type SessionSlot } from "../domain/trainings/slots.ts";

type Client = typeof db | Prisma.TransactionClient;

export type HolidayRow = { id: string; zone: HolidayZone; schoolYearId: string; label: string; firstDay: string; lastDay: string };

/** A stored @db.Date (UTC midnight) as YYYY-MM-DD. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

const publicHolidaysByYear = new Map<number, ClosedPeriod[]>();
function publicHolidays(year: number): ClosedPeriod[] {
  let periods = publicHolidaysByYear.get(year);
  if (!periods) publicHolidaysByYear.set(year, (periods = frenchPublicHolidays(year)));
  return periods;
}

/** Paris calendar years an instant range covers. */
function yearsOf(instants: Date[]): number[] {
  const years = instants.map((d) => parisWallClock(d).year);
  const out: number[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push(y);
  return out;
}

export type SchoolCalendars = {
  zoneOf(academyId: string): HolidayZone | null;
  /** School holiday periods of the académie's zone (none for an académie without zone). */
  holidaysOf(academyId: string): HolidayRow[];
  /** The calendar for sessions within the given instants (public holidays of the years they cover). */
  calendarFor(academyId: string, instants: Date[]): ClassHoursCalendar;
  slot(academyId: string, startsAt: Date, endsAt: Date): SessionSlot;
  /** French warnings when a session falls on school holidays or a public holiday (empty otherwise). */
  closedDayWarnings(academyId: string, startsAt: Date, endsAt: Date): string[];
};

export async function schoolCalendars(academyIds: string[], client: Client = db): Promise<SchoolCalendars> {
  const ids = [...new Set(academyIds)];
  const academies = ids.length ? await client.academy.findMany({ where: { id: { in: ids } }, select: { id: true, zone: true } }) : [];
  const zoneById = new Map(academies.map((a) => [a.id, a.zone as HolidayZone | null]));
  const zones = [...new Set(academies.map((a) => a.zone).filter((z): z is HolidayZone => Boolean(z)))];
  const rows = zones.length
    ? await client.schoolHoliday.findMany({ where: { zone: { in: zones } }, orderBy: { firstDay: "asc" } })
    : [];
  const byZone = new Map<HolidayZone, HolidayRow[]>();
  for (const r of rows) {
    const row: HolidayRow = { id: r.id, zone: r.zone, schoolYearId: r.schoolYearId, label: r.label, firstDay: isoDay(r.firstDay), lastDay: isoDay(r.lastDay) };
    byZone.set(r.zone, [...(byZone.get(r.zone) ?? []), row]);
  }
  const zoneOf = (academyId: string) => zoneById.get(academyId) ?? null;
  const holidaysOf = (academyId: string) => {
    const zone = zoneOf(academyId);
    return zone ? (byZone.get(zone) ?? []) : [];
  };
  const calendars = new Map<string, ClassHoursCalendar>();
  const calendarFor = (academyId: string, instants: Date[]) => {
    const years = yearsOf(instants);
    const key = `${academyId}:${years.join(",")}`;
    let calendar = calendars.get(key);
    if (!calendar) {
      const zone = zoneOf(academyId);
      const school = holidaysOf(academyId).map((h) => ({ ...h, label: `${h.label} (zone ${zone})` }));
      calendar = classHoursCalendar([...years.flatMap(publicHolidays), ...asClosedPeriods(school)]);
      calendars.set(key, calendar);
    }
    return calendar;
  };
  return {
    zoneOf,
    holidaysOf,
    calendarFor,
    slot: (academyId, startsAt, endsAt) => sessionSlot(startsAt, endsAt, calendarFor(academyId, [startsAt, endsAt])),
    closedDayWarnings(academyId, startsAt, endsAt) {
      const zone = zoneOf(academyId);
      const school = holidaysTouching(startsAt, endsAt, holidaysOf(academyId)).map(
        (h) =>
          `Cette session tombe sur une période sans classe de la zone ${zone} : « ${h.label} », du ${frenchDate(h.firstDay)} au ${frenchDate(h.lastDay)}. Elle compte hors temps de classe, et les référents peuvent être en congés.`,
      );
      const days = holidaysTouching(
        startsAt,
        endsAt,
        yearsOf([startsAt, endsAt]).flatMap(publicHolidays).map((p) => ({ ...p, firstDay: p.from, lastDay: p.to })),
      ).map((p) => `Cette session a lieu un jour férié (${p.label}, ${frenchDate(p.firstDay)}).`);
      return [...school, ...days];
    },
  };
}

/** Gives a zone to the académies that have none, from their Annuaire code (ACADEMY_ZONES); returns how many. */
export async function assignAcademyZones(client: Client = db): Promise<number> {
  let assigned = 0;
  for (const zone of HOLIDAY_ZONES) {
    const codes = Object.entries(ACADEMY_ZONES).filter(([, a]) => a.zone === zone).map(([code]) => code);
    assigned += (await client.academy.updateMany({ where: { code: { in: codes }, zone: null }, data: { zone } })).count;
  }
  return assigned;
}
