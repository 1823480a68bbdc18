// The DANE's view and corrections of its zone's school holidays (ADR 012). Scoped by zone: a DANE sees and
// edits the zones of its académies (an administrator every zone); a period of another zone answers 404.
// Every change runs in one transaction that serialises the zone and year (advisory lock: the "no overlap"
// rule reads the other periods), checks the optimistic version, and writes an audit event with the before/after.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { HOLIDAY_ZONES, holidayPeriodErrors, type HolidayPeriod, type HolidayZone } from "../domain/trainings/school-holidays.ts";
import { audit } from "./audit.server.ts";
import { isoDay } from "./school-calendar.server.ts";
import { TrainingError } from "./trainings.server.ts";

type Tx = Prisma.TransactionClient;

export const HOLIDAY_NOT_FOUND = "Cette période n'existe pas ou vous n'y avez pas accès.";

/** Zones whose holidays the actor sees (DANE, rectorat, administrator) and edits (DANE, administrator). */
export async function holidayZones(actor: Actor): Promise<{ visible: HolidayZone[]; editable: HolidayZone[]; academies: { name: string; zone: HolidayZone | null }[] }> {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return { visible: [...HOLIDAY_ZONES], editable: [...HOLIDAY_ZONES], academies: [] };
  const academyIds = (roles: string[]) => [...new Set(grants.filter((g) => roles.includes(g.role)).map((g) => g.academyId))];
  const academies = await db.academy.findMany({ where: { id: { in: academyIds(["DANE", "RECTORAT"]) } }, select: { id: true, name: true, zone: true }, orderBy: { name: "asc" } });
  const daneAcademies = new Set(academyIds(["DANE"]));
  const zones = (list: typeof academies) => HOLIDAY_ZONES.filter((z) => list.some((a) => a.zone === z));
  return {
    visible: zones(academies),
    editable: zones(academies.filter((a) => daneAcademies.has(a.id))),
    academies: academies.map((a) => ({ name: a.name, zone: a.zone })),
  };
}

const toPeriod = (r: { id: string; zone: HolidayZone; schoolYearId: string; label: string; firstDay: Date; lastDay: Date }): HolidayPeriod => ({
  id: r.id,
  zone: r.zone,
  schoolYearId: r.schoolYearId,
  label: r.label,
  firstDay: isoDay(r.firstDay),
  lastDay: isoDay(r.lastDay),
});

