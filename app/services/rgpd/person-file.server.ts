// A person's file (RGPD right of access, ADR 020): everything the platform holds about one person, within the
// acting DANE's académie (everything for the administrator). The same object feeds the page and the exports.
import { db } from "../../db/db.server.ts";
import { notFound } from "../../auth/guards.server.ts";
import type { Actor } from "../../domain/permissions.ts";
import { letterPayroll } from "../../domain/imp/payroll.ts";
import { academyFilter, personWhere, rgpdScope } from "./scope.server.ts";

/** Actions of the audit log that are reads of personal data or RGPD acts (shown in the access log). */
export const ACCESS_ACTIONS = ["view-personal-data", "rgpd.export", "rgpd.rectify", "rgpd.erase"] as const;
export const SIGN_IN_ACTIONS = ["sign-in", "sign-in-refused", "identity-linked"] as const;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

export async function findPeople(actor: Actor, query: string) {
  const scope = rgpdScope(actor);
  const q = query.trim();
  if (q.length < 2) return [];
  const words = q.split(/\s+/).slice(0, 4);
  return db.user.findMany({
    where: {
      AND: [
        personWhere(scope),
        ...words.map((word) => ({
          OR: [
            { firstName: { contains: word, mode: "insensitive" as const } },
            { lastName: { contains: word, mode: "insensitive" as const } },
            { email: { contains: word, mode: "insensitive" as const } },
          ],
        })),
      ],
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: 50,
    select: { id: true, firstName: true, lastName: true, email: true, erasedAt: true, roles: { select: { role: true, academy: { select: { name: true } } } } },
  });
}

/** The person, in scope, or a 404. */
export async function personInScope(actor: Actor, personId: string) {
  const scope = rgpdScope(actor);
  const person = await db.user.findFirst({
    where: { AND: [{ id: personId }, personWhere(scope)] },
    select: { id: true, firstName: true, lastName: true, email: true, createdAt: true, erasedAt: true, version: true },
  });
  if (!person) notFound("Cette personne n'existe pas ou vous n'y avez pas accès.");
  return { scope, person };
}

export async function personFile(actor: Actor, personId: string) {
  const { scope, person } = await personInScope(actor, personId);
  const academyId = academyFilter(scope);
  const email = { equals: person.email, mode: "insensitive" as const };

  const [roles, attributions, actedLetters, responses, registrations, mails, sessions, loginTokens, identities, signIns] = await Promise.all([
    db.roleAssignment.findMany({
      where: { userId: person.id, academyId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, role: true, schoolYearId: true, createdAt: true, academy: { select: { name: true } }, establishment: { select: { uai: true, name: true } } },
    }),
    db.impAttribution.findMany({
      where: { OR: [{ email }, { replacesEmail: email }], establishment: { academyId } },
      orderBy: [{ schoolYearId: "desc" }, { position: "asc" }],
      select: {
        id: true, letterId: true, schoolYearId: true, position: true, firstName: true, lastName: true, email: true, staffStatus: true, discipline: true,
        newcomer: true, impCents: true, reliefHours: true, startsOn: true, endsOn: true, replacesEmail: true,
        establishment: { select: { uai: true, name: true } },
        letter: { select: { status: true, attributions: { orderBy: { position: "asc" } } } },
      },
    }),
    db.missionLetter.findMany({
      where: { establishment: { academyId }, OR: [{ createdById: person.id }, { submittedById: person.id }, { signedById: person.id }, { validatedById: person.id }] },
      orderBy: [{ schoolYearId: "desc" }, { id: "asc" }],
      select: {
        id: true, schoolYearId: true, status: true, createdById: true, submittedById: true, signedById: true, validatedById: true, signerName: true,
        establishment: { select: { uai: true, name: true } },
      },
    }),
    db.surveyResponse.findMany({
      where: { respondentId: person.id, establishment: { academyId } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: {
        id: true, status: true, data: true, draftData: true, submittedAt: true, createdAt: true, updatedAt: true, freeTextClearedAt: true,
        campaign: { select: { title: true, schoolYearId: true } }, establishment: { select: { uai: true, name: true } },
      },
    }),
    db.trainingRegistration.findMany({
      where: { userId: person.id, session: { course: { academyId } } },
      orderBy: [{ session: { startsAt: "desc" } }, { id: "asc" }],
      select: {
        id: true, kind: true, status: true, attended: true, createdAt: true, cancelledAt: true,
        session: { select: { startsAt: true, endsAt: true, course: { select: { title: true, kind: true } } } },
        establishment: { select: { uai: true, name: true } },
      },
    }),
    db.outboxMessage.findMany({
      where: { recipient: email },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 500,
      select: { id: true, kind: true, recipient: true, subject: true, textBody: true, status: true, createdAt: true, sentAt: true, attachments: true },
    }),
    db.session.findMany({ where: { userId: person.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true, expiresAt: true, method: true } }),
    db.loginToken.findMany({ where: { email }, orderBy: { createdAt: "desc" }, take: 200, select: { createdAt: true, expiresAt: true, usedAt: true, ip: true } }),
    db.linkedIdentity.findMany({
      where: { userId: person.id },
      select: { idp: true, idpId: true, uid: true, siret: true, linkEmail: true, lastEmail: true, createdAt: true, lastUsedAt: true },
    }),
    db.auditEvent.findMany({
      where: { entityType: "User", entityId: person.id, action: { in: [...SIGN_IN_ACTIONS] } },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { action: true, createdAt: true, ip: true, summary: true },
    }),
  ]);

  // Payments: the schedule of each validated letter's IMP, the lines paid to this person.
  const lower = person.email.toLowerCase();
  const payments = attributions
    .filter((a) => a.letter.status === "VALIDATED")
    .filter((a, i, all) => all.findIndex((b) => b.letterId === a.letterId) === i)
    .flatMap((a) => {
      const { lines } = letterPayroll(
        a.letter.attributions.map((x) => ({
          firstName: x.firstName, lastName: x.lastName, email: x.email, staffStatus: x.staffStatus, impCents: x.impCents,
          startsOn: day(x.startsOn), endsOn: day(x.endsOn), replacesEmail: x.replacesEmail,
        })),
        a.schoolYearId,
      );
      return lines
        .filter((l) => l.email.toLowerCase() === lower)
        .map((l) => ({ letterId: a.letterId, schoolYearId: a.schoolYearId, establishment: a.establishment, role: l.role, note: l.note, annualRateCents: l.annualRate, totalCents: l.total, payments: l.payments.map((p) => ({ month: p.month, amountCents: p.amount })) }));
    });

  const access = await accessEventsAbout(person.id, {
    responseIds: responses.map((r) => r.id),
    letterIds: [...new Set([...attributions.map((a) => a.letterId), ...actedLetters.map((l) => l.id)])],
    sessionIds: (await db.trainingRegistration.findMany({ where: { userId: person.id }, select: { sessionId: true } })).map((r) => r.sessionId),
    establishmentIds: (await db.roleAssignment.findMany({ where: { userId: person.id, establishmentId: { not: null } }, select: { establishmentId: true } })).map((r) => r.establishmentId!),
  });

  return {
    generatedAt: new Date().toISOString(),
    account: { ...person, createdAt: iso(person.createdAt), erasedAt: iso(person.erasedAt) },
    roles: roles.map((r) => ({ role: r.role, academy: r.academy.name, establishment: r.establishment, schoolYearId: r.schoolYearId, since: iso(r.createdAt) })),
    letters: {
      referent: attributions.map((a) => ({
        letterId: a.letterId, schoolYearId: a.schoolYearId, status: a.letter.status, establishment: a.establishment,
        asReplacement: a.email.toLowerCase() !== lower, firstName: a.firstName, lastName: a.lastName, email: a.email, staffStatus: a.staffStatus,
        discipline: a.discipline, newcomer: a.newcomer, impCents: a.impCents, reliefHours: a.reliefHours, startsOn: day(a.startsOn), endsOn: day(a.endsOn), replacesEmail: a.replacesEmail,
      })),
      acted: actedLetters.map((l) => ({
        letterId: l.id, schoolYearId: l.schoolYearId, status: l.status, establishment: l.establishment, signerName: l.signedById === person.id ? l.signerName : null,
        acts: [l.createdById === person.id && "ouverte", l.submittedById === person.id && "soumise", l.signedById === person.id && "signée", l.validatedById === person.id && "validée"].filter(Boolean) as string[],
      })),
    },
    payments,
    bilans: responses.map((r) => ({
      id: r.id, campaign: r.campaign.title, schoolYearId: r.campaign.schoolYearId, establishment: r.establishment, status: r.status,
      createdAt: iso(r.createdAt), submittedAt: iso(r.submittedAt), updatedAt: iso(r.updatedAt), freeTextClearedAt: iso(r.freeTextClearedAt), answers: r.data, unsubmittedEdits: r.draftData,
    })),
    trainings: registrations.map((r) => ({
      id: r.id, course: r.session.course.title, courseKind: r.session.course.kind, startsAt: iso(r.session.startsAt), endsAt: iso(r.session.endsAt),
      kind: r.kind, status: r.status, attended: r.attended, registeredAt: iso(r.createdAt), cancelledAt: iso(r.cancelledAt), establishment: r.establishment,
    })),
    mails: mails.map((m) => ({
      id: m.id, kind: m.kind, recipient: m.recipient, subject: m.subject, textBody: m.textBody, status: m.status, createdAt: iso(m.createdAt), sentAt: iso(m.sentAt),
      attachments: Array.isArray(m.attachments) ? (m.attachments as { filename?: string }[]).map((a) => a?.filename ?? "pièce jointe") : [],
    })),
    signIns: {
      events: signIns.map((e) => ({ action: e.action, at: iso(e.createdAt), ip: e.ip, summary: e.summary })),
      sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), method: s.method })),
      loginLinks: loginTokens.map((t) => ({ createdAt: iso(t.createdAt), expiresAt: iso(t.expiresAt), usedAt: iso(t.usedAt), ip: t.ip })),
      linkedIdentities: identities.map((i) => ({ ...i, createdAt: iso(i.createdAt), lastUsedAt: iso(i.lastUsedAt) })),
    },
    accessLog: access,
  };
}
export type PersonFile = Awaited<ReturnType<typeof personFile>>;

