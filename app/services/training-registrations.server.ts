// Registrations (issue 7): volunteer sign-up, designation by the chef, convocation of a zone by the
// DANE, cancellation with automatic promotion, attendance, reminders. Each change runs in one
// transaction that first locks the session row (SELECT … FOR UPDATE) and the person (advisory lock,
// for the "two sessions at once" rule across sessions), then applies the pure domain decision and
// queues the mails in the same transaction (outbox).
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import {
  cancelRegistration as decideCancellation,
  cancelSession as decideSessionCancellation,
  changeCapacity as decideCapacity,
  decideRegistration,
  waitlistPositions,
} from "../domain/trainings/registration.ts";
import type { Registration, RegistrationWithSession } from "../domain/trainings/types.ts";
import { addDays, parisDate, parisWallClockToUtc } from "../domain/trainings/paris-time.ts";
import { audit } from "./audit.server.ts";
import { enqueueMail } from "./outbox.server.ts";
import { schoolCalendars } from "./school-calendar.server.ts";
import { cancellationMail, convocationMail, reminderMail, waitlistMail, type MailContext } from "./training-mails.server.ts";
import { canManage, courseScope, registrationScope, REGISTRATION_NOT_FOUND, SESSION_NOT_FOUND, TrainingError } from "./trainings.server.ts";

type Tx = Prisma.TransactionClient;
type Person = { userId: string; establishmentId: string | null };

const mailSelect = {
  id: true,
  kind: true,
  icsSequence: true,
  user: { select: { firstName: true, lastName: true, email: true } },
  establishment: { select: { name: true, uai: true, commune: true } },
  session: {
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      venueMode: true,
      address: true,
      remoteUrl: true,
      registrationDeadline: true,
      course: { select: { id: true, title: true, kind: true, academyId: true, academy: { select: { name: true } } } },
    },
  },
} as const;

async function mailContext(tx: Tx, registrationId: string): Promise<MailContext> {
  const r = await tx.trainingRegistration.findUniqueOrThrow({ where: { id: registrationId }, select: mailSelect });
  const academyId = r.session.course.academyId;
  const classHours = (await schoolCalendars([academyId], tx)).calendarFor(academyId, [r.session.startsAt, r.session.endsAt]);
  return { registration: { id: r.id, kind: r.kind, icsSequence: r.icsSequence }, session: r.session, user: r.user, establishment: r.establishment, classHours };
}

async function lockSession(tx: Tx, sessionId: string) {
  await tx.$queryRaw`SELECT "id" FROM "TrainingSession" WHERE "id" = ${sessionId} FOR UPDATE`;
  const s = await tx.trainingSession.findUniqueOrThrow({ where: { id: sessionId }, include: { course: true } });
  return {
    row: s,
    domain: {
      id: s.id,
      title: s.course.title,
      trainingKind: s.course.kind,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      capacity: s.capacity,
      registrationDeadline: s.registrationDeadline,
      cancelled: Boolean(s.cancelledAt),
    },
  };
}

const toDomain = (r: { id: string; sessionId: string; userId: string; kind: Registration["kind"]; status: Registration["status"]; createdAt: Date }): Registration => ({
  id: r.id,
  sessionId: r.sessionId,
  personId: r.userId,
  kind: r.kind,
  status: r.status,
  createdAt: r.createdAt,
});

async function sessionRegistrations(tx: Tx, sessionId: string) {
  const rows = await tx.trainingRegistration.findMany({ where: { sessionId } });
  return rows.map(toDomain);
}

export type PlaceOutcome = { userId: string; outcome: "registered" | "waitlisted" | "refused"; message: string; registrationId?: string };