/** The periods of the visible zones, by zone then school year, in calendar order. */
export async function listHolidays(actor: Actor) {
  const zones = await holidayZones(actor);
  const rows = await db.schoolHoliday.findMany({
    where: { zone: { in: zones.visible } },
    orderBy: [{ zone: "asc" }, { schoolYearId: "asc" }, { firstDay: "asc" }],
  });
  const schoolYears = (await db.schoolYear.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((y) => y.id);
  return {
    ...zones,
    schoolYears,
    zones: zones.visible.map((zone) => {
      const own = rows.filter((r) => r.zone === zone);
      const years = [...new Set(own.map((r) => r.schoolYearId))];
      return {
        zone,
        editable: zones.editable.includes(zone),
        years: years.map((schoolYearId) => ({
          schoolYearId,
          periods: own.filter((r) => r.schoolYearId === schoolYearId).map((r) => ({ ...toPeriod(r), source: r.source, version: r.version })),
        })),
      };
    }),
  };
}

export type HolidayInput = { label: string; firstDay: string; lastDay: string };

async function lockZoneYear(tx: Tx, zone: HolidayZone, schoolYearId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`school-holidays:${zone}:${schoolYearId}`}))`;
  return (await tx.schoolHoliday.findMany({ where: { zone, schoolYearId } })).map(toPeriod);
}

function refuseInvalid(period: HolidayPeriod, others: HolidayPeriod[]) {
  const errors = holidayPeriodErrors(period, others);
  if (errors.length) throw new TrainingError(422, errors.join(" "));
}

const sourceOf = (actor: Actor) => `Modifié par ${actor.firstName} ${actor.lastName} (DANE)`;
const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);

async function editableRow(actor: Actor, id: string) {
  const { editable } = await holidayZones(actor);
  const row = await db.schoolHoliday.findFirst({ where: { id, zone: { in: editable } } });
  if (!row) throw new TrainingError(404, HOLIDAY_NOT_FOUND);
  return row;
}

/** Corrects a period (label, dates); `version` is the one the form showed. */
export async function updateHoliday(actor: Actor, id: string, input: HolidayInput & { version: number }, ip: string | null = null) {
  const row = await editableRow(actor, id);
  return db.$transaction(async (tx) => {
    const periods = await lockZoneYear(tx, row.zone, row.schoolYearId);
    const current = await tx.schoolHoliday.findUniqueOrThrow({ where: { id } });
    if (current.version !== input.version) {
      throw new TrainingError(409, "Cette période a été modifiée par quelqu'un d'autre depuis l'ouverture du formulaire : rechargez la page pour voir ses nouvelles dates.");
    }
    const next: HolidayPeriod = { id, zone: row.zone, schoolYearId: row.schoolYearId, label: input.label.trim(), firstDay: input.firstDay, lastDay: input.lastDay };
    refuseInvalid(next, periods);
    const updated = await tx.schoolHoliday.update({
      where: { id },
      data: { label: next.label, firstDay: dateOf(next.firstDay), lastDay: dateOf(next.lastDay), source: sourceOf(actor), version: { increment: 1 }, updatedById: actor.userId },
    });
    const before = toPeriod(current);
    await audit(tx, {
      actorId: actor.userId,
      action: "school-holiday.update",
      entityType: "SchoolHoliday",
      entityId: id,
      summary: { zone: row.zone, schoolYearId: row.schoolYearId, before: { label: before.label, firstDay: before.firstDay, lastDay: before.lastDay }, after: { label: next.label, firstDay: next.firstDay, lastDay: next.lastDay } },
      ip,
    });
    return updated;
  });
}

/** Adds a period to a zone (a local derogation, an extra bridge day…). */
export async function createHoliday(actor: Actor, zone: HolidayZone, schoolYearId: string, input: HolidayInput, ip: string | null = null) {
  const { editable } = await holidayZones(actor);
  if (!editable.includes(zone)) throw new TrainingError(404, "Cette zone n'existe pas ou vous n'y avez pas accès.");
  if (!(await db.schoolYear.findUnique({ where: { id: schoolYearId } }))) throw new TrainingError(422, `Année scolaire : « ${schoolYearId} » n'est pas une année connue de la plateforme.`);
  return db.$transaction(async (tx) => {
    const periods = await lockZoneYear(tx, zone, schoolYearId);
    const next: HolidayPeriod = { zone, schoolYearId, label: input.label.trim(), firstDay: input.firstDay, lastDay: input.lastDay };
    refuseInvalid(next, periods);
    const created = await tx.schoolHoliday.create({
      data: { zone, schoolYearId, label: next.label, firstDay: dateOf(next.firstDay), lastDay: dateOf(next.lastDay), source: sourceOf(actor), updatedById: actor.userId },
    });
    await audit(tx, { actorId: actor.userId, action: "school-holiday.create", entityType: "SchoolHoliday", entityId: created.id, summary: { zone, schoolYearId, label: next.label, firstDay: next.firstDay, lastDay: next.lastDay }, ip });
    return created;
  });
}

/** Removes a period (a wrong entry); the version guards against deleting a period someone just corrected. */
export async function deleteHoliday(actor: Actor, id: string, version: number, ip: string | null = null) {
  const row = await editableRow(actor, id);
  await db.$transaction(async (tx) => {
    await lockZoneYear(tx, row.zone, row.schoolYearId);
    const deleted = await tx.schoolHoliday.deleteMany({ where: { id, version } });
    if (deleted.count === 0) throw new TrainingError(409, "Cette période a été modifiée par quelqu'un d'autre depuis l'ouverture du formulaire : rechargez la page.");
    const before = toPeriod(row);
    await audit(tx, { actorId: actor.userId, action: "school-holiday.delete", entityType: "SchoolHoliday", entityId: id, summary: { zone: row.zone, schoolYearId: row.schoolYearId, label: before.label, firstDay: before.firstDay, lastDay: before.lastDay }, ip });
  });
}
