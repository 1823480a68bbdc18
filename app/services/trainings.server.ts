// Training catalogue (issue 7): the DANE's courses and sessions. Every query is scoped: a course is
// visible in the académies where the actor holds an active role; only the académie's DANE manages it.
import type { Prisma } from "../generated/prisma/client.ts";
import type { EstablishmentType } from "../generated/prisma/enums.ts";
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { missingSlots } from "../domain/trainings/slots.ts";
import { assertValidInterval, type TrainingKind, type SessionVenue } from "../domain/trainings/types.ts";
import { audit } from "./audit.server.ts";
import { schoolCalendars } from "./school-calendar.server.ts";

/** A refusal of a training service: HTTP status and French message for the route. */
export class TrainingError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export const COURSE_NOT_FOUND = "Cette formation n'existe pas ou vous n'y avez pas accès.";
export const SESSION_NOT_FOUND = "Cette session n'existe pas ou vous n'y avez pas accès.";
export const REGISTRATION_NOT_FOUND = "Cette inscription n'existe pas ou vous n'y avez pas accès.";

/** Académies whose catalogue the actor sees ("all" for an administrator). */
export function visibleAcademies(actor: Actor): "all" | string[] {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return "all";
  return [...new Set(grants.map((g) => g.academyId))];
}

/** Académies whose catalogue the actor manages: DANE of the académie, or administrator. */
export function managedTrainingAcademies(actor: Actor): "all" | string[] {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return "all";
  return [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))];
}

export function courseScope(actor: Actor): Prisma.TrainingCourseWhereInput {
  const academies = visibleAcademies(actor);
  return academies === "all" ? {} : { academyId: { in: academies } };
}

export function canManage(actor: Actor, academyId: string): boolean {
  const managed = managedTrainingAcademies(actor);
  return managed === "all" || managed.includes(academyId);
}

export function venueOf(s: { venueMode: "IN_PERSON" | "REMOTE"; address: string | null; remoteUrl: string | null }): SessionVenue {
  return s.venueMode === "IN_PERSON" ? { mode: "IN_PERSON", address: s.address ?? "" } : { mode: "REMOTE", url: s.remoteUrl ?? "" };
}

async function sessionCounts(sessionIds: string[]) {
  const rows = await db.trainingRegistration.groupBy({
    by: ["sessionId", "status"],
    where: { sessionId: { in: sessionIds }, status: { in: ["REGISTERED", "WAITLISTED"] } },
    _count: { _all: true },
  });
  const count = (id: string, status: "REGISTERED" | "WAITLISTED") =>
    rows.find((r) => r.sessionId === id && r.status === status)?._count._all ?? 0;
  return (id: string) => ({ registered: count(id, "REGISTERED"), waitlisted: count(id, "WAITLISTED") });
}

const sessionSelect = {
  id: true,
  courseId: true,
  startsAt: true,
  endsAt: true,
  venueMode: true,
  address: true,
  remoteUrl: true,
  capacity: true,
  registrationDeadline: true,
  zoneCode: true,
  establishmentType: true,
  cancelledAt: true,
} as const;

export async function listCourses(actor: Actor) {
  const courses = await db.trainingCourse.findMany({
    where: courseScope(actor),
    orderBy: [{ kind: "asc" }, { title: "asc" }],
    include: { academy: { select: { name: true } }, sessions: { select: sessionSelect, orderBy: { startsAt: "asc" } } },
  });
  const counts = await sessionCounts(courses.flatMap((c) => c.sessions.map((s) => s.id)));
  const calendars = await schoolCalendars(courses.map((c) => c.academyId));
  return courses.map((c) => ({
    ...c,
    manageable: canManage(actor, c.academyId),
    sessions: c.sessions.map((s) => ({ ...s, slot: calendars.slot(c.academyId, s.startsAt, s.endsAt), ...counts(s.id) })),
  }));
}

export type CourseInput = { academyId?: string; title: string; kind: TrainingKind; audience: string; description: string };