/** Places people in a locked session one by one (in the given order), mailing each outcome. */
export async function placePeople(tx: Tx, sessionId: string, people: Person[], actorId: string, now: Date): Promise<PlaceOutcome[]> {
  const { domain: session } = await lockSession(tx, sessionId);
  // Advisory locks per person, in a fixed order: two sessions at once is checked across sessions.
  for (const userId of [...new Set(people.map((p) => p.userId))].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"training-person:" + userId}))`;
  }
  const here: RegistrationWithSession[] = (await sessionRegistrations(tx, sessionId)).map((r) => ({ ...r, session }));
  const outcomes: PlaceOutcome[] = [];
  for (const person of people) {
    const elsewhere = await tx.trainingRegistration.findMany({
      where: { userId: person.userId, sessionId: { not: sessionId }, status: { in: ["REGISTERED", "WAITLISTED"] } },
      include: { session: { select: { id: true, startsAt: true, endsAt: true, course: { select: { title: true } } } } },
    });
    const existing = [
      ...here,
      ...elsewhere.map((r) => ({ ...toDomain(r), session: { id: r.session.id, title: r.session.course.title, startsAt: r.session.startsAt, endsAt: r.session.endsAt } })),
    ];
    const decision = decideRegistration(session, existing, { id: person.userId }, now);
    if (decision.outcome === "refused") {
      outcomes.push({ userId: person.userId, outcome: "refused", message: decision.reason });
      continue;
    }
    const status = decision.outcome === "registered" ? "REGISTERED" : "WAITLISTED";
    const created = await tx.trainingRegistration.create({
      data: { sessionId, userId: person.userId, establishmentId: person.establishmentId, kind: decision.kind, status, createdById: actorId, createdAt: now },
    });
    here.push({ ...toDomain(created), session });
    const ctx = await mailContext(tx, created.id);
    await enqueueMail(tx, decision.outcome === "registered" ? await convocationMail(ctx, now) : waitlistMail(ctx, decision.position));
    await audit(tx, { actorId, action: `training.registration.${decision.outcome}`, entityType: "TrainingRegistration", entityId: created.id, summary: { sessionId, userId: person.userId, kind: decision.kind } });
    outcomes.push({ userId: person.userId, outcome: decision.outcome, message: decision.message, registrationId: created.id });
  }
  return outcomes;
}

async function visibleSession(actor: Actor, sessionId: string) {
  const session = await db.trainingSession.findFirst({ where: { AND: [{ id: sessionId }, { course: courseScope(actor) }] }, include: { course: true } });
  if (!session) throw new TrainingError(404, SESSION_NOT_FOUND);
  return session;
}

function refusalToError(outcome: PlaceOutcome): PlaceOutcome {
  if (outcome.outcome === "refused") throw new TrainingError(409, outcome.message);
  return outcome;
}

/** A RUPN signs up for a virtual class (open to volunteers). */
export async function registerVolunteer(actor: Actor, sessionId: string, now = new Date()): Promise<PlaceOutcome> {
  const session = await visibleSession(actor, sessionId);
  const rupn = activeGrants(actor, currentSchoolYearId()).filter((g) => g.role === "RUPN" && g.academyId === session.course.academyId);
  if (rupn.length === 0) throw new TrainingError(403, "Seul·e un·e référent·e RUPN de l'académie peut s'inscrire à une formation.");
  if (session.course.kind !== "VIRTUAL_CLASS") {
    throw new TrainingError(422, "Cette formation est à public désigné : l'inscription est faite par le chef d'établissement ou la DANE.");
  }
  const [outcome] = await db.$transaction((tx) => placePeople(tx, sessionId, [{ userId: actor.userId, establishmentId: rupn[0].establishmentId }], actor.userId, now));
  return refusalToError(outcome);
}

/** RUPN of the chef's establishments this year (the people the chef may designate). */
export async function designatableReferents(actor: Actor) {
  const year = currentSchoolYearId();
  const mine = activeGrants(actor, year).filter((g) => (g.role === "CHEF" || g.role === "ADMIN") && g.establishmentId).map((g) => g.establishmentId!);
  if (mine.length === 0) return [];
  const rows = await db.roleAssignment.findMany({
    where: { role: "RUPN", establishmentId: { in: mine }, OR: [{ schoolYearId: year }, { schoolYearId: null }] },
    select: { user: { select: { id: true, firstName: true, lastName: true } }, establishment: { select: { id: true, name: true } } },
    orderBy: [{ user: { lastName: "asc" } }],
  });
  return rows.map((r) => ({ userId: r.user.id, establishmentId: r.establishment!.id, label: `${r.user.firstName} ${r.user.lastName} — ${r.establishment!.name}` }));
}

/** The chef designates a referent of their establishment for the entry training (public désigné). */
export async function designate(actor: Actor, sessionId: string, person: Person, now = new Date()): Promise<PlaceOutcome> {
  const session = await visibleSession(actor, sessionId);
  if (session.course.kind !== "ENTRY_TRAINING") throw new TrainingError(422, "Seule la formation « Entrer dans la fonction de RUPN » se fait sur désignation.");
  const allowed = (await designatableReferents(actor)).some((p) => p.userId === person.userId && p.establishmentId === person.establishmentId);
  if (!allowed) throw new TrainingError(404, "Cette personne n'est pas référente d'un de vos établissements.");
  const [outcome] = await db.$transaction((tx) => placePeople(tx, sessionId, [person], actor.userId, now));
  return refusalToError(outcome);
}

/** The DANE convokes, in one action, this year's RUPN of the regroupement's zone and establishment type. */
export async function convokeZone(actor: Actor, sessionId: string, now = new Date()) {
  const session = await visibleSession(actor, sessionId);
  if (!canManage(actor, session.course.academyId)) throw new TrainingError(403, "Seule la DANE de l'académie convoque à un regroupement.");
  if (session.course.kind !== "REGROUPEMENT" || !session.zoneCode || !session.establishmentType) {
    throw new TrainingError(422, "Seul un regroupement (zone et type d'établissement) se convoque en une fois.");
  }
  const year = currentSchoolYearId();
  const grants = await db.roleAssignment.findMany({
    where: {
      role: "RUPN",
      academyId: session.course.academyId,
      OR: [{ schoolYearId: year }, { schoolYearId: null }],
      establishment: { OR: [{ basinCode: session.zoneCode }, { departmentCode: session.zoneCode }], type: session.establishmentType, closedAt: null },
    },
    select: { userId: true, establishmentId: true, user: { select: { lastName: true, firstName: true } } },
    orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }, { userId: "asc" }],
  });
  const seen = new Set<string>();
  const people = grants.filter((g) => !seen.has(g.userId) && seen.add(g.userId)).map((g) => ({ userId: g.userId, establishmentId: g.establishmentId }));
  const outcomes = await db.$transaction((tx) => placePeople(tx, sessionId, people, actor.userId, now), { timeout: 60_000 });
  return {
    registered: outcomes.filter((o) => o.outcome === "registered").length,
    waitlisted: outcomes.filter((o) => o.outcome === "waitlisted").length,
    skipped: outcomes.filter((o) => o.outcome === "refused"),
  };
}

/** Cancels a registration (the person, their chef or the DANE); the first waiting person is promoted and mailed. */
export async function cancelRegistration(actor: Actor, registrationId: string, now = new Date()) {
  const target = await db.trainingRegistration.findFirst({
    where: { AND: [{ id: registrationId }, registrationScope(actor)] },
    select: { id: true, sessionId: true, userId: true, session: { select: { course: { select: { academyId: true } } } } },
  });
  if (!target) throw new TrainingError(404, REGISTRATION_NOT_FOUND);
  return db.$transaction(async (tx) => {
    const { domain: session } = await lockSession(tx, target.sessionId);
    const before = await sessionRegistrations(tx, target.sessionId);
    const decision = decideCancellation(session, before, registrationId, now);
    if (decision.outcome === "refused") throw new TrainingError(409, decision.reason);
    const wasRegistered = before.find((r) => r.id === registrationId)?.status === "REGISTERED";
    await tx.trainingRegistration.update({ where: { id: registrationId }, data: { status: "CANCELLED", cancelledAt: now } });
    const ctx = await mailContext(tx, registrationId);
    const byOther = target.userId !== actor.userId;
    await enqueueMail(
      tx,
      cancellationMail(ctx, wasRegistered, now, byOther ? "Votre inscription à cette session a été annulée par votre chef d'établissement ou la DANE." : "Votre inscription à cette session est annulée, comme vous l'avez demandé."),
    );
    if (wasRegistered) await tx.trainingRegistration.update({ where: { id: registrationId }, data: { icsSequence: { increment: 1 } } });
    for (const promoted of decision.promoted) {
      await tx.trainingRegistration.update({ where: { id: promoted.id }, data: { status: "REGISTERED", promotedAt: now } });
      await enqueueMail(tx, await convocationMail(await mailContext(tx, promoted.id), now, true));
      await audit(tx, { actorId: actor.userId, action: "training.registration.promoted", entityType: "TrainingRegistration", entityId: promoted.id, summary: { sessionId: target.sessionId } });
    }
    await audit(tx, { actorId: actor.userId, action: "training.registration.cancelled", entityType: "TrainingRegistration", entityId: registrationId, summary: { sessionId: target.sessionId } });
    return { promoted: decision.promoted.map((r) => r.personId) };
  });
}

/** The DANE changes the number of places; raising it promotes (and convokes) as many waiting people as now fit. */
export async function changeSessionCapacity(actor: Actor, sessionId: string, capacity: number, now = new Date()) {
  const visible = await visibleSession(actor, sessionId);
  if (!canManage(actor, visible.course.academyId)) throw new TrainingError(403, "Seule la DANE de l'académie modifie une session.");
  return db.$transaction(async (tx) => {
    const { domain: session } = await lockSession(tx, sessionId);
    const decision = decideCapacity(session, await sessionRegistrations(tx, sessionId), capacity, now);
    if (decision.outcome === "refused") throw new TrainingError(422, decision.reason);
    await tx.trainingSession.update({ where: { id: sessionId }, data: { capacity } });
    for (const promoted of decision.promoted) {
      await tx.trainingRegistration.update({ where: { id: promoted.id }, data: { status: "REGISTERED", promotedAt: now } });
      await enqueueMail(tx, await convocationMail(await mailContext(tx, promoted.id), now, true));
    }
    await audit(tx, { actorId: actor.userId, action: "training.session.capacity", entityType: "TrainingSession", entityId: sessionId, summary: { capacity, promoted: decision.promoted.length } });
    return { promoted: decision.promoted.length };
  });
}

/** The DANE cancels a whole session: every active registration is cancelled and mailed (.ics CANCEL if confirmed). */
export async function cancelWholeSession(actor: Actor, sessionId: string, now = new Date()) {
  const visible = await visibleSession(actor, sessionId);
  if (!canManage(actor, visible.course.academyId)) throw new TrainingError(403, "Seule la DANE de l'académie annule une session.");
  if (visible.cancelledAt) throw new TrainingError(409, "Cette session est déjà annulée.");
  return db.$transaction(async (tx) => {
    const { domain: session } = await lockSession(tx, sessionId);
    const { notified } = decideSessionCancellation(session, await sessionRegistrations(tx, sessionId));
    await tx.trainingSession.update({ where: { id: sessionId }, data: { cancelledAt: now } });
    for (const r of notified) {
      await tx.trainingRegistration.update({ where: { id: r.id }, data: { status: "CANCELLED", cancelledAt: now } });
      const ctx = await mailContext(tx, r.id);
      await enqueueMail(tx, cancellationMail(ctx, r.status === "REGISTERED", now, "La DANE a annulé cette session. Votre inscription est donc annulée ; nous vous prions de nous excuser pour ce changement."));
      if (r.status === "REGISTERED") await tx.trainingRegistration.update({ where: { id: r.id }, data: { icsSequence: { increment: 1 } } });
    }
    await audit(tx, { actorId: actor.userId, action: "training.session.cancel", entityType: "TrainingSession", entityId: sessionId, summary: { notified: notified.length } });
    return { notified: notified.length };
  });
}

/** The DANE marks who attended (ids in `present`); everyone else confirmed is marked absent. */
export async function markAttendance(actor: Actor, sessionId: string, present: string[], now = new Date()) {
  const session = await visibleSession(actor, sessionId);
  if (!canManage(actor, session.course.academyId)) throw new TrainingError(403, "Seule la DANE de l'académie marque les présences.");
  if (session.startsAt.getTime() > now.getTime()) throw new TrainingError(409, "La session n'a pas encore commencé : les présences se marquent à partir de son début.");
  return db.$transaction(async (tx) => {
    const confirmed = await tx.trainingRegistration.findMany({ where: { sessionId, status: "REGISTERED" }, select: { id: true } });
    const set = new Set(present);
    for (const r of confirmed) {
      await tx.trainingRegistration.update({ where: { id: r.id }, data: { attended: set.has(r.id), attendanceMarkedAt: now } });
    }
    await audit(tx, { actorId: actor.userId, action: "training.attendance", entityType: "TrainingSession", entityId: sessionId, summary: { present: present.length, total: confirmed.length } });
    return { present: confirmed.filter((r) => set.has(r.id)).length, absent: confirmed.filter((r) => !set.has(r.id)).length };
  });
}

/**
 * Reminder the day before (Paris calendar): for sessions starting tomorrow, one mail per confirmed
 * registration not yet reminded. Idempotent (reminderSentAt); for the worker or a daily job.
 */
export async function sendTrainingReminders(now = new Date()) {
  const tomorrow = addDays(parisDate(now), 1);
  const from = parisWallClockToUtc(tomorrow, "00:00");
  const to = parisWallClockToUtc(addDays(tomorrow, 1), "00:00");
  const due = await db.trainingRegistration.findMany({
    where: { status: "REGISTERED", reminderSentAt: null, session: { cancelledAt: null, startsAt: { gte: from, lt: to } } },
    select: { id: true },
  });
  let sent = 0;
  for (const { id } of due) {
    await db.$transaction(async (tx) => {
      // Claim first: a concurrent run skips a registration already reminded.
      const claimed = await tx.trainingRegistration.updateMany({ where: { id, reminderSentAt: null, status: "REGISTERED" }, data: { reminderSentAt: now } });
      if (claimed.count === 0) return;
      await enqueueMail(tx, reminderMail(await mailContext(tx, id)));
      sent++;
    });
  }
  return { sent };
}

/** Positions of the waiting registrations of a session (for display). */
export async function waitingPositions(sessionId: string) {
  return waitlistPositions(await sessionRegistrations(db, sessionId));
}

/** The actor's own registrations (upcoming first), for "Mes formations". */
export async function myRegistrations(actor: Actor) {
  const rows = await db.trainingRegistration.findMany({
    where: { userId: actor.userId },
    orderBy: [{ session: { startsAt: "desc" } }],
    select: {
      id: true,
      kind: true,
      status: true,
      attended: true,
      sessionId: true,
      session: { select: { startsAt: true, endsAt: true, course: { select: { id: true, title: true, kind: true } } } },
    },
  });
  const positions = new Map<string, number>();
  for (const sessionId of new Set(rows.filter((r) => r.status === "WAITLISTED").map((r) => r.sessionId))) {
    for (const [id, p] of await waitingPositions(sessionId)) positions.set(id, p);
  }
  return rows.map((r) => ({ ...r, position: positions.get(r.id) ?? null }));
}