/** Who read or exported this person's data, and the RGPD acts on it, most recent first. */
async function accessEventsAbout(
  personId: string,
  related: { responseIds: string[]; letterIds: string[]; sessionIds: string[]; establishmentIds: string[] },
) {
  const events = await db.auditEvent.findMany({
    where: {
      action: { in: [...ACCESS_ACTIONS] },
      OR: [
        { entityType: "User", entityId: personId },
        { entityType: "SurveyResponse", entityId: { in: related.responseIds } },
        { entityType: "MissionLetter", entityId: { in: related.letterIds } },
        { entityType: "TrainingSession", entityId: { in: related.sessionIds } },
        { entityType: "Establishment", entityId: { in: related.establishmentIds } },
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
    select: { id: true, action: true, entityType: true, entityId: true, createdAt: true, ip: true, actorId: true },
  });
  const actors = await db.user.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.actorId).filter((a): a is string => a !== null))] } },
    select: { id: true, firstName: true, lastName: true, email: true },
  });
  const byId = new Map(actors.map((a) => [a.id, a]));
  return events.map((e) => {
    const a = e.actorId ? byId.get(e.actorId) : undefined;
    return { id: e.id, at: iso(e.createdAt), action: e.action, entityType: e.entityType, entityId: e.entityId, ip: e.ip, actor: a ? { name: `${a.firstName} ${a.lastName}`, email: a.email } : null };
  });
}