export async function createCourse(actor: Actor, input: CourseInput, ip: string | null = null) {
  const managed = managedTrainingAcademies(actor);
  const academyId = input.academyId ?? (managed === "all" ? undefined : managed[0]);
  if (!academyId || !canManage(actor, academyId)) throw new TrainingError(403, "Seule la DANE de l'académie crée des formations.");
  return db.$transaction(async (tx) => {
    const course = await tx.trainingCourse.create({
      data: { academyId, title: input.title, kind: input.kind, audience: input.audience, description: input.description, createdById: actor.userId },
    });
    await audit(tx, { actorId: actor.userId, action: "training.course.create", entityType: "TrainingCourse", entityId: course.id, summary: { title: input.title }, ip });
    return course;
  });
}

export async function getCourse(actor: Actor, id: string) {
  const course = await db.trainingCourse.findFirst({
    where: { AND: [{ id }, courseScope(actor)] },
    include: { academy: { select: { name: true } }, sessions: { select: sessionSelect, orderBy: { startsAt: "asc" } } },
  });
  if (!course) throw new TrainingError(404, COURSE_NOT_FOUND);
  const counts = await sessionCounts(course.sessions.map((s) => s.id));
  const mine = await db.trainingRegistration.findMany({
    where: { userId: actor.userId, sessionId: { in: course.sessions.map((s) => s.id) }, status: { not: "CANCELLED" } },
    select: { id: true, sessionId: true, status: true },
  });
  const calendars = await schoolCalendars([course.academyId]);
  const instants = course.sessions.flatMap((s) => [s.startsAt, s.endsAt]);
  return {
    ...course,
    manageable: canManage(actor, course.academyId),
    missingSlots: instants.length
      ? missingSlots(course.kind, course.sessions.map((s) => ({ ...s, cancelled: Boolean(s.cancelledAt) })), calendars.calendarFor(course.academyId, instants))
      : missingSlots(course.kind, []),
    sessions: course.sessions.map((s) => ({
      ...s,
      slot: calendars.slot(course.academyId, s.startsAt, s.endsAt),
      ...counts(s.id),
      mine: mine.find((r) => r.sessionId === s.id) ?? null,
    })),
  };
}

export type SessionInput = {
  startsAt: Date;
  endsAt: Date;
  venue: SessionVenue;
  capacity: number;
  registrationDeadline: Date | null;
  zoneCode?: string | null;
  establishmentType?: EstablishmentType | null;
};

export async function createSession(actor: Actor, courseId: string, input: SessionInput, ip: string | null = null) {
  const course = await db.trainingCourse.findFirst({ where: { AND: [{ id: courseId }, courseScope(actor)] } });
  if (!course) throw new TrainingError(404, COURSE_NOT_FOUND);
  if (!canManage(actor, course.academyId)) throw new TrainingError(403, "Seule la DANE de l'académie crée des sessions.");
  try {
    assertValidInterval(input.startsAt, input.endsAt);
  } catch (error) {
    throw new TrainingError(422, (error as Error).message);
  }
  if (!Number.isInteger(input.capacity) || input.capacity < 1) throw new TrainingError(422, "Capacité : un nombre entier de places, au moins 1.");
  if (input.registrationDeadline && input.registrationDeadline.getTime() > input.startsAt.getTime()) {
    throw new TrainingError(422, "Date limite d'inscription : elle doit précéder le début de la session.");
  }
  if (input.venue.mode === "IN_PERSON" && !input.venue.address.trim()) throw new TrainingError(422, "Lieu : indiquez l'adresse de la session.");
  if (input.venue.mode === "REMOTE" && !/^https?:\/\/\S+$/.test(input.venue.url)) {
    throw new TrainingError(422, "Lien de classe virtuelle : une adresse http(s) est attendue.");
  }
  if (course.kind === "REGROUPEMENT" && (!input.zoneCode || !input.establishmentType)) {
    throw new TrainingError(422, "Regroupement : choisissez la zone (bassin) et le type d'établissement convoqués.");
  }
  const holidayWarnings = (await schoolCalendars([course.academyId])).closedDayWarnings(course.academyId, input.startsAt, input.endsAt);
  const session = await db.$transaction(async (tx) => {
    const session = await tx.trainingSession.create({
      data: {
        courseId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        venueMode: input.venue.mode,
        address: input.venue.mode === "IN_PERSON" ? input.venue.address.trim() : null,
        remoteUrl: input.venue.mode === "REMOTE" ? input.venue.url : null,
        capacity: input.capacity,
        registrationDeadline: input.registrationDeadline,
        zoneCode: course.kind === "REGROUPEMENT" ? (input.zoneCode ?? null) : null,
        establishmentType: course.kind === "REGROUPEMENT" ? (input.establishmentType ?? null) : null,
      },
    });
    await audit(tx, { actorId: actor.userId, action: "training.session.create", entityType: "TrainingSession", entityId: session.id, summary: { holidayWarnings: holidayWarnings.length }, ip });
    return session;
  });
  // Not a refusal: a DANE may deliberately hold a session during the holidays (ADR 012), but is told so.
  return { ...session, holidayWarnings };
}

