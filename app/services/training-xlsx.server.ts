// XLSX exports of the trainings (ADR 012): one session's registrations and attendance, and every session of
// a school year of an académie (sheet "Sessions" with the figures, sheet "Inscriptions" with one row per
// registration). Typed cells: dates are Excel dates in Paris wall-clock time, counts are numbers. Written
// with exceljs' streaming writer straight into the HTTP response; registrations are read in batches of
// sessions, so memory and queries grow linearly with the export, never with its square.
import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { schoolYearBounds } from "../domain/school-year.ts";
import { parisWallClock } from "../domain/trainings/paris-time.ts";
import { SLOT_LABELS } from "../domain/trainings/slots.ts";
import { REGISTRATION_KIND_LABELS, REGISTRATION_STATUS_LABELS, TRAINING_KIND_LABELS, VENUE_MODE_LABELS } from "../domain/trainings/types.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { schoolCalendars, type SchoolCalendars } from "./school-calendar.server.ts";
import { canManage, SESSION_NOT_FOUND, TrainingError } from "./trainings.server.ts";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DATE_TIME = "dd/mm/yyyy hh:mm";
const SESSION_BATCH = 50;

/** An instant as the Excel date showing its Paris wall-clock time (Excel dates have no time zone). */
export function parisExcelDate(instant: Date): Date {
  const w = parisWallClock(instant);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}
const excelDate = (instant: Date | null) => (instant ? parisExcelDate(instant) : null);

type Column = { header: string; key: string; width: number; date?: boolean };

export const SESSION_COLUMNS: Column[] = [
  { header: "Formation", key: "title", width: 40 },
  { header: "Type", key: "kind", width: 30 },
  { header: "Début", key: "startsAt", width: 17, date: true },
  { header: "Fin", key: "endsAt", width: 17, date: true },
  { header: "Créneau", key: "slot", width: 26 },
  { header: "Modalité", key: "venueMode", width: 14 },
  { header: "Lieu ou lien", key: "venue", width: 40 },
  { header: "Zone et type convoqués", key: "zone", width: 26 },
  { header: "Places", key: "capacity", width: 9 },
  { header: "Inscrit·e·s", key: "registered", width: 11 },
  { header: "En attente", key: "waitlisted", width: 11 },
  { header: "Annulations", key: "cancelled", width: 12 },
  { header: "Présent·e·s", key: "present", width: 11 },
  { header: "Absent·e·s", key: "absent", width: 11 },
  { header: "Session annulée le", key: "cancelledAt", width: 17, date: true },
];

export const REGISTRATION_COLUMNS: Column[] = [
  { header: "Formation", key: "title", width: 40 },
  { header: "Début de la session", key: "startsAt", width: 17, date: true },
  { header: "Créneau", key: "slot", width: 26 },
  { header: "Nom", key: "lastName", width: 20 },
  { header: "Prénom", key: "firstName", width: 18 },
  { header: "Adresse électronique", key: "email", width: 32 },
  { header: "UAI", key: "uai", width: 10 },
  { header: "Établissement", key: "establishment", width: 36 },
  { header: "Modalité d'inscription", key: "kind", width: 24 },
  { header: "Statut", key: "status", width: 18 },
  { header: "Inscrit·e le", key: "createdAt", width: 17, date: true },
  { header: "Place obtenue le", key: "promotedAt", width: 17, date: true },
  { header: "Annulée le", key: "cancelledAt", width: 17, date: true },
  { header: "Présence", key: "attended", width: 11 },
];

function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]) {
  const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map(({ header, key, width }) => ({ header, key, width }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const dates = columns.filter((c) => c.date).map((c) => c.key);
  return {
    add(values: Record<string, unknown>) {
      const row = ws.addRow(values);
      for (const key of dates) row.getCell(key).numFmt = DATE_TIME;
      row.commit();
    },
    commit: () => ws.commit(),
  };
}

const sessionSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  venueMode: true,
  address: true,
  remoteUrl: true,
  capacity: true,
  zoneCode: true,
  establishmentType: true,
  cancelledAt: true,
  course: { select: { title: true, kind: true, academyId: true } },
} as const;
type SessionRow = { id: string; startsAt: Date; endsAt: Date; course: { title: string; kind: keyof typeof TRAINING_KIND_LABELS; academyId: string } };

const registrationSelect = {
  sessionId: true,
  kind: true,
  status: true,
  createdAt: true,
  promotedAt: true,
  cancelledAt: true,
  attended: true,
  user: { select: { firstName: true, lastName: true, email: true } },
  establishment: { select: { uai: true, name: true } },
} as const;

function groupBySession<T extends { sessionId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.sessionId);
    if (group) group.push(item);
    else groups.set(item.sessionId, [item]);
  }
  return groups;
}

