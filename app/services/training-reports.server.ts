// Reports on trainings: CSV export of a session's registrations and attendance, per-person history,
// the DANE's dashboard panel (fill rates, newcomers). All scoped like the rest of the trainings.
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { formatParisDateTime } from "../domain/trainings/paris-time.ts";
import { REGISTRATION_KIND_LABELS, REGISTRATION_STATUS_LABELS, TRAINING_KIND_LABELS } from "../domain/trainings/types.ts";
import { SLOT_LABELS } from "../domain/trainings/slots.ts";
import { canManage, getSession, managedTrainingAcademies, registrationScope, TrainingError } from "./trainings.server.ts";
import { schoolCalendars } from "./school-calendar.server.ts";

/** CSV field for French spreadsheets (";" separator); formula-looking text is neutralised. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvLine = (fields: unknown[]) => fields.map(csvField).join(";") + "\r\n";

export const SESSION_CSV_HEADER = ["Nom", "Prénom", "Adresse électronique", "UAI", "Établissement", "Modalité", "Statut", "Inscrit·e le", "Présence"];

/** Registrations and attendance of one session (DANE of the académie only), UTF-8 with BOM for Excel. */
export async function sessionCsv(actor: Actor, sessionId: string): Promise<{ filename: string; body: string }> {
  const session = await getSession(actor, sessionId);
  if (!canManage(actor, session.course.academyId)) throw new TrainingError(404, "Cette session n'existe pas ou vous n'y avez pas accès.");
  const rows = await db.trainingRegistration.findMany({
    where: { sessionId },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      kind: true, status: true, createdAt: true, attended: true,
      user: { select: { firstName: true, lastName: true, email: true } },
      establishment: { select: { uai: true, name: true } },
    },
  });
  const lines = rows.map((r) =>
    csvLine([
      r.user.lastName, r.user.firstName, r.user.email, r.establishment?.uai, r.establishment?.name,
      REGISTRATION_KIND_LABELS[r.kind].split(" (")[0], REGISTRATION_STATUS_LABELS[r.status], formatParisDateTime(r.createdAt),
      r.attended === null ? "" : r.attended ? "Présent·e" : "Absent·e",
    ]),
  );
  const date = session.startsAt.toISOString().slice(0, 10);
  return { filename: `inscriptions-${date}-${session.id}.csv`, body: "\uFEFF" + csvLine(SESSION_CSV_HEADER) + lines.join("") };
}

/** A person's training history, if the actor may see the person (self, their DANE, their chef). */
export async function personHistory(actor: Actor, userId: string) {
  const grants = activeGrants(actor, currentSchoolYearId());
  const wide = grants.some((g) => g.role === "ADMIN");
  const person = await db.user.findFirst({
    // Another person: only their DANE (académie) or their chef (establishment), not a fellow RUPN.
    where: wide || userId === actor.userId
      ? { id: userId }
      : {
          id: userId,
          roles: {
            some: {
              OR: [
                { academyId: { in: grants.filter((g) => g.role === "DANE").map((g) => g.academyId) } },
                { establishmentId: { in: grants.filter((g) => g.role === "CHEF" && g.establishmentId).map((g) => g.establishmentId!) } },
              ],
            },
          },
        },
    select: { id: true, firstName: true, lastName: true, email: true },
  });
  if (!person) throw new TrainingError(404, "Cette personne n'existe pas ou vous n'y avez pas accès.");
  const registrations = await db.trainingRegistration.findMany({
    where: { AND: [{ userId }, registrationScope(actor)] },
    orderBy: [{ session: { startsAt: "desc" } }],
    select: {
      id: true, kind: true, status: true, attended: true,
      session: { select: { startsAt: true, endsAt: true, course: { select: { id: true, title: true, kind: true, academyId: true } } } },
    },
  });
  const calendars = await schoolCalendars(registrations.map((r) => r.session.course.academyId));
  return {
    person,
    rows: registrations.map((r) => ({
      id: r.id,
      courseId: r.session.course.id,
      title: r.session.course.title,
      kind: TRAINING_KIND_LABELS[r.session.course.kind],
      when: formatParisDateTime(r.session.startsAt),
      slot: SLOT_LABELS[calendars.slot(r.session.course.academyId, r.session.startsAt, r.session.endsAt)],
      status: REGISTRATION_STATUS_LABELS[r.status],
      attended: r.attended,
    })),
  };
}

/**
 * Dashboard panel of the DANE: fill rate of every session of the current school year, and newcomers
 * registered to the entry training. "Newcomers declared in the lettres de mission" needs the letters
 * (issue 6): until then `declared` is null and the page says so.
 */
export async function trainingDashboard(actor: Actor) {
  const managed = managedTrainingAcademies(actor);
  if (managed !== "all" && managed.length === 0) return null;
  const sessions = await db.trainingSession.findMany({
    where: { course: managed === "all" ? {} : { academyId: { in: managed } }, cancelledAt: null },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, capacity: true, course: { select: { title: true, kind: true } } },
  });
  const counts = await db.trainingRegistration.groupBy({
    by: ["sessionId", "status"],
    where: { sessionId: { in: sessions.map((s) => s.id) }, status: { in: ["REGISTERED", "WAITLISTED"] } },
    _count: { _all: true },
  });
  const count = (id: string, status: string) => counts.find((c) => c.sessionId === id && c.status === status)?._count._all ?? 0;
  const newcomers = await db.trainingRegistration.findMany({
    where: { status: "REGISTERED", kind: "DESIGNATED", session: { course: { kind: "ENTRY_TRAINING", ...(managed === "all" ? {} : { academyId: { in: managed } }) } } },
    distinct: ["userId"],
    select: { userId: true },
  });
  return {
    sessions: sessions.map((s) => {
      const registered = count(s.id, "REGISTERED");
      return { id: s.id, title: s.course.title, when: formatParisDateTime(s.startsAt), capacity: s.capacity, registered, waitlisted: count(s.id, "WAITLISTED"), fillRate: Math.round((registered / s.capacity) * 100) };
    }),
    newcomers: { registered: newcomers.length, declared: null as number | null },
  };
}

/** For the DANE's catalogue page: the académies it may export, the school years, and whether it sees the holidays page. */
export async function trainingTools(actor: Actor) {
  const managed = managedTrainingAcademies(actor);
  const grants = activeGrants(actor, currentSchoolYearId());
  const [academies, years] = await Promise.all([
    managed === "all" ? db.academy.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }) : db.academy.findMany({ where: { id: { in: managed } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.schoolYear.findMany({ select: { id: true }, orderBy: { id: "desc" } }),
  ]);
  return {
    exportAcademies: academies,
    schoolYears: years.map((y) => y.id),
    currentSchoolYear: currentSchoolYearId(),
    holidays: grants.some((g) => g.role === "DANE" || g.role === "RECTORAT" || g.role === "ADMIN"),
  };
}