/** Zones of the académie for regroupements: its bassins de formation, then its departments. */
export async function zonesOf(academyId: string) {
  const where = { academyId, closedAt: null };
  const [basins, departments] = await Promise.all([
    db.establishment.findMany({ where: { ...where, basinCode: { not: null } }, distinct: ["basinCode"], select: { basinCode: true, basinName: true }, orderBy: { basinName: "asc" } }),
    db.establishment.findMany({ where: { ...where, departmentCode: { not: null } }, distinct: ["departmentCode"], select: { departmentCode: true, departmentName: true }, orderBy: { departmentCode: "asc" } }),
  ]);
  return [
    ...basins.map((b) => ({ code: b.basinCode!, name: `Bassin ${b.basinName ?? b.basinCode}` })),
    ...departments.map((d) => ({ code: d.departmentCode!, name: `Département ${d.departmentName ?? ""} (${d.departmentCode})`.replace("  ", " ") })),
  ];
}

/** Who may see which registrations: the DANE (académie), the chef (their establishments), the person. */
export function registrationScope(actor: Actor): Prisma.TrainingRegistrationWhereInput {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return {};
  const academies = [...new Set(grants.filter((g) => g.role === "DANE" || g.role === "RECTORAT").map((g) => g.academyId))];
  const establishments = [...new Set(grants.filter((g) => g.role === "CHEF" && g.establishmentId).map((g) => g.establishmentId!))];
  return {
    OR: [
      { userId: actor.userId },
      ...(academies.length ? [{ session: { course: { academyId: { in: academies } } } }] : []),
      ...(establishments.length ? [{ establishmentId: { in: establishments } }] : []),
    ],
  };
}

export async function getSession(actor: Actor, id: string) {
  const session = await db.trainingSession.findFirst({
    where: { AND: [{ id }, { course: courseScope(actor) }] },
    select: { ...sessionSelect, course: { select: { id: true, title: true, kind: true, academyId: true, academy: { select: { name: true } } } } },
  });
  if (!session) throw new TrainingError(404, SESSION_NOT_FOUND);
  const registrations = await db.trainingRegistration.findMany({
    where: { AND: [{ sessionId: id }, registrationScope(actor)] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      status: true,
      createdAt: true,
      attended: true,
      userId: true,
      user: { select: { firstName: true, lastName: true, email: true } },
      establishment: { select: { uai: true, name: true } },
    },
  });
  const counts = (await sessionCounts([id]))(id);
  const calendars = await schoolCalendars([session.course.academyId]);
  return { ...session, slot: calendars.slot(session.course.academyId, session.startsAt, session.endsAt), ...counts, manageable: canManage(actor, session.course.academyId), registrations };
}

/** For loaders: a service refusal becomes the thrown French HTTP error the error boundary shows. */
export function rethrowTrainingAsHttp(error: unknown): never {
  if (error instanceof TrainingError) {
    throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}

/** For actions: a service refusal becomes { error } with its status, shown in the form. */
export function actionError(error: unknown): { status: number; message: string } {
  if (error instanceof TrainingError) return { status: error.status, message: error.message };
  throw error;
}