/** The registration rows of a batch of sessions, in session order then queue order. */
async function writeRegistrations(rows: ReturnType<typeof sheet>, sessions: SessionRow[], calendars: SchoolCalendars) {
  for (let i = 0; i < sessions.length; i += SESSION_BATCH) {
    const batch = sessions.slice(i, i + SESSION_BATCH);
    const registrations = await db.trainingRegistration.findMany({
      where: { sessionId: { in: batch.map((s) => s.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: registrationSelect,
    });
    const bySession = groupBySession(registrations);
    for (const s of batch) {
      const slot = SLOT_LABELS[calendars.slot(s.course.academyId, s.startsAt, s.endsAt)];
      for (const r of bySession.get(s.id) ?? []) {
        rows.add({
          title: s.course.title,
          startsAt: excelDate(s.startsAt),
          slot,
          lastName: r.user.lastName,
          firstName: r.user.firstName,
          email: r.user.email,
          uai: r.establishment?.uai ?? null,
          establishment: r.establishment?.name ?? null,
          kind: REGISTRATION_KIND_LABELS[r.kind].split(" (")[0],
          status: REGISTRATION_STATUS_LABELS[r.status],
          createdAt: excelDate(r.createdAt),
          promotedAt: excelDate(r.promotedAt),
          cancelledAt: excelDate(r.cancelledAt),
          attended: r.attended === null ? null : r.attended ? "Présent·e" : "Absent·e",
        });
      }
    }
  }
}

/** Starts writing the workbook into a stream the route returns at once; a failure ends the stream with the error. */
function streamWorkbook(write: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Plateforme RUPN";
  write(workbook)
    .then(() => workbook.commit())
    .catch((error: unknown) => {
      console.error("Export XLSX :", error instanceof Error ? error.message : error);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  return out;
}

/** Registrations and attendance of one session (DANE of the académie only; others get a 404). */
export async function sessionXlsx(actor: Actor, sessionId: string): Promise<{ filename: string; stream: Readable }> {
  const session = await db.trainingSession.findUnique({ where: { id: sessionId }, select: sessionSelect });
  if (!session || !canManage(actor, session.course.academyId)) throw new TrainingError(404, SESSION_NOT_FOUND);
  const calendars = await schoolCalendars([session.course.academyId]);
  const date = session.startsAt.toISOString().slice(0, 10);
  return {
    filename: `inscriptions-${date}-${session.id}.xlsx`,
    stream: streamWorkbook(async (workbook) => {
      const rows = sheet(workbook, "Inscriptions", REGISTRATION_COLUMNS);
      await writeRegistrations(rows, [session], calendars);
      rows.commit();
    }),
  };
}

const slug = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Every session of the school year of an académie, with its registrations (DANE of that académie only). */
export async function academyXlsx(actor: Actor, academyId: string, schoolYearId: string): Promise<{ filename: string; stream: Readable }> {
  const academy = await db.academy.findUnique({ where: { id: academyId }, select: { id: true, name: true } });
  if (!academy || !canManage(actor, academy.id)) throw new TrainingError(404, "Cette académie n'existe pas ou vous n'y avez pas accès.");
  let bounds: { startsOn: Date; endsOn: Date };
  try {
    bounds = schoolYearBounds(schoolYearId);
  } catch (error) {
    throw new TrainingError(400, (error as Error).message);
  }
  const until = new Date(bounds.endsOn.getTime() + 24 * 3600_000);
  const sessions = await db.trainingSession.findMany({
    where: { course: { academyId }, startsAt: { gte: bounds.startsOn, lt: until } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: sessionSelect,
  });
  const counts = await db.trainingRegistration.groupBy({ by: ["sessionId", "status", "attended"], where: { sessionId: { in: sessions.map((s) => s.id) } }, _count: { _all: true } });
  const countsBySession = groupBySession(counts);
  const count = (sessionId: string, match: (c: (typeof counts)[number]) => boolean) =>
    (countsBySession.get(sessionId) ?? []).filter(match).reduce((n, c) => n + c._count._all, 0);
  const calendars = await schoolCalendars([academyId]);
  return {
    filename: `formations-${slug(academy.name)}-${schoolYearId}.xlsx`,
    stream: streamWorkbook(async (workbook) => {
      const summary = sheet(workbook, "Sessions", SESSION_COLUMNS);
      for (const s of sessions) {
        summary.add({
          title: s.course.title,
          kind: TRAINING_KIND_LABELS[s.course.kind],
          startsAt: excelDate(s.startsAt),
          endsAt: excelDate(s.endsAt),
          slot: SLOT_LABELS[calendars.slot(academyId, s.startsAt, s.endsAt)],
          venueMode: VENUE_MODE_LABELS[s.venueMode],
          venue: s.venueMode === "IN_PERSON" ? s.address : s.remoteUrl,
          zone: s.zoneCode ? `${s.zoneCode} · ${s.establishmentType ? ESTABLISHMENT_TYPE_LABELS[s.establishmentType] : ""}` : null,
          capacity: s.capacity,
          registered: count(s.id, (c) => c.status === "REGISTERED"),
          waitlisted: count(s.id, (c) => c.status === "WAITLISTED"),
          cancelled: count(s.id, (c) => c.status === "CANCELLED"),
          present: count(s.id, (c) => c.status === "REGISTERED" && c.attended === true),
          absent: count(s.id, (c) => c.status === "REGISTERED" && c.attended === false),
          cancelledAt: excelDate(s.cancelledAt),
        });
      }
      summary.commit();
      const rows = sheet(workbook, "Inscriptions", REGISTRATION_COLUMNS);
      await writeRegistrations(rows, sessions, calendars);
      rows.commit();
    }),
  };
}
